// Rate-limit counts shared by every gateway through Redis while Redis answers, and kept in this
// process's memory while it does not: a Redis outage neither stalls requests nor turns limiting off.
import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

// @fastify/rate-limit's own two stores (not exported from its index): the same counting, the same
// Lua script in Redis, as the plugin uses when given only one of them.
const requireHere = createRequire(import.meta.url);
type StoreFlags = [continueExceeding: boolean, exponentialBackoff: boolean];
const RedisStore = requireHere('@fastify/rate-limit/store/RedisStore.js') as new (...args: [...StoreFlags, redis: Redis, key: string]) => FastifyRateLimitStore;
const LocalStore = requireHere('@fastify/rate-limit/store/LocalStore.js') as new (...args: StoreFlags) => FastifyRateLimitStore;

/** How long a command may take before it counts as failed: Redis answers in a millisecond or two. */
const commandTimeoutMs = 200;
/** After a command fails or times out on a connected Redis, count in memory this long before trying it again. */
const pauseAfterFailureMs = 5_000;
/** At most one warning per this long while Redis stays down. */
const warningIntervalMs = 10_000;

export interface SharedRateLimitStore {
  /** The store class for @fastify/rate-limit's `store` option. */
  store: FastifyRateLimitStoreCtor;
  /** Resolves once Redis is ready, or after a short wait (counting starts in memory). */
  ready: Promise<void>;
  close: () => Promise<void>;
}

/**
 * Connects to Redis so that nothing ever waits on it: no offline queue (a command fails at once
 * while disconnected), short connect and command timeouts, and ioredis reconnecting in the
 * background. Every count goes to Redis while it is ready, and to memory otherwise.
 */
export function createSharedRateLimitStore(redisUrl: string, namespace: string, log: FastifyBaseLogger): SharedRateLimitStore {
  const redis = new Redis(redisUrl, {
    connectTimeout: 1000,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    connectionName: `${namespace}-rate-limit`,
  });
  let pausedUntil = 0;
  let degraded = false;
  let lastWarning = 0;
  const warn = (error: Error & { code?: string }) => {
    degraded = true;
    if (Date.now() - lastWarning < warningIntervalMs) return;
    lastWarning = Date.now();
    log.warn({ code: error.code, message: error.message }, 'rate-limit Redis unavailable: counting in memory on this gateway until it is back');
  };
  redis.on('error', warn);
  redis.on('ready', () => {
    pausedUntil = 0;
    if (degraded) log.info('rate-limit Redis is back: counts are shared by every gateway again');
    degraded = false;
  });
  const usable = () => redis.status === 'ready' && Date.now() >= pausedUntil;
  const failed = (error: Error) => {
    pausedUntil = Date.now() + pauseAfterFailureMs;
    warn(error);
  };

  class SharedOrLocal implements FastifyRateLimitStore {
    constructor(
      private readonly shared: FastifyRateLimitStore,
      private readonly local: FastifyRateLimitStore,
    ) {}

    incr(key: string, callback: Parameters<FastifyRateLimitStore['incr']>[1], timeWindow: number, max: number): void {
      if (!usable()) return this.local.incr(key, callback, timeWindow, max);
      this.shared.incr(
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          failed(error);
          this.local.incr(key, callback, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      return new SharedOrLocal(this.shared.child(routeOptions), this.local.child(routeOptions));
    }
  }

  const key = `${namespace}:rate-limit:`;
  const store = class extends SharedOrLocal {
    constructor(options: FastifyRateLimitOptions) {
      // The plugin passes its resolved settings, these two included.
      const { continueExceeding = false, exponentialBackoff = false } = options as { continueExceeding?: boolean; exponentialBackoff?: boolean };
      const flags: StoreFlags = [continueExceeding, exponentialBackoff];
      super(new RedisStore(...flags, redis, key), new LocalStore(...flags));
    }
  };

  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });

  const close = async () => {
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  };
  return { store, ready, close };
}
