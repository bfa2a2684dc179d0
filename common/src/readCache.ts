// A cache of SELECT results for a subgraph's embedded database. On PGlite the subgraph's process
// is the only one that can open its database (db.ts keeps a lock file), so every change to the
// data passes through this process's Prisma client: the cache sees every write and can be exact.
// The hot reads of a help answer (the offers, services, sessions and routes open to a business)
// repeat the same few statements with the same arguments; answering them from memory saves the
// embedded engine's work, most of a subgraph's CPU per help request (`npm run bench`).
//
// The rules, which make a cached answer the answer the database would give:
// - Only a plain SELECT outside a transaction is cached, and not one that reads the clock, a
//   sequence, a random number, a lock or a system function (`uncacheable` below): its answer
//   could change with nothing written.
// - Any other statement (INSERT, UPDATE, DELETE, DDL, a script), and the end of any transaction,
//   empties the cache once it has finished, whether it succeeded or not.
// - A SELECT that was running while a write finished is not stored (a generation counter), so an
//   answer read before a write never outlives it.
// - Bounded: by bytes in all (least recently used dropped first), and an answer larger than a
//   tenth of that is not kept.
// It is off on PostgreSQL, where other replicas and tools write to the same database unseen.
import type { SqlQuery, SqlResultSet } from '@prisma/driver-adapter-utils';
import { BoundedCache } from './boundedCache.ts';

/** `DB_READ_CACHE_MAX_BYTES`' default: how much the embedded database's cache of SELECT answers may hold. */
export const defaultReadCacheMaxBytes = 16 * 1024 * 1024;

/** Statements whose answer can change with nothing written, or that take locks: never cached. */
const uncacheable =
  /\b(?:now|current_date|current_time|current_timestamp|localtime|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random|gen_random_uuid|uuid_generate_v\d|nextval|currval|lastval|setval|set_config|current_setting|txid_\w+|pg_\w+|for\s+(?:no\s+key\s+)?update|for\s+(?:key\s+)?share|lock)\b/i;
/** A statement that reads: SELECT, after any leading comments. */
const selectStatement = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*select\b/i;

/** Whether a statement only reads (so it empties nothing); a statement that may write answers false. */
export function isRead(sql: string): boolean {
  return selectStatement.test(sql);
}

/** Whether a statement's answer may be kept: a SELECT that reads nothing that changes by itself. */
export function isCacheable(sql: string): boolean {
  return isRead(sql) && !uncacheable.test(sql);
}

/** A rough size in bytes of a value from a result row, for the cache's bound. */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 8;
  if (typeof value === 'string') return 16 + value.length * 2;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + sizeOf(item), 16);
  if (value instanceof Uint8Array) return 16 + value.byteLength;
  if (typeof value === 'object') return 16 + JSON.stringify(value).length * 2;
  return 8;
}

/** The cache key of a statement and its arguments; undefined when an argument cannot be written down exactly (then it is not cached). */
export function readKey(query: SqlQuery): string | undefined {
  try {
    return `${query.sql}\u0000${JSON.stringify(query.args, (_key, value: unknown) => {
      if (typeof value === 'bigint') return `${value}n`;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return value;
    })}`;
  } catch {
    return undefined;
  }
}

export interface ReadCacheStats {
  hits: number;
  misses: number;
  /** Times a write or a transaction emptied the cache. */
  invalidations: number;
  entries: number;
  bytes: number;
}

export class ReadCache {
  private readonly entries: BoundedCache<SqlResultSet>;
  /** Counts the writes finished so far: an answer read across one is not stored. */
  private generation = 0;
  private readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(maxBytes: number) {
    this.entries = new BoundedCache(maxBytes, Math.floor(maxBytes / 10));
  }

  /** Answers a statement from the cache, or runs it (and keeps the answer when it may). */
  async query(query: SqlQuery, run: () => Promise<SqlResultSet>): Promise<SqlResultSet> {
    if (!isCacheable(query.sql)) {
      if (isRead(query.sql)) return run();
      return this.writing(run);
    }
    const key = readKey(query);
    if (key === undefined) return run();
    const cached = this.entries.get(key);
    if (cached) {
      this.stats.hits += 1;
      return copyOf(cached);
    }
    this.stats.misses += 1;
    const generation = this.generation;
    const result = await run();
    if (generation === this.generation) this.store(key, result);
    return result;
  }

  /** Runs a statement that may write; the cache is emptied once it has finished (or failed). */
  async writing<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      this.invalidate();
    }
  }

  /** Empties the cache, and stops answers being read now from being stored. */
  invalidate(): void {
    this.generation += 1;
    this.stats.invalidations += 1;
    this.entries.clear();
  }

  /** Figures for metrics and tests. */
  read(): ReadCacheStats {
    return { ...this.stats, entries: this.entries.count, bytes: this.entries.size };
  }

  private store(key: string, result: SqlResultSet): void {
    const bytes = key.length * 2 + result.rows.reduce<number>((sum, row) => sum + sizeOf(row), 64);
    if (bytes <= this.entries.maxEntryBytes) this.entries.set(key, copyOf(result), bytes);
  }
}

/** A copy of a value a reader could change in place: arrays (text[] columns) and JSON objects. */
function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return structuredClone(value);
  return value;
}

/** A copy of a result that its reader may change without changing the cache's. */
function copyOf(result: SqlResultSet): SqlResultSet {
  return { ...result, rows: result.rows.map((row) => row.map(copyValue)) };
}
