// The gateway's cache of whole public answers. An anonymous query whose every root field has a
// cache hint (`@cacheControl` in the partners' SDL, publicCaching.ts) and whose answer came back
// whole (200, no error) is kept, bytes and headers as they went out, for its max-age; the same
// request again is answered from memory before Apollo Server parses, validates or plans anything,
// and no subgraph is asked. Rate limits, security headers, CORS, ETags and 304s still apply: they
// run in the hooks around this one.
//
// What makes a request "the same": its method, its `Accept`, the query text or the persisted
// query's hash, the operation name and the variables (keys in any order). Only what Apollo Server
// would run is served: a POST must be JSON and a GET must carry the CSRF header
// (`apollo-require-preflight` or `x-apollo-operation-name`); a signed-in caller (an
// `Authorization` header) is never served from the cache, nor cached.
//
// Invalidation: each answer is tagged with the subgraphs that gave it. A mutation through the
// gateway drops every answer of the subgraphs it called, once it has answered (whether or not it
// succeeded: it may have written part); an answer whose request was running while anything was
// dropped is not kept, so a pre-mutation answer never outlives the mutation. With `REDIS_URL`,
// the drops are published on `RESPONSE_CACHE_CHANNEL` and every replica drops the same answers;
// a replica that loses its Redis connection empties its cache when it is back (it may have missed
// some). Changes a partner makes outside the graph (an import, a seed) are seen within the hint.
import type { ApolloServerPlugin } from '@apollo/server';
import { BoundedCache, Counter, Gauge, type EnvReader, type Registry } from '@crimehub/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { noStore } from './publicCaching.ts';

export interface ResponseCacheConfig {
  /** `RESPONSE_CACHE_MAX_BYTES`: how much it may hold; 0 turns it off. */
  maxBytes: number;
  /** `REDIS_URL` (the one rate limits use): invalidations reach every replica through it. */
  redisUrl: string | undefined;
  /** `RESPONSE_CACHE_CHANNEL`: the Redis channel invalidations go on, one per hub. */
  channel: string;
}

export function readResponseCacheConfig(read: EnvReader, redisUrl: string | undefined): ResponseCacheConfig {
  const channel = read.string('RESPONSE_CACHE_CHANNEL', 'bch:response-cache');
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(channel)) read.problems.push(`RESPONSE_CACHE_CHANNEL must be 1 to 128 letters, digits or _ . : -, got "${channel}"`);
  return { maxBytes: read.integer('RESPONSE_CACHE_MAX_BYTES', 32 * 1024 * 1024, { max: 1024 * 1024 * 1024 }), redisUrl, channel };
}

/** What a request's Apollo context carries for the cache, filled in while the request runs. */
export interface CacheNote {
  /** The subgraphs the request called (subgraphDataSource.ts). */
  subgraphs: Set<string>;
  /** Set (publicCaching.ts) when the answer may be kept: its max-age in seconds. */
  maxAge?: number;
  /** The operation's metrics label (gatewayMetrics.ts), for the hit counter. */
  operation?: string;
}

interface Entry {
  body: string;
  contentType: string;
  /** When it expires (epoch milliseconds): a GET served from the cache says how long is left. */
  expires: number;
  /** The subgraphs it came from. */
  tags: readonly string[];
  operation: string;
}

/** The most a request's text and variables may be for its answer to be cached: a larger one is rare and not worth a key. */
const maxKeyLength = 16 * 1024;

/** Any JSON value with object keys sorted, so that `{a, b}` and `{b, a}` are one key. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const parseJson = (text: unknown): unknown => {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') return Symbol.for('invalid');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('invalid');
  }
};

/**
 * The cache key of a request, or undefined when it is not one to serve from the cache or keep:
 * signed in, not GET or POST, without the CSRF header (GET) or JSON (POST), a batch, not a
 * query text or persisted hash, or too long.
 */
