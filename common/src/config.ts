// Reads configuration from environment variables with safe defaults and fails fast, naming
// every bad variable at once, before a process starts serving.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseLocation } from './db.ts';
import { readMetricsConfig, type MetricsConfig } from './metrics.ts';
import { defaultReadCacheMaxBytes } from './readCache.ts';
import { readSigningConfig, type SigningConfig } from './signing.ts';

/** The repository root, for defaults that live in it (data folders, the schema folder). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The values `NODE_ENV` may take; unset means development. */
export const nodeEnvironments = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof nodeEnvironments)[number];

/** A small reader that collects problems instead of throwing on the first. */
export class EnvReader {
  readonly problems: string[] = [];
  private nodeEnvironment: NodeEnvironment | undefined;
  constructor(private readonly env: Env = process.env) {}

  /**
   * `NODE_ENV`: exactly `development`, `production` or `test`; unset is development. Anything
   * else (`Production`, `prod`) is a problem, not a quiet fall-back to development: a typo must
   * never give a deployment development keys, open introspection and localhost CORS.
   * Read once per reader, so the gateway's several readers name a bad value once.
   */
  environment(): NodeEnvironment {
    if (this.nodeEnvironment === undefined) {
      const raw = this.optional('NODE_ENV') ?? 'development';
      if ((nodeEnvironments as readonly string[]).includes(raw)) {
        this.nodeEnvironment = raw as NodeEnvironment;
      } else {
        this.problems.push(`NODE_ENV must be exactly one of ${nodeEnvironments.join(', ')} (or unset, for development), got "${raw}"`);
        // Judged as production meanwhile, so every production check runs and is reported too.
        this.nodeEnvironment = 'production';
      }
    }
    return this.nodeEnvironment;
  }

