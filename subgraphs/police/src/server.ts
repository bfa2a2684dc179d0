// Builds the police subgraph (Apollo Server + @apollo/subgraph on Fastify); listens nowhere.
import { createApolloSubgraphApp, type SigningConfig } from '@crimehub/common';
import type { PoliceDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { typeDefs } from './schema.ts';

export function createServer(db: PoliceDb, options: { signing: SigningConfig; logLevel?: string }) {
  return createApolloSubgraphApp<Context>({
    name: 'police',
    typeDefs,
    resolvers,
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma, identity) }),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    ...options,
  });
}
