// The gateway's limits and hygiene settings, from environment variables (validated with the
// rest of the gateway's configuration: every bad variable is named at once).
import { readHttpTimeouts, type EnvReader, type HttpTimeouts } from '@crimehub/common';
import { readInputBounds, type InputBounds } from './inputBounds.ts';

/** Who may introspect the schema: everyone, no one, or signed-in partner staff, analysts and administrators. */
export type IntrospectionPolicy = 'on' | 'off' | 'partners';

export interface SecurityConfig {
  /** `NODE_ENV=production`. */
  production: boolean;
  /** `MAX_DEPTH`: deepest selection nesting an operation may have. */
  maxDepth: number;
  /** `MAX_ALIASES`: aliases an operation may use (`__typename` aliases are free). */
  maxAliases: number;
  /** `MAX_TOKENS`: lexical tokens a document may have; counted before it is parsed. */
  maxTokens: number;
  /** `MAX_COST`: the demand-control cost (objects × list sizes, see documentLimits.ts) an operation may reach. */
  maxCost: number;
  /** `MAX_DIRECTIVES`: directives an operation may use. */
  maxDirectives: number;
  /** `MAX_BODY_BYTES`: largest request body accepted; larger ones get 413. */
  maxBodyBytes: number;
  /** `MAX_ID_LENGTH`, `MAX_STRING_LENGTH`: the longest ID and text values an argument or variable may hold (see inputBounds.ts). */
  inputBounds: InputBounds;
  /** `MAX_RESPONSE_BYTES`: largest answer sent; a larger one is replaced by a QUERY_TOO_COMPLEX error. */
  maxResponseBytes: number;
  /** `ALLOW_BATCHED_REQUESTS`: whether one POST may carry an array of operations. */
  allowBatchedRequests: boolean;
  /** `MAX_BATCH_SIZE`: most operations in one batch (only when batching is allowed). */
  maxBatchSize: number;
  /** `RATE_LIMIT_MAX` requests per `RATE_LIMIT_WINDOW_MS` for each identity (each IP when anonymous). */
  rateLimit: {
    max: number;
    windowMs: number;
    /** `REDIS_URL`: when set, counts are shared by every gateway through Redis; otherwise kept in memory. */
    redisUrl: string | undefined;
    /** `RATE_LIMIT_NAMESPACE`: prefix of the Redis keys, so several hubs (or tests) can share one Redis. */
    namespace: string;
  };
  /** `CORS_ORIGINS`: exact origins (scheme://host[:port]) browsers may call the gateway from. */
  corsOrigins: string[];
  /** `INTROSPECTION`: `on`, `off` or `partners`. */
  introspection: IntrospectionPolicy;
  /** `HEADERS_TIMEOUT_MS`, `REQUEST_TIMEOUT_MS`, `KEEP_ALIVE_TIMEOUT_MS`, `CONNECTION_TIMEOUT_MS`: how long a slow or idle client may hold a connection. */
  timeouts: HttpTimeouts;
}

const developmentOrigins = 'http://localhost:3000,http://localhost:5173';

export function readSecurityConfig(read: EnvReader): SecurityConfig {
  const production = read.production;
  const allowBatchedRequests = read.oneOf('ALLOW_BATCHED_REQUESTS', ['true', 'false'], 'false') === 'true';
  const redisUrl = read.optional('REDIS_URL');
  if (redisUrl !== undefined) read.url('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const namespace = read.string('RATE_LIMIT_NAMESPACE', 'bch');
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(namespace)) {
    read.problems.push(`RATE_LIMIT_NAMESPACE must be 1 to 64 letters, digits or _ . : -, got "${namespace}"`);
  }
  return {
    production,
    maxDepth: read.integer('MAX_DEPTH', 12, { min: 1, max: 1000 }),
    maxAliases: read.integer('MAX_ALIASES', 20, { min: 0, max: 10_000 }),
    maxTokens: read.integer('MAX_TOKENS', 2000, { min: 10, max: 1_000_000 }),
    maxCost: read.integer('MAX_COST', 5000, { min: 1, max: 10_000_000 }),
    maxDirectives: read.integer('MAX_DIRECTIVES', 20, { min: 0, max: 10_000 }),
    maxBodyBytes: read.integer('MAX_BODY_BYTES', 102_400, { min: 1024, max: 100 * 1024 * 1024 }),
    inputBounds: readInputBounds(read),
    maxResponseBytes: read.integer('MAX_RESPONSE_BYTES', 1_048_576, { min: 1024, max: 1024 * 1024 * 1024 }),
    allowBatchedRequests,
    maxBatchSize: read.integer('MAX_BATCH_SIZE', 5, { min: 1, max: 100 }),
    rateLimit: {
      max: read.integer('RATE_LIMIT_MAX', 300, { min: 1, max: 1_000_000 }),
      windowMs: read.integer('RATE_LIMIT_WINDOW_MS', 60_000, { min: 1000, max: 24 * 60 * 60 * 1000 }),
      redisUrl,
      namespace,
    },
    corsOrigins: readOrigins(read, production ? '' : developmentOrigins),
    introspection: read.oneOf<IntrospectionPolicy>('INTROSPECTION', ['on', 'off', 'partners'], production ? 'partners' : 'on'),
    timeouts: readHttpTimeouts(read),
  };
}

/** `CORS_ORIGINS`: a comma-separated list of exact origins such as `https://app.example.org`; no wildcards. */
function readOrigins(read: EnvReader, fallback: string): string[] {
  const raw = read.string('CORS_ORIGINS', fallback);
  const origins: string[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === entry) origin = url.origin;
    } catch {
      // reported below
    }
    if (origin === undefined) {
      read.problems.push(`CORS_ORIGINS must list exact origins such as https://app.example.org (scheme, host and port only, no path, no wildcard), got "${entry}"`);
    } else {
      origins.push(origin);
    }
  }
  return origins;
}