export function cacheKeyOf(request: Pick<FastifyRequest, 'method' | 'headers' | 'body' | 'query'>): string | undefined {
  const { headers } = request;
  if (headers.authorization !== undefined) return undefined;
  let fields: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
  if (request.method === 'GET') {
    if (headers['apollo-require-preflight'] === undefined && headers['x-apollo-operation-name'] === undefined) return undefined;
    const query = (request.query ?? {}) as Record<string, unknown>;
    fields = { query: query.query, operationName: query.operationName, variables: parseJson(query.variables), extensions: parseJson(query.extensions) };
  } else if (request.method === 'POST') {
    if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) return undefined;
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
    fields = body as typeof fields;
  } else {
    return undefined;
  }
  const { query, operationName, variables, extensions } = fields;
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (query !== undefined && typeof query !== 'string') return undefined;
  if (hash !== undefined && typeof hash !== 'string') return undefined;
  if (query === undefined && hash === undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const key = JSON.stringify([request.method, headers.accept ?? '', query ?? '', hash ?? '', operationName ?? '', canonical(variables ?? {})]);
  return key.length > maxKeyLength ? undefined : key;
}

export interface ResponseCacheStats {
  entries: number;
  bytes: number;
}

export class ResponseCache {
  private readonly entries: BoundedCache<Entry>;
  /** Counts the drops so far: an answer whose request ran across one is not kept. */
  private generation = 0;

  constructor(
    maxBytes: number,
    readonly clock: () => number = Date.now,
  ) {
    this.entries = new BoundedCache(maxBytes, Math.max(1, Math.floor(maxBytes / 10)), clock);
  }

  /** The generation now: give it back to `store` with the answer. */
  get current(): number {
    return this.generation;
  }

  lookup(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** Keeps an answer for `maxAge` seconds, unless something was dropped since `generation`. */
  store(key: string, entry: Omit<Entry, 'expires'>, maxAge: number, generation: number): boolean {
    if (generation !== this.generation) return false;
    return this.entries.set(key, { ...entry, expires: this.clock() + maxAge * 1000 }, 2 * (key.length + entry.body.length) + 64, maxAge * 1000);
  }

  /** Drops the answers that came from any of these subgraphs (every answer, for `all`). */
  invalidate(tags: readonly string[] | 'all'): number {
    this.generation += 1;
    if (tags === 'all') {
      const dropped = this.entries.count;
      this.entries.clear();
      return dropped;
    }
    return this.entries.deleteWhere((entry) => entry.tags.some((tag) => tags.includes(tag)));
  }

  read(): ResponseCacheStats {
    return { entries: this.entries.count, bytes: this.entries.size };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The response cache's note on this request (undefined when the cache is off or it may not be cached). */
    cacheNote?: CacheNote;
  }
}

interface Pending {
  key: string;
  generation: number;
}

/** Invalidations from other replicas, and this one's to them. */
interface InvalidationBus {
  publish(tags: readonly string[]): void;
  close(): Promise<void>;
}

/** The Redis channel every replica listens on; a message is the JSON list of subgraphs whose answers to drop. */
function redisBus(config: ResponseCacheConfig & { redisUrl: string }, cache: ResponseCache, onDrop: (source: string, count: number) => void, log: FastifyInstance['log']): InvalidationBus {
  const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const publisher = new Redis(config.redisUrl, options);
  const subscriber = new Redis(config.redisUrl, { ...options, enableOfflineQueue: true });
  let connectedBefore = false;
  const warn = (error: Error) => log.warn({ err: error }, 'response cache: Redis unavailable; answers are still dropped here, and every answer is dropped when it is back');
  publisher.on('error', warn);
  subscriber.on('error', warn);
  subscriber.on('ready', () => {
    // Back after a break: messages may have been missed, so nothing kept is trusted.
    if (connectedBefore) onDrop('reconnect', cache.invalidate('all'));
    connectedBefore = true;
    void subscriber.subscribe(config.channel).catch(warn);
  });
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== config.channel) return;
    const tags = parseJson(message);
    if (Array.isArray(tags) && tags.length <= 16 && tags.every((tag) => typeof tag === 'string' && tag.length <= 64)) onDrop('replica', cache.invalidate(tags as string[]));
    else onDrop('replica', cache.invalidate('all'));
  });
  return {
    publish(tags) {
      if (publisher.status !== 'ready') return;
      publisher.publish(config.channel, JSON.stringify(tags)).catch(warn);
    },
    async close() {
      for (const client of [publisher, subscriber]) {
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }
    },
  };
}

