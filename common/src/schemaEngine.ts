// Prisma's own schema engine, from its WebAssembly build: creates and applies this project's
// migrations on PGlite and on PostgreSQL alike, with no native binary to download.
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';

type EngineModule = { SchemaEngine: typeof SchemaEngine; __wbg_set_wasm(exports: unknown): void };

let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the wasm module once per process (Node will not import the `.wasm` ES import itself). */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule;
    const bytes = await readFile(bgPath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg;
  })();
  return engineModule;
}

const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };

export interface MigrationSource {
  /** Path of the subgraph's `schema.prisma`. */
  schemaPath: string;
  /** Path of its `prisma/migrations` folder. */
  migrationsDir: string;
}

async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

async function withEngine<T>(source: MigrationSource, adapter: SqlMigrationAwareDriverAdapterFactory, run: (engine: SchemaEngine, schema: string) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(source.schemaPath, 'utf8');
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[path.basename(source.schemaPath), schema]] }, (line: string) => logs.push(line), bindMigrationAwareSqlAdapterFactory(adapter));
  try {
    return await run(engine, schema);
  } catch (error) {
    throw new Error(`Prisma schema engine failed on ${source.schemaPath}: ${(error as Error).message}`, { cause: error });
  } finally {
    engine.free();
  }
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(source: MigrationSource, adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await readMigrations(source.migrationsDir);
  return withEngine(source, adapter, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that takes a database at the head of the migration history to `schema.prisma`,
 * or null when they already agree. `adapter` must point at an empty, throw-away database:
 * the history is applied to it first (it plays the part of Prisma's shadow database).
 */
export async function diffSchemaAgainstMigrations(source: MigrationSource, scratch: SqlMigrationAwareDriverAdapterFactory): Promise<string | null> {
  await applyMigrations(source, scratch);
  return withEngine(source, scratch, async (engine, schema) => {
    const files = [{ path: path.basename(source.schemaPath), content: schema }];
    const out = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: path.dirname(source.schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const script = out.stdout ?? '';
    return /^\s*(--.*\s*)*$/.test(script) || script.includes('This is an empty migration') ? null : script;
  });
}

/** Writes `<timestamp>_<name>/migration.sql` for the schema's changes; returns its folder, or null if none. */
export async function createMigration(source: MigrationSource, name: string, scratch: SqlMigrationAwareDriverAdapterFactory): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Migration name "${name}" must be lower-case letters, digits and underscores`);
  const script = await diffSchemaAgainstMigrations(source, scratch);
  if (!script) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(source.migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), script);
  await writeFile(
    path.join(source.migrationsDir, 'migration_lock.toml'),
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return dir;
}
