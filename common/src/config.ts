// Reads configuration from environment variables with safe defaults and fails fast, naming
// every bad variable at once, before a process starts serving.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseLocation } from './db.ts';
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

/** A small reader that collects problems instead of throwing on the first. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env = process.env) {}

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

  /** Throws a ConfigError listing every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  logLevel: string;
  database: DatabaseLocation;
  /** How requests from the gateway are verified (see signing.ts). */
  signing: SigningConfig;
}

/**
 * A subgraph's configuration: `PORT`, `HOST`, `LOG_LEVEL`, and its database —
 * `DATABASE_URL` (PostgreSQL) or else PGlite in `PGLITE_DIR` (default `.data/<name>`; `memory://` keeps nothing) —
 * the gateway's signing secret, `HUB_SIGNING_SECRET` (see readSigningConfig), and where the
 * nonces of accepted requests are remembered: Redis at `REDIS_URL` under `HUB_NONCE_NAMESPACE`
 * (default `crimehub:<name>:nonce`), or memory when `REDIS_URL` is not set.
 */
export function readSubgraphConfig(name: string, defaultPort: number, env: Env = process.env): SubgraphConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.optional('DATABASE_URL');
  if (databaseUrl !== undefined) read.url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const redisUrl = read.optional('REDIS_URL');
  if (redisUrl !== undefined) read.url('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const nonces = { ...(redisUrl ? { redisUrl } : {}), namespace: read.string('HUB_NONCE_NAMESPACE', `crimehub:${name}:nonce`) };
  const config: SubgraphConfig = {
    name,
    host: read.string('HOST', '127.0.0.1'),
    port: read.port('PORT', defaultPort),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'pglite', dir: resolveDataDir(read.string('PGLITE_DIR', path.join(repoRoot, '.data', name))) },
    signing: { ...readSigningConfig(read), nonces },
  };
  read.done();
  return config;
}

function resolveDataDir(dir: string): string {
  return dir === 'memory://' ? dir : path.resolve(repoRoot, dir);
}
