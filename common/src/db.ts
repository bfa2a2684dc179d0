// Opens a subgraph's own database — embedded PGlite by default, PostgreSQL when a URL is
// given — applies its migrations, and counts the SQL statements Prisma sends to it.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQueryable } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, type MigrationSource } from './schemaEngine.ts';

/** Where a subgraph keeps its data: a PostgreSQL URL, a PGlite folder, or `memory://`. */
export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

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
  close(): Promise<void>;
}

type ClientClass<TClient> = new (options: { adapter: SqlMigrationAwareDriverAdapterFactory }) => TClient & {
  $disconnect(): Promise<void>;
};

const countedMethods = new Set(['queryRaw', 'executeRaw', 'executeScript']);

function countQueries<T extends SqlQueryable>(target: T, counter: QueryCounter): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj) as unknown;
      if (typeof value !== 'function') return value;
      if (countedMethods.has(prop as string)) {
        return (...args: unknown[]) => {
          counter.count += 1;
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => countQueries(await (value as (...a: unknown[]) => Promise<SqlQueryable>).apply(obj, args), counter);
      }
      return (value as (...a: unknown[]) => unknown).bind(obj);
    },
  });
}

function countingFactory(inner: SqlMigrationAwareDriverAdapterFactory, counter: QueryCounter): SqlMigrationAwareDriverAdapterFactory {
  return {
    adapterName: inner.adapterName,
    provider: inner.provider,
    connect: async () => countQueries(await inner.connect(), counter) as SqlDriverAdapter,
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
}

/** Builds the Prisma driver adapter for a location; `close` releases what it opened. */
export async function openAdapter(location: DatabaseLocation): Promise<{ adapter: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> }> {
  if (location.kind === 'postgres') {
    return { adapter: new PrismaPg({ connectionString: location.url, max: 10 }), close: async () => {} };
  }
  if (location.dir !== 'memory://') await mkdir(location.dir, { recursive: true });
  const pglite = await PGlite.create(location.dir === 'memory://' ? undefined : location.dir);
  return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase<TClient>(
  Client: ClientClass<TClient>,
  location: DatabaseLocation,
  migrations: MigrationSource,
): Promise<Database<TClient & { $disconnect(): Promise<void> }>> {
  const { adapter, close } = await openAdapter(location);
  try {
    const applied = await applyMigrations(migrations, adapter);
    const queries = new QueryCounter();
    const prisma = new Client({ adapter: countingFactory(adapter, queries) });
    return {
      prisma,
      queries,
      location,
      applied,
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
