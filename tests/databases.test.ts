// Each subgraph's database: its migrations match its Prisma schema, apply once and only once,
// keep data across restarts on disk, and its seed can run again without changing anything.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSchemaAgainstMigrations, migrationSource, subgraphNames, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../subgraphs/cyber/src/db.ts';
import { seed as seedCyber } from '../subgraphs/cyber/src/seed.ts';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import { seed as seedPolice } from '../subgraphs/police/src/seed.ts';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import { seed as seedSupport } from '../subgraphs/support/src/seed.ts';
import { openVictimsDatabase } from '../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../subgraphs/victims/src/seed.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Row counts of every table but Prisma's own, to compare before and after. */
async function tableCounts(prisma: { $queryRawUnsafe<T>(sql: string): Promise<T> }): Promise<Record<string, number>> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

const subgraphs = {
  police: { open: openPoliceDatabase, seed: (db: any) => seedPolice(db.prisma) },
  support: { open: openSupportDatabase, seed: (db: any) => seedSupport(db.prisma) },
  cyber: { open: openCyberDatabase, seed: (db: any) => seedCyber(db.prisma) },
  victims: { open: openVictimsDatabase, seed: (db: any) => seedVictims(db.prisma) },
} satisfies Record<SubgraphName, unknown>;

describe.each(subgraphNames)('the %s database', (name) => {
  it('has migrations that match its schema.prisma (run `npm run migrate -- create` after a change)', async () => {
    const scratch = await PGlite.create();
    try {
      expect(await diffSchemaAgainstMigrations(migrationSource(name), new PrismaPGlite(scratch))).toBeNull();
    } finally {
      await scratch.close();
    }
  });

  it('applies its migrations once, keeps data across a restart, and seeds idempotently', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), `bch-${name}-`));
    dirs.push(dir);
    const { open, seed } = subgraphs[name];
    const first = await open({ kind: 'pglite', dir });
    let seeded: Record<string, number>;
    try {
      expect(first.applied.length).toBeGreaterThan(0);
      await seed(first);
      seeded = await tableCounts(first.prisma as never);
      expect(Object.values(seeded).some((n) => n > 0)).toBe(true);
    } finally {
      await first.close();
    }
    const second = await open({ kind: 'pglite', dir });
    try {
      expect(second.applied).toEqual([]);
      expect(await tableCounts(second.prisma as never)).toEqual(seeded);
      await seed(second);
      expect(await tableCounts(second.prisma as never)).toEqual(seeded);
    } finally {
      await second.close();
    }
  });
});
