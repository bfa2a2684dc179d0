// `npm run seed`: applies migrations and adds any missing seed rows to every subgraph's
// database (idempotent: running it twice changes nothing). Uses the same databases as
// `npm start`: PGlite under .data/<name>, or <NAME>_DATABASE_URL. Stop the hub first: an
// embedded PGlite database can only be open in one process.
import { readSubgraphConfig, subgraphNames, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../subgraphs/cyber/src/db.ts';
import { seed as seedCyber } from '../subgraphs/cyber/src/seed.ts';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import { seed as seedPolice } from '../subgraphs/police/src/seed.ts';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import { seed as seedSupport } from '../subgraphs/support/src/seed.ts';
import { openVictimsDatabase } from '../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../subgraphs/victims/src/seed.ts';
import type { DatabaseLocation } from '@crimehub/common';

const seeders: Record<SubgraphName, (location: DatabaseLocation) => Promise<void>> = {
  police: async (location) => withDb(await openPoliceDatabase(location), (db) => seedPolice(db.prisma)),
  support: async (location) => withDb(await openSupportDatabase(location), (db) => seedSupport(db.prisma)),
  cyber: async (location) => withDb(await openCyberDatabase(location), (db) => seedCyber(db.prisma)),
  victims: async (location) => withDb(await openVictimsDatabase(location), (db) => seedVictims(db.prisma)),
};

async function withDb<T extends { close(): Promise<void> }>(db: T, run: (db: T) => Promise<void>): Promise<void> {
  try {
    await run(db);
  } finally {
    await db.close();
  }
}

let failed = false;
for (const name of subgraphNames) {
  const prefix = name.toUpperCase();
  const config = readSubgraphConfig(name, 0, { DATABASE_URL: process.env[`${prefix}_DATABASE_URL`], PGLITE_DIR: process.env[`${prefix}_PGLITE_DIR`] });
  const where = config.database.kind === 'postgres' ? 'PostgreSQL' : config.database.dir;
  try {
    await seeders[name](config.database);
    console.log(`${name}: seeded (${where})`);
  } catch (error) {
    failed = true;
    console.error(`${name}: could not seed ${where}: ${(error as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);
