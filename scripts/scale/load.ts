// The scale benchmark's data: one fresh PostgreSQL database per subgraph (`<prefix>_<subgraph>`,
// dropped first: the names are the benchmark's own), migrated and seeded with reference data as
// the subgraphs do on start, then loaded set-based by scripts/scale/<subgraph>.sql (INSERT ...
// SELECT FROM generate_series, after prelude.sql) and analysed. Every step's time is reported: a
// loader is run one `-- step: <name>` section at a time, in one session.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { districts, subgraphNames, type DatabaseLocation, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../../subgraphs/cyber/src/db.ts';
import { seed as seedCyber } from '../../subgraphs/cyber/src/seed.ts';
import { openPoliceDatabase } from '../../subgraphs/police/src/db.ts';
import { crimeOutcomes } from '../../subgraphs/police/src/outcomes.ts';
import { seed as seedPolice } from '../../subgraphs/police/src/seed.ts';
import { crimeTypes } from '../../subgraphs/police/src/seedData.ts';
import { openSupportDatabase } from '../../subgraphs/support/src/db.ts';
import { seed as seedSupport } from '../../subgraphs/support/src/seed.ts';
import { openVictimsDatabase } from '../../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../../subgraphs/victims/src/seed.ts';
import { createPostgresDatabase } from '../../tests/utils/processes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The rows a scale asks for; scale 1 is the million reports. */
export interface ScaleCounts {
  reports: number;
  businesses: number;
  /** Support enquiries to the directory's offers (two per business at every scale). */
  enquiries: number;
  bookings: number;
  /** Training sessions the bookings are spread over (one per 50 bookings). */
  sessions: number;
  referrals: number;
}

export function scaleCounts(scale: number): ScaleCounts {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 10)) throw new Error(`BENCH_SCALE must be a number above 0 and at most 10, got ${scale}`);
  const of = (n: number) => Math.max(1, Math.round(n * scale));
  return { reports: of(1_000_000), businesses: of(10_000), enquiries: of(20_000), bookings: of(100_000), sessions: of(2_000), referrals: of(50_000) };
}

/** What each database holds after loading: table name to row count. */
export type LoadedCounts = Record<SubgraphName, Record<string, number>>;

export interface ScaleData {
  /** Each subgraph's database URL. */
  urls: Record<SubgraphName, string>;
  counts: ScaleCounts;
  loaded: LoadedCounts;
  /** Drops the databases this load created. */
  drop: () => Promise<void>;
}

const migrateAndSeed: Record<SubgraphName, (location: DatabaseLocation) => Promise<void>> = {
  police: async (location) => {
    const db = await openPoliceDatabase(location);
    await seedPolice(db.prisma).finally(() => db.close());
  },
  support: async (location) => {
    const db = await openSupportDatabase(location);
    await seedSupport(db.prisma).finally(() => db.close());
  },
  cyber: async (location) => {
    const db = await openCyberDatabase(location);
    await seedCyber(db.prisma).finally(() => db.close());
  },
  victims: async (location) => {
    const db = await openVictimsDatabase(location);
    await seedVictims(db.prisma).finally(() => db.close());
  },
};

/** The tables whose rows the loaders write, counted after loading. */
export const loadedTables: Record<SubgraphName, string[]> = {
  police: ['CrimeReport', 'CrimeReportUpdate'],
  support: ['Business', 'Enquiry'],
  cyber: ['TrainingSession', 'Booking'],
  victims: ['Referral', 'ReferralContact'],
};

/** The rows each of a database's loaded tables holds. */
async function countLoaded(client: pg.Client, name: SubgraphName): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of loadedTables[name]) {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[table] = rows[0]!.n;
  }
  return counts;
}

async function timed<T>(log: (line: string) => void, label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  log(`  ${label.padEnd(52)} ${((performance.now() - start) / 1000).toFixed(1).padStart(7)} s`);
  return result;
}

/** A loader's steps: the text before the first `-- step: <name>` line, then each step, in order. */
export function sqlSteps(script: string): { name: string; sql: string }[] {
  const parts = script.split(/^-- step: (.*)$/m);
  const steps = [{ name: 'set-up', sql: parts[0]! }];
  for (let i = 1; i < parts.length; i += 2) steps.push({ name: parts[i]!.trim(), sql: parts[i + 1]! });
  return steps.filter((step) => step.sql.replace(/--.*$/gm, '').trim() !== '');
}

