// The automatic persisted queries cache holds at most its size, dropping the least recently used
// first, and forgets an entry after its ttl.
import { describe, expect, it } from 'vitest';
import { BoundedPersistedQueryCache } from './persistedQueryCache.ts';

describe('the persisted queries cache', () => {
  it('keeps at most maxBytes of keys and texts, dropping the least recently used', async () => {
    const cache = new BoundedPersistedQueryCache(30);
    await cache.set('a', '123456789'); // 10
    await cache.set('b', '123456789'); // 20
    expect(await cache.get('a')).toBe('123456789'); // a is now the most recent
    await cache.set('c', '123456789'); // 30
    await cache.set('d', '123456789'); // 40: b goes
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('123456789');
    expect(await cache.get('d')).toBe('123456789');
    expect(cache.size).toBe(30);
  });

  it('replaces a key, refuses a text larger than the whole cache, and deletes', async () => {
    const cache = new BoundedPersistedQueryCache(20);
    await cache.set('a', '1');
    await cache.set('a', '12');
    expect(cache.size).toBe(3);
    await cache.set('big', 'x'.repeat(50));
    expect(await cache.get('big')).toBeUndefined();
    expect(await cache.get('a')).toBe('12');
    expect(await cache.delete('a')).toBe(true);
    expect(await cache.delete('a')).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('forgets an entry after its ttl (seconds)', async () => {
    let now = 1_000;
    const cache = new BoundedPersistedQueryCache(100, () => now);
    await cache.set('a', 'text', { ttl: 10 });
    await cache.set('b', 'text');
    now += 9_999;
    expect(await cache.get('a')).toBe('text');
    now += 1;
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('b')).toBe('text');
    expect(cache.size).toBe(5);
  });
});