/** The metrics of the response cache, registered beside the gateway's. */
function cacheMetrics(registry: Registry, cache: ResponseCache) {
  const registers = [registry];
  const hits = new Counter({
    name: 'gateway_response_cache_hits_total',
    help: 'Answers sent from the response cache, by operation (as graphql_operations_total labels it)',
    labelNames: ['operation'],
    registers,
  });
  const misses = new Counter({ name: 'gateway_response_cache_misses_total', help: 'Cacheable requests (anonymous queries) not found in the response cache', registers });
  const dropped = new Counter({
    name: 'gateway_response_cache_invalidations_total',
    help: 'Answers dropped from the response cache, by why: mutation (here), replica (another gateway), reconnect (Redis came back)',
    labelNames: ['source'],
    registers,
  });
  new Gauge({
    name: 'gateway_response_cache_bytes',
    help: 'Bytes held in the response cache (estimated)',
    registers,
    collect() {
      this.set(cache.read().bytes);
    },
  });
  new Gauge({
    name: 'gateway_response_cache_entries',
    help: 'Answers held in the response cache',
    registers,
    collect() {
      this.set(cache.read().entries);
    },
  });
  for (const source of ['mutation', 'replica', 'reconnect']) dropped.inc({ source }, 0);
  return { hits, misses, dropped };
}

export interface RegisteredResponseCache {
  /** Labels what it keeps, and drops what a mutation's subgraphs answered (sending the drop to the other replicas). */
  plugin: ApolloServerPlugin<{ cacheNote?: CacheNote }>;
  cache: ResponseCache;
}

/**
 * Registers the cache on the GraphQL route: served before Apollo Server (a `preHandler` hook,
 * after rate limits and the body limit), kept on the way out (`onSend`, before the ETag hook, so
 * it sees the whole body). Register it before registerPublicCaching.
 */
export function registerResponseCache(
  app: FastifyInstance,
  config: ResponseCacheConfig,
  registry: Registry,
  operationLabel: (name: string | null | undefined, query: string | undefined) => string,
  graphqlPath = '/graphql',
): RegisteredResponseCache | undefined {
  if (config.maxBytes === 0) return undefined;
  const cache = new ResponseCache(config.maxBytes);
  const metrics = cacheMetrics(registry, cache);
  const onDrop = (source: string, count: number) => metrics.dropped.inc({ source }, count);
  const bus = config.redisUrl ? redisBus({ ...config, redisUrl: config.redisUrl }, cache, onDrop, app.log) : undefined;
  const pending = new WeakMap<FastifyRequest, Pending>();

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url !== graphqlPath) return undefined;
    // Every request notes the subgraphs it calls: a mutation's say what to drop.
    request.cacheNote = { subgraphs: new Set() };
    const key = cacheKeyOf(request);
    if (key === undefined) return undefined;
    const entry = cache.lookup(key);
    if (entry) {
      metrics.hits.inc({ operation: entry.operation });
      // A GET's answer is public for as long as it has left here; a POST's is not for HTTP caches (publicCaching.ts).
      const maxAge = Math.max(0, Math.floor((entry.expires - cache.clock()) / 1000));
      return reply
        .code(200)
        .header('content-type', entry.contentType)
        .header('cache-control', request.method === 'GET' ? `public, max-age=${maxAge}` : noStore)
        .send(entry.body);
    }
    metrics.misses.inc();
    pending.set(request, { key, generation: cache.current });
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const waiting = pending.get(request);
    const note = request.cacheNote;
    if (!waiting || !note || note.maxAge === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const contentType = reply.getHeader('content-type');
    if (typeof contentType !== 'string') return payload;
    cache.store(waiting.key, { body: payload, contentType, tags: [...note.subgraphs], operation: note.operation ?? 'other' }, note.maxAge, waiting.generation);
    return payload;
  });
  app.addHook('onClose', async () => bus?.close());

  const plugin: RegisteredResponseCache['plugin'] = {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ operation, operationName, request }) {
          const note = contextValue.cacheNote;
          if (!note) return;
          note.operation = operationLabel(operationName ?? request.operationName, request.query);
          if (operation?.operation !== 'mutation' || note.subgraphs.size === 0) return;
          const tags = [...note.subgraphs];
          onDrop('mutation', cache.invalidate(tags));
          bus?.publish(tags);
        },
      };
    },
  };
  return { plugin, cache };
}
