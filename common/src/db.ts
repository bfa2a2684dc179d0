// Opens a subgraph's own database — embedded PGlite by default, PostgreSQL when a URL is
// given — applies its migrations, and counts the SQL statements Prisma sends to it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlQueryable, SqlResultSet } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defaultReadCacheMaxBytes, ReadCache } from './readCache.ts';
import { applyMigrations, type MigrationSource } from './schemaEngine.ts';
import { traceQuery } from './tracing.ts';

/**
 * Where a subgraph keeps its data: a PostgreSQL URL, a PGlite folder, or `memory://`. On PGlite,
 * `readCacheMaxBytes` bounds the cache of SELECT answers (readCache.ts; default
 * `defaultReadCacheMaxBytes`, 0 = off).
 */
export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string; readCacheMaxBytes?: number };

/** Counts statements sent to the database, so tests and benchmarks can see N+1s. */
export class QueryCounter {
  count = 0;
}

export interface Database<TClient> {
  prisma: TClient;
  queries: QueryCounter;
  location: DatabaseLocation;
  /** Names of migrations this start applied. */
  applied: string[];
  /** The cache of SELECT answers, on PGlite unless turned off (readCache.ts). */
  readCache?: ReadCache;
  /** How much of the PostgreSQL connection pool is in use now (none on PGlite: one connection in process). */
  poolUse?: () => PoolUse;
  close(): Promise<void>;
}

/** A connection pool's use at one moment, for metrics. */
export interface PoolUse {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is too small, or the database too slow. */
  waiting: number;
  max: number;
}

/** The most connections one subgraph process opens to PostgreSQL. */
const poolMax = 10;

type ClientClass<TClient> = new (options: { adapter: SqlMigrationAwareDriverAdapterFactory }) => TClient & {
  $disconnect(): Promise<void>;
};

const countedMethods = new Set(['queryRaw', 'executeRaw', 'executeScript']);

/**
 * Wraps a connection (or a transaction on it) to count its statements, trace them, and, with a
 * read cache (readCache.ts), answer repeated SELECTs from memory: outside a transaction only;
 * a write, or a transaction's end, empties the cache.
 */
function countQueries<T extends SqlQueryable>(target: T, counter: QueryCounter, cache?: ReadCache, inTransaction = false): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      if (countedMethods.has(prop as string)) {
        return (...args: unknown[]) => {
          counter.count += 1;
          // Each query is a `db <operation>` span of the request's trace when tracing is on (tracing.ts).
          const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { sql?: string } | undefined)?.sql ?? '');
          const run = () => traceQuery(sql, () => (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args));
          if (!cache || inTransaction) return run();
          if (prop === 'queryRaw') return cache.query(args[0] as SqlQuery, run as () => Promise<SqlResultSet>);
          return cache.writing(run);
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => countQueries(await (value as (...a: unknown[]) => Promise<SqlQueryable>).apply(obj, args), counter, cache, true);
      }
      if (cache && inTransaction && (prop === 'commit' || prop === 'rollback')) {
        return () => cache.writing(() => (value as () => Promise<void>).apply(obj));
      }
      return (value as (...a: unknown[]) => unknown).bind(obj);
    },
  });
}

function countingFactory(inner: SqlMigrationAwareDriverAdapterFactory, counter: QueryCounter, cache?: ReadCache): SqlMigrationAwareDriverAdapterFactory {
  return {
    adapterName: inner.adapterName,
    provider: inner.provider,
    connect: async () => countQueries(await inner.connect(), counter, cache) as SqlDriverAdapter,
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

/** The lock file in a PGlite data folder, naming the one process that has it open. */
export const databaseLockFileName = 'hub.lock';

interface LockHolder {
  pid: number;
  command: string;
  hostname: string;
  since: string;
}

/** Folders this process holds, so a second open here is refused and a lock with our own (reused) pid but not in here is stale. */
const heldHere = new Set<string>();

process.once('exit', () => {
  for (const dir of heldHere) releaseLock(dir);
});

function readHolder(file: string): { raw: string; holder: Partial<LockHolder> } | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return { raw, holder: JSON.parse(raw) as Partial<LockHolder> };
  } catch {
    return { raw, holder: {} };
  }
}

