// Builds the police subgraph (Apollo Server + @apollo/subgraph on Fastify); listens nowhere.
// Before each answer leaves, the reports it holds are written to the audit trail (auditTrail.ts).
import { createApolloSubgraphApp, type MetricsConfig, type SigningConfig } from '@crimehub/common';
import { RequestReads } from './auditTrail.ts';
import type { PoliceDb } from './db.ts';
import { createLoaders, type Context } from './loaders.ts';
import { ReferenceData } from './referenceData.ts';
import { registerOutboxMetrics } from './relay.ts';
import { resolvers } from './resolvers/index.ts';
import { typeDefs } from './schema.ts';

export function createServer(db: PoliceDb, { referenceDataMaxAgeMs, ...options }: { signing: SigningConfig; logLevel?: string; metrics?: MetricsConfig; referenceDataMaxAgeMs?: number }) {
  const reference = new ReferenceData(db.prisma, referenceDataMaxAgeMs);
  return createApolloSubgraphApp<Context>({
    name: 'police',
    typeDefs,
    resolvers,
    context: (identity) => ({ identity, prisma: db.prisma, loaders: createLoaders(db.prisma, reference), reads: new RequestReads(identity) }),
    // The audit trail: every report the answer holds is recorded, in one statement, before it leaves.
    beforeAnswer: (ctx) => ctx.reads.write(ctx.prisma),
    healthCheck: async () => void (await db.prisma.$queryRaw`SELECT 1`),
    poolUse: db.poolUse,
    readCache: db.readCache,
    addMetrics: (registry) => registerOutboxMetrics(registry, db.prisma),
    ...options,
  });
}
