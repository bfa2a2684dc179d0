// Builds the cyber subgraph (Fastify + mercurius + @mercuriusjs/federation); listens nowhere.
import { createMercuriusSubgraphApp, type MetricsConfig, type SigningConfig } from '@crimehub/common';
import type { CyberDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { typeDefs } from './schema.ts';

export { typeDefs };

export function createServer(db: CyberDb, options: { signing: SigningConfig; logLevel?: string; metrics?: MetricsConfig }) {
  return createMercuriusSubgraphApp<Context>({
    name: 'cyber',
    typeDefs,
    resolvers,
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma) }),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    poolUse: db.poolUse,
    readCache: db.readCache,
    ...options,
  });
}
