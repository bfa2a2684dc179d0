// Apollo Server's automatic persisted queries (a client sends a query's sha256 and, the first time
// it is unknown, the query with it; then only the hash, as a GET a CDN can cache) keep the
// registered texts here: in memory, at most APQ_CACHE_MAX_BYTES of keys and texts, the least
// recently used dropped first. Who may register is the trusted-documents policy's call
// (security/trustedDocuments.ts): a caller held to the saved operations can neither register a
// text nor run one registered by someone else.
import type { PersistedQueryOptions } from '@apollo/server';

/** Apollo Server's cache interface (from @apollo/utils.keyvaluecache, which the gateway does not depend on directly). */
type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;
type SetOptions = Parameters<KeyValueCache['set']>[2];

interface Entry {
  value: string;
  /** Epoch milliseconds, when a ttl was given. */
  expires?: number;
}

export class BoundedPersistedQueryCache implements KeyValueCache {
  /** In order of use, least recent first. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** How many bytes (UTF-16 code units of keys and texts) it holds. */
  get size(): number {
    return this.bytes;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires !== undefined && entry.expires <= this.clock()) {
      this.remove(key, entry);
      return undefined;
    }
    // Used: now the most recent.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, options?: SetOptions): Promise<void> {
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    const cost = key.length + value.length;
    // A text larger than the whole cache is not kept (the client sends it in full again).
    if (cost > this.maxBytes) return;
    const ttl = options?.ttl;
    this.entries.set(key, { value, ...(typeof ttl === 'number' && ttl > 0 ? { expires: this.clock() + ttl * 1000 } : {}) });
    this.bytes += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(key, entry);
    return true;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= key.length + entry.value.length;
  }
}
