// One bounded in-memory cache for every cache of the hub's processes (the embedded database's
// read cache, the gateway's response cache and its automatic persisted queries): entries with a
// cost in bytes, at most `maxBytes` of them, the least recently used dropped first, an entry may
// expire, and one that costs more than `maxEntryBytes` is not kept at all.

interface Slot<V> {
  value: V;
  cost: number;
  /** Epoch milliseconds after which it is gone; none: until dropped. */
  expires?: number;
}

export class BoundedCache<V> {
  /** In order of use, least recent first. */
  private readonly slots = new Map<string, Slot<V>>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntryBytes: number = maxBytes,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The bytes its entries cost together. */
  get size(): number {
    return this.bytes;
  }

  /** How many entries it holds. */
  get count(): number {
    return this.slots.size;
  }

  /** An entry's value, now the most recently used; undefined when absent or expired. */
  get(key: string): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expires !== undefined && slot.expires <= this.clock()) {
      this.remove(key, slot);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Keeps a value at `cost` bytes, for `ttlMs` when given; returns whether it was kept (not when it costs too much). */
  set(key: string, value: V, cost: number, ttlMs?: number): boolean {
    const existing = this.slots.get(key);
    if (existing) this.remove(key, existing);
    if (cost > this.maxEntryBytes || cost > this.maxBytes) return false;
    this.slots.set(key, { value, cost, ...(ttlMs !== undefined && ttlMs > 0 ? { expires: this.clock() + ttlMs } : {}) });
    this.bytes += cost;
    for (const [oldest, slot] of this.slots) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, slot);
    }
    return true;
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.remove(key, slot);
    return true;
  }

  /** Drops every entry whose value `matches`. */
  deleteWhere(matches: (value: V) => boolean): number {
    let dropped = 0;
    for (const [key, slot] of this.slots) {
      if (!matches(slot.value)) continue;
      this.remove(key, slot);
      dropped += 1;
    }
    return dropped;
  }

  clear(): void {
    this.slots.clear();
    this.bytes = 0;
  }

  private remove(key: string, slot: Slot<V>): void {
    this.slots.delete(key);
    this.bytes -= slot.cost;
  }
}
