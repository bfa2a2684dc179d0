// The one bounded cache (boundedCache.ts): its bound in bytes, least recently used first out,
// expiry, and entries too large to keep.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from './boundedCache.ts';

describe('a bounded cache', () => {
  it('drops the least recently used entries to stay within its bytes', () => {
    const cache = new BoundedCache<string>(30);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    cache.set('c', 'C', 10);
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('d', 'D', 10);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual(['A', 'C', 'D']);
    expect(cache.size).toBe(30);
    expect(cache.count).toBe(3);
  });

  it('keeps nothing that costs more than one entry may, and replaces an entry under the same key', () => {
    const cache = new BoundedCache<string>(100, 20);
    expect(cache.set('big', 'x', 21)).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    cache.set('k', 'one', 10);
    cache.set('k', 'two', 15);
    expect(cache.get('k')).toBe('two');
    expect(cache.size).toBe(15);
  });

  it('forgets an entry once it expires', () => {
    let now = 1_000;
    const cache = new BoundedCache<string>(100, 100, () => now);
    cache.set('k', 'v', 1, 500);
    now = 1_499;
    expect(cache.get('k')).toBe('v');
    now = 1_500;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the entries a test picks, and everything on clear', () => {
    const cache = new BoundedCache<{ tags: string[] }>(100);
    cache.set('a', { tags: ['police'] }, 1);
    cache.set('b', { tags: ['support', 'police'] }, 1);
    cache.set('c', { tags: ['cyber'] }, 1);
    expect(cache.deleteWhere((value) => value.tags.includes('police'))).toBe(2);
    expect(cache.count).toBe(1);
    cache.clear();
    expect([cache.count, cache.size]).toEqual([0, 0]);
  });
});
