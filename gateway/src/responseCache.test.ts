// The response cache's rules (responseCache.ts): which requests have a key and which key, and
// what invalidation drops. On a running hub: tests/e2e/responseCache.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import { cacheKeyOf, ResponseCache } from './responseCache.ts';

const json = { 'content-type': 'application/json' };
const post = (body: unknown, headers: Record<string, string> = json) => ({ method: 'POST', headers, body, query: {} });
const get = (query: Record<string, string>, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) => ({ method: 'GET', headers, body: undefined, query });

describe('a request’s cache key', () => {
  it('is the same for the same question, its variables in any order', () => {
    const a = cacheKeyOf(post({ query: '{ help }', variables: { a: 1, b: { c: 2, d: 3 } } }));
    const b = cacheKeyOf(post({ variables: { b: { d: 3, c: 2 }, a: 1 }, query: '{ help }' }));
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(cacheKeyOf(post({ query: '{ help }', variables: { a: 2, b: { c: 2, d: 3 } } }))).not.toBe(a);
    expect(cacheKeyOf(post({ query: '{ help }', variables: { a: 1, b: { c: 2, d: 3 } } }, { ...json, accept: 'application/graphql-response+json' }))).not.toBe(a);
  });

  it('differs between GET and POST, and takes a GET’s variables and persisted hash from the address', () => {
    const hash = 'a'.repeat(64);
    const viaGet = cacheKeyOf(get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }), variables: '{"b":2,"a":1}' }));
    expect(viaGet).toBeDefined();
    expect(viaGet).toBe(cacheKeyOf(get({ variables: '{"a":1,"b":2}', extensions: JSON.stringify({ persistedQuery: { sha256Hash: hash, version: 1 } }) })));
    expect(viaGet).not.toBe(cacheKeyOf(post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { a: 1, b: 2 } })));
  });

  it('is none for what must not be served from the cache', () => {
    expect(cacheKeyOf(post({ query: '{ help }' }, { ...json, authorization: 'Bearer x' }))).toBeUndefined();
    expect(cacheKeyOf(get({ query: '{ districts { code } }' }, {}))).toBeUndefined(); // no CSRF header
    expect(cacheKeyOf(post({ query: '{ help }' }, { 'content-type': 'text/plain' }))).toBeUndefined();
    expect(cacheKeyOf(post([{ query: '{ help }' }]))).toBeUndefined(); // a batch
    expect(cacheKeyOf(post({ query: 42 }))).toBeUndefined();
    expect(cacheKeyOf(post({ variables: {} }))).toBeUndefined();
    expect(cacheKeyOf(post({ query: '{ help }', variables: [1] }))).toBeUndefined();
    expect(cacheKeyOf(get({ query: '{ districts { code } }', variables: '{not json' }))).toBeUndefined();
    expect(cacheKeyOf(post({ query: `{ help ${' '.repeat(20_000)}}` }))).toBeUndefined();
    expect(cacheKeyOf({ method: 'PUT', headers: json, body: { query: '{ help }' }, query: {} })).toBeUndefined();
  });
});

describe('the response cache', () => {
  const entry = (tags: string[]) => ({ body: '{"data":{}}', contentType: 'application/json', tags, operation: 'other' });

  it('keeps an answer for its max-age', () => {
    let now = 0;
    const cache = new ResponseCache(1024 * 1024, () => now);
    expect(cache.store('k', entry(['police']), 60, cache.current)).toBe(true);
    now = 59_999;
    expect(cache.lookup('k')?.body).toBe('{"data":{}}');
    now = 60_000;
    expect(cache.lookup('k')).toBeUndefined();
  });

  it('drops the answers of the subgraphs a mutation called, and keeps no answer read across a drop', () => {
    const cache = new ResponseCache(1024 * 1024);
    cache.store('help', entry(['police', 'support', 'cyber']), 60, cache.current);
    cache.store('districts', entry(['police']), 60, cache.current);
    cache.store('offers', entry(['support']), 60, cache.current);
    const started = cache.current;
    expect(cache.invalidate(['cyber'])).toBe(1);
    expect(cache.lookup('help')).toBeUndefined();
    expect(cache.lookup('districts')).toBeDefined();
    // An answer whose request began before that drop may be stale: not kept.
    expect(cache.store('sessions', entry(['cyber']), 60, started)).toBe(false);
    expect(cache.invalidate('all')).toBe(2);
    expect(cache.read()).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps no one answer over a tenth of its bytes', () => {
    const cache = new ResponseCache(10_000);
    expect(cache.store('big', { ...entry([]), body: 'x'.repeat(1000) }, 60, cache.current)).toBe(false);
    expect(cache.store('small', { ...entry([]), body: 'x'.repeat(100) }, 60, cache.current)).toBe(true);
  });
});
