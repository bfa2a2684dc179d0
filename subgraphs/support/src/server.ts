// Builds the support subgraph (Apollo Server + @apollo/subgraph on Fastify); listens nowhere.
import { createApolloSubgraphApp, readSchemaFile, registerOpenReferralApi, scalarsDeclaredIn, type MetricsConfig, type SigningConfig } from '@crimehub/common';
import type { SupportDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { supportDirectory } from './oruk/directory.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readSchemaFile('support');

export async function createServer(db: SupportDb, options: { signing: SigningConfig; logLevel?: string; metrics?: MetricsConfig }) {
  const app = await createApolloSubgraphApp<Context>({
    name: 'support',
    typeDefs,
    resolvers: { ...scalarsDeclaredIn(typeDefs), ...resolvers },
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma) }),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    poolUse: db.poolUse,
    readCache: db.readCache,
    ...options,
  });
  // The directory as a read-only Open Referral UK API (the gateway publishes it under /openreferral/support).
  registerOpenReferralApi(app, supportDirectory(db.prisma));
  return app;
}
