// Business ids the hub makes are 128 random bits: none repeats, none follows from another.
import { describe, expect, it } from 'vitest';
import { businessIdPattern, newBusinessId } from './ids.ts';

describe('newBusinessId', () => {
  it('makes biz_ + 26 base32 characters, never the same twice', () => {
    const ids = Array.from({ length: 10_000 }, newBusinessId);
    for (const id of ids) expect(id).toMatch(businessIdPattern);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every base32 character in every position but the last (which holds 3 bits)', () => {
    const ids = Array.from({ length: 4_000 }, newBusinessId).map((id) => id.slice(4));
    const seen = Array.from({ length: 26 }, (_, i) => new Set(ids.map((id) => id[i])));
    for (const position of seen.slice(0, 25)) expect(position.size).toBe(32);
    expect([...seen[25]!].sort().join('')).toBe('4aeimquy');
  });
});
