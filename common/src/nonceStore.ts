// Which signed requests a subgraph has already accepted: each nonce is claimed once and
// remembered until its signature would be too old anyway, so a captured request cannot be
// replayed. In memory by default; with `REDIS_URL`, shared by every replica of the subgraph.
//
// Redis down: the subgraph keeps answering and keeps refusing the nonces it saw itself (every
// nonce is always claimed in memory too), warns, and uses Redis again once it is back. While it
// is down, a request captured on its way to one replica could be replayed once to another
// replica within the window (seconds); refusing every request instead would let a Redis outage
// take the whole hub down.
import { Redis } from 'ioredis';
import type { NonceClaimer } from './signing.ts';

export interface NonceStore extends NonceClaimer {
  /** Resolves once the store can take claims, or after a short wait when it cannot (then memory serves). */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

interface Log {
  warn: (obj: object, msg: string) => void;
}

/** Nonces in this process's memory; expired ones are dropped as new ones arrive. */
export class MemoryNonceStore implements NonceStore {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  async whenReady(): Promise<void> {}

  async claim(nonce: string, until: number): Promise<boolean> {
    return this.claimNow(nonce, until);
  }

  claimNow(nonce: string, until: number): boolean {
    const now = this.clock();
    if (now >= this.nextSweep) this.sweep(now);
    const known = this.seen.get(nonce);
    if (known !== undefined && known > now) return false;
    this.seen.set(nonce, until);
    return true;
  }

  /** How many nonces it holds (for tests of the sweep). */
  get size(): number {
    return this.seen.size;
  }

  // A Map keeps insertion order, which is close to expiry order: one pass, at most once a second,
  // keeps the map as small as the traffic of one window.
  private sweep(now: number): void {
    for (const [nonce, until] of this.seen) if (until <= now) this.seen.delete(nonce);
    this.nextSweep = now + 1000;
  }

  async close(): Promise<void> {
    this.seen.clear();
  }
}

/**
 * Nonces in Redis (`SET key 1 PX ttl NX` under `namespace`), and in memory as well. A Redis that
 * does not answer within `commandTimeoutMs` counts as down for that request: the memory answer
 * stands.
 */
export class RedisNonceStore implements NonceStore {
  private readonly memory: MemoryNonceStore;
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly namespace: string,
    private readonly log?: Log,
    { commandTimeoutMs = 250, clock = Date.now }: { commandTimeoutMs?: number; clock?: () => number } = {},
  ) {
    this.memory = new MemoryNonceStore(clock);
    this.redis = new Redis(url, {
      // Fail fast while Redis is down (no queue of waiting commands), and keep reconnecting.
      connectTimeout: 1000,
      commandTimeout: commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    });
    this.redis.on('error', (error: Error & { code?: string }) => this.warn(error));
  }

  private warn(error: Error & { code?: string }): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.log?.warn({ code: error.code, message: error.message }, 'nonce Redis unavailable: replayed requests are refused only by the replica that saw them first until it is back');
  }

  /** Waits up to `timeoutMs` for Redis, so that the first requests are shared too; never fails. */
  async whenReady(timeoutMs = 2000): Promise<void> {
    if (this.ready) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.redis.once('ready', done);
    });
  }

  /** Whether Redis is connected (requests meanwhile rely on memory alone). */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async claim(nonce: string, until: number): Promise<boolean> {
    if (!this.memory.claimNow(nonce, until)) return false;
    // Not connected: answer at once rather than queue the command behind a reconnect.
    if (!this.ready) return true;
    const ttl = Math.max(1, Math.ceil(until - Date.now()));
    try {
      return (await this.redis.set(`${this.namespace}:${nonce}`, '1', 'PX', ttl, 'NX')) === 'OK';
    } catch (error) {
      this.warn(error as Error);
      return true;
    }
  }

  async close(): Promise<void> {
    await this.memory.close();
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}

/** The store `SigningConfig.nonces` asks for. */
export function createNonceStore(options: { redisUrl?: string; namespace: string } | undefined, log?: Log): NonceStore {
  return options?.redisUrl ? new RedisNonceStore(options.redisUrl, options.namespace, log) : new MemoryNonceStore();
}
