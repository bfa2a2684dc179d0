// Prometheus metrics for every process of the hub, at `GET /metrics`, for the operator's scraper
// only: the request must carry `Authorization: Bearer <METRICS_TOKEN>`. Without METRICS_TOKEN
// the route refuses everyone. Every label takes values from a short, known list (a route
// pattern, a status class, an error code of the table), never from what a client sends.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EnvReader } from './config.ts';
import type { PoolUse } from './db.ts';
import type { ReadCacheStats } from './readCache.ts';
import { ErrorCode } from './errors.ts';

// The metric types each process adds its own metrics with, from the one prom-client the hub uses.
export { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface MetricsConfig {
  /** `METRICS_TOKEN`: the bearer token a scraper sends to `GET /metrics`; unset, the route refuses everyone. */
  token: string | undefined;
}

/** `METRICS_TOKEN`: 16 to 256 characters, when set. */
export function readMetricsConfig(read: EnvReader): MetricsConfig {
  const token = read.optional('METRICS_TOKEN');
  if (token !== undefined && (token.length < 16 || token.length > 256)) read.problems.push('METRICS_TOKEN must be 16 to 256 characters long');
  return { token };
}

/** Latency buckets in seconds: from a cached answer to the longest deadline. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const registries = new WeakMap<FastifyInstance, Registry>();

/** The registry an app's `/metrics` shows, for work started beside the app (e.g. the police leader's jobs). */
export function metricsRegistryOf(app: FastifyInstance): Registry | undefined {
  return registries.get(app);
}

/** The route a request matched, or `unmatched` (a 404): never the URL a client sent. */
const routeOf = (request: { routeOptions: { url?: string } }) => request.routeOptions.url ?? 'unmatched';

/** An error code for a label: one of the table's, or `OTHER`. */
const knownErrorCodes = new Set<string>([...Object.values(ErrorCode), 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_SUPPORTED', 'BAD_REQUEST']);
export const errorCodeLabel = (code: unknown): string => (typeof code === 'string' && knownErrorCodes.has(code) ? code : 'OTHER');

/**
 * A process's metrics: Node's own (memory, event loop lag, CPU), and the rate and latency of
 * its HTTP requests by route, method and status class. Each process adds its own metrics to
 * `registry`. Call once per app: the registry is the app's, not global.
 */
export function registerMetrics(app: FastifyInstance, service: string, config: MetricsConfig): Registry {
  const registry = new Registry();
  registries.set(app, registry);
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status class',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['route'],
    buckets: latencyBuckets,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    if (route === '/metrics') return;
    const method = ['GET', 'POST', 'HEAD', 'OPTIONS'].includes(request.method) ? request.method : 'OTHER';
    requests.inc({ route, method, status: `${Math.floor(reply.statusCode / 100)}xx` });
    latency.observe({ route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (request, reply) => {
    if (config.token === undefined) return refuse(reply, 403, ErrorCode.FORBIDDEN, 'Metrics are off: set METRICS_TOKEN to let a scraper read them.');
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined || !sameSecret(presented, config.token)) {
      return refuse(reply, 401, ErrorCode.UNAUTHENTICATED, 'Metrics are for the operator: send Authorization: Bearer <METRICS_TOKEN>.');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}

/** The database connection pool's use, read when scraped (PostgreSQL only: PGlite has no pool). */
export function registerPoolMetrics(registry: Registry, poolUse: () => PoolUse): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections in the database pool, by state (busy, idle)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = poolUse();
      this.set({ state: 'busy' }, use.total - use.idle);
      this.set({ state: 'idle' }, use.idle);
    },
  });
  new Gauge({
    name: 'db_pool_waiting',
    help: 'Queries waiting for a database connection',
    registers: [registry],
    collect: function () {
      this.set(poolUse().waiting);
    },
  });
  new Gauge({
    name: 'db_pool_max',
    help: 'The most connections the pool opens',
    registers: [registry],
    collect: function () {
      this.set(poolUse().max);
    },
  });
}

/** The embedded database's read cache (readCache.ts), read when scraped. */
export function registerReadCacheMetrics(registry: Registry, stats: () => ReadCacheStats): void {
  const counted = (name: string, help: string, value: (s: ReadCacheStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value(stats()));
      },
    });
  counted('db_read_cache_hits_total', 'SELECT statements answered from the read cache', (s) => s.hits);
  counted('db_read_cache_misses_total', 'Cacheable SELECT statements sent to the database', (s) => s.misses);
  counted('db_read_cache_invalidations_total', 'Times a write or the end of a transaction emptied the read cache', (s) => s.invalidations);
  new Gauge({
    name: 'db_read_cache_bytes',
    help: 'Bytes held in the read cache (estimated)',
    registers: [registry],
    collect() {
      this.set(stats().bytes);
    },
  });
}

function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send({ errors: [{ message, extensions: { code } }] });
}

/** Compares in time that does not depend on where the strings differ. */
function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The value of one sample in Prometheus's text format: the line of `name` whose labels include
 * all of `labels` (in any order); undefined when there is none. For tests and tools that read /metrics.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}
