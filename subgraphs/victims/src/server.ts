// Builds the victims subgraph (Fastify + mercurius + @mercuriusjs/federation); listens nowhere.
import { createMercuriusSubgraphApp, readSchemaFile, registerOpenReferralApi, scalarsDeclaredIn, type MetricsConfig, type SigningConfig } from '@crimehub/common';
import type { VictimsDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { victimsDirectory } from './oruk/directory.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readSchemaFile('victims');

export async function createServer(db: VictimsDb, options: { signing: SigningConfig; logLevel?: string; metrics?: MetricsConfig }) {
  const app = await createMercuriusSubgraphApp<Context>({
    name: 'victims',
    typeDefs,
    resolvers: { ...scalarsDeclaredIn(typeDefs), ...resolvers },
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma) }),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    poolUse: db.poolUse,
    readCache: db.readCache,
    ...options,
  });
  // The directory as a read-only Open Referral UK API (the gateway publishes it under /openreferral/victims).
  registerOpenReferralApi(app, victimsDirectory(db.prisma));
  return app;
}
