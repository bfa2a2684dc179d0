// Where a subgraph's Prisma schema and migrations live, by convention the same for all four.
import path from 'node:path';
import { repoRoot } from './config.ts';
import type { MigrationSource } from './schemaEngine.ts';

export const subgraphNames = ['police', 'support', 'cyber', 'victims'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

export function migrationSource(name: SubgraphName): MigrationSource {
  const prismaDir = path.join(repoRoot, 'subgraphs', name, 'prisma');
  return { schemaPath: path.join(prismaDir, 'schema.prisma'), migrationsDir: path.join(prismaDir, 'migrations') };
}