  /** `NODE_ENV=production` (see environment()). */
  get production(): boolean {
    return this.environment() === 'production';
  }

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, { min: 0, max: 65535 });
  }

  url(name: string, fallback: string, protocols: string[] = ['http:', 'https:']): string {
    const raw = this.string(name, fallback);
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL, got "${raw}"`);
    }
    return raw;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  /** `name` as a boolean: `true` or `false`. */
  boolean(name: string, fallback: boolean): boolean {
    return this.oneOf(name, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
  }

  /** Throws a ConfigError listing every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

/** How long a server waits on a client's connection (milliseconds). */
export interface HttpTimeouts {
  /** `HEADERS_TIMEOUT_MS`: to receive a request's headers. */
  headersMs: number;
  /** `REQUEST_TIMEOUT_MS`: to receive a whole request, headers and body. */
  requestMs: number;
  /** `KEEP_ALIVE_TIMEOUT_MS`: an idle kept-alive connection stays open this long for the next request. */
  keepAliveMs: number;
  /** `CONNECTION_TIMEOUT_MS`: a connection on which nothing moves either way (a client that stops reading its answer, too). */
  connectionMs: number;
}

/**
 * The timeouts every server of the hub sets on its clients' connections, so that a client
 * trickling its headers or body, or holding a connection idle, cannot keep it for long.
 */
export function readHttpTimeouts(read: EnvReader): HttpTimeouts {
  const timeouts: HttpTimeouts = {
    headersMs: read.integer('HEADERS_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    requestMs: read.integer('REQUEST_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 }),
    keepAliveMs: read.integer('KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 100, max: 600_000 }),
    connectionMs: read.integer('CONNECTION_TIMEOUT_MS', 60_000, { min: 100, max: 3_600_000 }),
  };
  // Node refuses a header timeout longer than the request timeout that contains it.
  if (timeouts.headersMs > timeouts.requestMs) read.problems.push(`HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not be longer than REQUEST_TIMEOUT_MS (${timeouts.requestMs})`);
  return timeouts;
}

/** `NODE_ENV` for scripts that read nothing else; throws a ConfigError for an unknown value. */
export function readNodeEnvironment(env: Env = process.env): NodeEnvironment {
  const read = new EnvReader(env);
  const environment = read.environment();
  read.done();
  return environment;
}

export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  logLevel: string;
  database: DatabaseLocation;
  /** How requests from the gateway are verified (see signing.ts). */
  signing: SigningConfig;
  /** How long a slow or idle client may hold a connection. */
  timeouts: HttpTimeouts;
  /** `NODE_ENV` (see EnvReader.environment). */
  environment: NodeEnvironment;
  /**
   * `SEED_DEMO_DATA`: whether an empty database also gets the synthetic demonstration data
   * (reports, businesses, sessions, bookings). On by default outside production; off in
   * production, where `true` is refused: synthetic reports would reach police lists and figures.
   */
  demoData: boolean;
  /** `METRICS_TOKEN` (see metrics.ts). */
  metrics: MetricsConfig;
}

/**
 * A subgraph's configuration: `NODE_ENV`, `PORT`, `HOST`, `LOG_LEVEL`, `SEED_DEMO_DATA`, and its database —
 * `DATABASE_URL` (PostgreSQL) or else PGlite in `PGLITE_DIR` (default `.data/<name>`; `memory://` keeps nothing) —
 * the gateway's signing secret, `HUB_SIGNING_SECRET` (see readSigningConfig), where the
 * nonces of accepted requests are remembered: Redis at `REDIS_URL` under `HUB_NONCE_NAMESPACE`
 * (default `crimehub:<name>:nonce`), or memory when `REDIS_URL` is not set, and the connection
 * timeouts (see readHttpTimeouts), and `METRICS_TOKEN` (see readMetricsConfig).
 */
export function readSubgraphConfig(name: string, defaultPort: number, env: Env = process.env): SubgraphConfig {
  const read = new EnvReader(env);
  const redisUrl = read.optional('REDIS_URL');
  if (redisUrl !== undefined) read.url('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const nonces = { ...(redisUrl ? { redisUrl } : {}), namespace: read.string('HUB_NONCE_NAMESPACE', `crimehub:${name}:nonce`) };
  const config: SubgraphConfig = {
    name,
    host: read.string('HOST', '127.0.0.1'),
    port: read.port('PORT', defaultPort),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    database: readDatabaseLocation(read, name),
    signing: { ...readSigningConfig(read), nonces },
    timeouts: readHttpTimeouts(read),
    environment: read.environment(),
    demoData: readDemoData(read),
    metrics: readMetricsConfig(read),
  };
  read.done();
  return config;
}

function readDemoData(read: EnvReader): boolean {
  const demo = read.boolean('SEED_DEMO_DATA', !read.production);
  if (demo && read.production) {
    read.problems.push("SEED_DEMO_DATA=true is refused in production: synthetic reports and businesses would reach police lists and analysts' figures");
    return false;
  }
  return demo;
}

/**
 * A subgraph's database: `DATABASE_URL` (PostgreSQL), else PGlite in `PGLITE_DIR` (default
 * `.data/<name>`) with a cache of SELECT answers of `DB_READ_CACHE_MAX_BYTES` (readCache.ts; 0 =
 * off). The cache is refused with PostgreSQL, where writes by other replicas would go unseen.
 */
export function readDatabaseLocation(read: EnvReader, name: string): DatabaseLocation {
  const databaseUrl = read.optional('DATABASE_URL');
  if (databaseUrl !== undefined) {
    read.url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
    if (read.optional('DB_READ_CACHE_MAX_BYTES') !== undefined) {
      read.problems.push('DB_READ_CACHE_MAX_BYTES is for the embedded database only: on PostgreSQL other replicas write unseen, so there is no read cache');
    }
    return { kind: 'postgres', url: databaseUrl };
  }
  return {
    kind: 'pglite',
    dir: resolveDataDir(read.string('PGLITE_DIR', path.join(repoRoot, '.data', name))),
    readCacheMaxBytes: read.integer('DB_READ_CACHE_MAX_BYTES', defaultReadCacheMaxBytes, { max: 1024 * 1024 * 1024 }),
  };
}

function resolveDataDir(dir: string): string {
  return dir === 'memory://' ? dir : path.resolve(repoRoot, dir);
}