/** The settings prelude.sql and the loaders read (`current_setting('bench.<name>')`). */
function settings(counts: ScaleCounts, now: Date): Record<string, string> {
  // Stoke-on-Trent last: prelude.sql weights the ninth code double.
  const ordered = [...districts.filter((d) => d.code !== 'E06000021'), ...districts.filter((d) => d.code === 'E06000021')];
  return {
    now: now.toISOString().replace('T', ' ').replace('Z', ''),
    districts: ordered.map((d) => d.code).join(','),
    crime_types: crimeTypes.map((c) => c.code).join(','),
    final_outcomes: crimeOutcomes
      .filter((o) => o.final)
      .map((o) => o.code)
      .join(','),
    ...Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, String(value)])),
  };
}

/**
 * Creates `<prefix>_police`, `<prefix>_support`, ... on the server (dropping any of those names
 * first), migrates and seeds each, loads the scale's rows and analyses them.
 */
export async function loadScaleData(options: { serverUrl: string; prefix: string; scale: number; now?: Date; log?: (line: string) => void }): Promise<ScaleData> {
  const log = options.log ?? console.log;
  const counts = scaleCounts(options.scale);
  const now = options.now ?? new Date();
  const prelude = await readFile(path.join(here, 'prelude.sql'), 'utf8');
  const created: { drop: () => Promise<void> }[] = [];
  const drop = async () => {
    for (const db of created) await db.drop();
  };
  const urls = {} as Record<SubgraphName, string>;
  const loaded = {} as LoadedCounts;
  try {
    for (const name of subgraphNames) {
      const db = await timed(log, `${name}: create database ${options.prefix}_${name}`, () => createPostgresDatabase(options.serverUrl, name, { exactName: `${options.prefix}_${name}` }));
      created.push(db);
      urls[name] = db.url;
      await timed(log, `${name}: migrations and reference data`, () => migrateAndSeed[name]({ kind: 'postgres', url: db.url }));
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        for (const [key, value] of Object.entries(settings(counts, now))) await client.query('SELECT set_config($1, $2, false)', [`bench.${key}`, value]);
        await client.query(prelude);
        const script = await readFile(path.join(here, `${name}.sql`), 'utf8');
        for (const step of sqlSteps(script)) await timed(log, `${name}: ${step.name}`, () => client.query(step.sql));
        // VACUUM as well as ANALYZE: a table that has run a while has been vacuumed by autovacuum, so its
        // visibility map lets index-only scans skip the heap; a bulk load has not been yet, and the
        // planner would fall back to reading the whole table for every figure.
        await timed(log, `${name}: VACUUM ANALYZE`, () => client.query('VACUUM ANALYZE'));
        loaded[name] = await countLoaded(client, name);
      } finally {
        await client.end();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { urls, counts, loaded, drop };
}

/**
 * Creates `<prefix>_<subgraph>` as a copy of each `<from>_<subgraph>` that an earlier run kept
 * (`BENCH_KEEP_DATABASES=true`), instead of loading anew: seconds, not minutes, so that a change can
 * be measured on the same million reports. Each copy is then migrated (a new migration runs on it,
 * as it would on a live database) and its reference data seeded, as on start.
 */
export async function copyScaleData(options: { serverUrl: string; prefix: string; from: string; scale: number; log?: (line: string) => void }): Promise<ScaleData> {
  const log = options.log ?? console.log;
  if (options.from === options.prefix) throw new Error('BENCH_FROM must name other databases than BENCH_DB_PREFIX (a copy replaces its own name)');
  const created: { drop: () => Promise<void> }[] = [];
  const drop = async () => {
    for (const db of created) await db.drop();
  };
  const urls = {} as Record<SubgraphName, string>;
  const loaded = {} as LoadedCounts;
  try {
    for (const name of subgraphNames) {
      const db = await timed(log, `${name}: copy ${options.from}_${name} to ${options.prefix}_${name}`, () =>
        createPostgresDatabase(options.serverUrl, name, { exactName: `${options.prefix}_${name}`, template: `${options.from}_${name}` }),
      );
      created.push(db);
      urls[name] = db.url;
      await timed(log, `${name}: migrations and reference data`, () => migrateAndSeed[name]({ kind: 'postgres', url: db.url }));
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        loaded[name] = await countLoaded(client, name);
      } finally {
        await client.end();
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { urls, counts: { ...scaleCounts(options.scale), reports: loaded.police.CrimeReport! }, loaded, drop };
}
