// Apollo Server's automatic persisted queries (a client sends a query's sha256 and, the first time
// it is unknown, the query with it; then only the hash, as a GET a CDN can cache) keep the
// registered texts here: in memory, at most APQ_CACHE_MAX_BYTES of keys and texts, the least
// recently used dropped first. Who may register is the trusted-documents policy's call
// (security/trustedDocuments.ts): a caller held to the saved operations can neither register a
// text nor run one registered by someone else.
import type { PersistedQueryOptions } from '@apollo/server';
import { BoundedCache } from '@crimehub/common';

/** Apollo Server's cache interface (from @apollo/utils.keyvaluecache, which the gateway does not depend on directly). */
type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;
type SetOptions = Parameters<KeyValueCache['set']>[2];

export class BoundedPersistedQueryCache implements KeyValueCache {
  private readonly entries: BoundedCache<string>;

  constructor(
    readonly maxBytes: number,
    clock: () => number = Date.now,
  ) {
    this.entries = new BoundedCache(maxBytes, maxBytes, clock);
  }

  /** How many bytes (UTF-16 code units of keys and texts) it holds. */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    // A text larger than the whole cache is not kept (the client sends it in full again).
    const ttl = options?.ttl;
    this.entries.set(key, value, key.length + value.length, typeof ttl === 'number' && ttl > 0 ? ttl * 1000 : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}