/** Whether the holder may still have the folder open; unknown holders and other hosts' count as alive. */
function holderAlive(holder: Partial<LockHolder>, dir: string): boolean {
  if (typeof holder.pid !== 'number' || !Number.isInteger(holder.pid) || holder.pid <= 0) return true;
  if (holder.hostname !== undefined && holder.hostname !== hostname()) return true;
  // Our own pid but not opened by us: left by an earlier process that had this pid (a container restart).
  if (holder.pid === process.pid) return heldHere.has(dir);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock or throws naming who holds it. Two PGlite instances on one folder
 * corrupt it beyond repair (each replays and writes its own WAL), so the lock is taken before
 * PGlite touches a file: created with `wx` (fails if it exists), holding our pid and command.
 */
function acquireLock(dir: string): void {
  const file = path.join(dir, databaseLockFileName);
  const me: LockHolder = { pid: process.pid, command: process.argv.join(' '), hostname: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const found = readHolder(file);
      if (!found) continue;
      if (holderAlive(found.holder, dir)) throw new Error(inUseMessage(dir, found.holder), { cause: error });
      // Stale: take it over, unless another process did so since we read it.
      if (readHolder(file)?.raw === found.raw) unlinkSync(file);
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    heldHere.add(dir);
    return;
  }
  const holder = readHolder(path.join(dir, databaseLockFileName))?.holder ?? {};
  throw new Error(inUseMessage(dir, holder));
}

function inUseMessage(dir: string, holder: Partial<LockHolder>): string {
  const who =
    typeof holder.pid === 'number'
      ? `process ${holder.pid} (${holder.pid === process.pid ? 'this process' : (holder.command ?? 'unknown command')}${holder.hostname && holder.hostname !== hostname() ? ` on ${holder.hostname}` : ''}${holder.since ? `, since ${holder.since}` : ''})`
      : 'another process (its lock file is unreadable)';
  return (
    `the embedded database in ${dir} is in use by ${who}: an embedded PGlite database can be opened by one process at a time. ` +
    `Stop that process first (e.g. the hub, for \`npm run seed\`); if it is no longer running, delete ${path.join(dir, databaseLockFileName)}.`
  );
}

/** Removes our lock, never one another process took over. */
function releaseLock(dir: string): void {
  if (!heldHere.delete(dir)) return;
  const file = path.join(dir, databaseLockFileName);
  try {
    if (readHolder(file)?.holder.pid === process.pid) unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** Builds the Prisma driver adapter for a location; `close` releases what it opened. */
export async function openAdapter(location: DatabaseLocation): Promise<{ adapter: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void>; poolUse?: () => PoolUse }> {
  if (location.kind === 'postgres') {
    // The pool is ours, not the adapter's, so its use can be read; closing the database ends it.
    const pool = new pg.Pool({ connectionString: location.url, max: poolMax });
    return {
      adapter: new PrismaPg(pool),
      close: () => pool.end(),
      poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolMax }),
    };
  }
  if (location.dir === 'memory://') {
    const pglite = await PGlite.create();
    return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
  }
  const dir = path.resolve(location.dir);
  await mkdir(dir, { recursive: true });
  acquireLock(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (error) {
    releaseLock(dir);
    throw error;
  }
  return {
    adapter: new PrismaPGlite(pglite),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        releaseLock(dir);
      }
    },
  };
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase<TClient>(Client: ClientClass<TClient>, location: DatabaseLocation, migrations: MigrationSource): Promise<Database<TClient & { $disconnect(): Promise<void> }>> {
  const { adapter, close, poolUse } = await openAdapter(location);
  try {
    const applied = await applyMigrations(migrations, adapter);
    const queries = new QueryCounter();
    const cacheBytes = location.kind === 'pglite' ? (location.readCacheMaxBytes ?? defaultReadCacheMaxBytes) : 0;
    const readCache = cacheBytes > 0 ? new ReadCache(cacheBytes) : undefined;
    const prisma = new Client({ adapter: countingFactory(adapter, queries, readCache) });
    return {
      prisma,
      queries,
      location,
      applied,
      ...(readCache ? { readCache } : {}),
      ...(poolUse ? { poolUse } : {}),
      async close() {
        await prisma.$disconnect();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
