// What `npm run seed` and `npm run seed:demo` share: each subgraph's database as `npm start`
// finds it (PGlite under .data/<name>, or <NAME>_PGLITE_DIR / <NAME>_DATABASE_URL) and its seeds.
import { EnvReader, readDatabaseLocation, subgraphNames, type DatabaseLocation, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../subgraphs/cyber/src/db.ts';
import * as cyber from '../subgraphs/cyber/src/seed.ts';
import { openPoliceDatabase } from '../subgraphs/police/src/db.ts';
import * as police from '../subgraphs/police/src/seed.ts';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import * as support from '../subgraphs/support/src/seed.ts';
import { openVictimsDatabase } from '../subgraphs/victims/src/db.ts';
import * as victims from '../subgraphs/victims/src/seed.ts';

type Seeder = (location: DatabaseLocation, demo: boolean) => Promise<void>;

async function withDb<T extends { close(): Promise<void> }>(db: T, run: (db: T) => Promise<void>): Promise<void> {
  try {
    await run(db);
  } finally {
    await db.close();
  }
}

/** Reference data always; demonstration data (which needs it) when `demo`. Victims has none. */
const seeders: Record<SubgraphName, Seeder> = {
  police: async (location, demo) =>
    withDb(await openPoliceDatabase(location), async (db) => {
      await police.seed(db.prisma);
      if (demo) await police.seedDemo(db.prisma);
    }),
  support: async (location, demo) =>
    withDb(await openSupportDatabase(location), async (db) => {
      await support.seed(db.prisma);
      if (demo) await support.seedDemo(db.prisma);
    }),
  cyber: async (location, demo) =>
    withDb(await openCyberDatabase(location), async (db) => {
      await cyber.seed(db.prisma);
      if (demo) await cyber.seedDemo(db.prisma);
    }),
  victims: async (location) => withDb(await openVictimsDatabase(location), (db) => victims.seed(db.prisma)),
};

/**
 * Where a subgraph's database is, as `npm start` finds it: `<NAME>_DATABASE_URL`, else PGlite in
 * `<NAME>_PGLITE_DIR` or .data/<name>. Throws a ConfigError when the variables are wrong.
 */
export function databaseLocationFromEnv(name: SubgraphName): DatabaseLocation {
  const prefix = name.toUpperCase();
  const read = new EnvReader({ DATABASE_URL: process.env[`${prefix}_DATABASE_URL`], PGLITE_DIR: process.env[`${prefix}_PGLITE_DIR`] });
  const location = readDatabaseLocation(read, name);
  read.done();
  return location;
}

/** Seeds every subgraph's database in turn, reporting each; resolves false when any failed. */
export async function seedAll({ demo }: { demo: boolean }): Promise<boolean> {
  let ok = true;
  for (const name of subgraphNames) {
    let where: string = name;
    try {
      const location = databaseLocationFromEnv(name);
      where = location.kind === 'postgres' ? 'PostgreSQL' : location.dir;
      await seeders[name](location, demo);
      const what = !demo ? 'reference data' : name === 'victims' ? 'reference data (it has no demonstration data)' : 'reference and demonstration data';
      console.log(`${name}: seeded ${what} (${where})`);
    } catch (error) {
      ok = false;
      console.error(`${name}: could not seed ${where}: ${(error as Error).message}`);
    }
  }
  return ok;
}
