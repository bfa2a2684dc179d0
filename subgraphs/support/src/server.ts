// Builds the support subgraph (Apollo Server + @apollo/subgraph on Fastify); listens nowhere.
import { createApolloSubgraphApp, readSchemaFile, scalarsDeclaredIn, type SigningConfig } from '@crimehub/common';
import type { SupportDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readSchemaFile('support');

export function createServer(db: SupportDb, options: { signing: SigningConfig; logLevel?: string }) {
  return createApolloSubgraphApp<Context>({
    name: 'support',
    typeDefs,
    resolvers: { ...scalarsDeclaredIn(typeDefs), ...resolvers },
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma) }),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    ...options,
  });
}
