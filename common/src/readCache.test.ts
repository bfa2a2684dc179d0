// The read cache's rules (readCache.ts): which statements it keeps, when it empties, and its bound.
// Its use on a real embedded database is tested in tests/readCache.test.ts.
import type { SqlQuery, SqlResultSet } from '@prisma/driver-adapter-utils';
import { describe, expect, it } from 'vitest';
import { isCacheable, isRead, readKey, ReadCache } from './readCache.ts';

const select = (sql: string, args: unknown[] = []): SqlQuery => ({ sql, args, argTypes: [] });
const resultOf = (rows: unknown[][]): SqlResultSet => ({ columnNames: ['v'], columnTypes: [], rows });

/** A statement's runs, counted, each answering the value it is given now. */
function database(initial: unknown) {
  const state = { value: initial, runs: 0 };
  return {
    state,
    run: () => async () => {
      state.runs += 1;
      return resultOf([[state.value]]);
    },
  };
}

describe('which statements the read cache keeps', () => {
  it('keeps a plain SELECT, after comments too, and nothing that writes', () => {
    expect(isCacheable('SELECT "id" FROM "SupportOffer" WHERE "active" = $1')).toBe(true);
    expect(isCacheable('  -- help\n  select 1')).toBe(true);
    expect(isCacheable('/* a */ SELECT 1')).toBe(true);
    for (const write of ['INSERT INTO "X" VALUES (1) RETURNING "id"', 'UPDATE "X" SET a = 1', 'DELETE FROM "X"', 'WITH x AS (DELETE FROM "X" RETURNING *) SELECT * FROM x', 'CREATE TABLE y ()']) {
      expect(isRead(write)).toBe(false);
      expect(isCacheable(write)).toBe(false);
    }
  });

  it('does not keep a SELECT whose answer changes with nothing written, or that locks', () => {
    for (const sql of [
      'SELECT now()',
      'SELECT * FROM "Session" WHERE "startsAt" > CURRENT_TIMESTAMP',
      'SELECT random()',
      "SELECT nextval('s')",
      'SELECT pg_try_advisory_lock($1::bigint) AS locked',
      'SELECT * FROM "Booking" WHERE id = $1 FOR UPDATE',
      'SELECT * FROM "Booking" FOR NO KEY UPDATE',
      'SELECT * FROM "Booking" FOR SHARE',
      'SELECT gen_random_uuid()',
    ]) {
      expect(isRead(sql)).toBe(true);
      expect(isCacheable(sql)).toBe(false);
    }
    // A column whose name only contains such a word is no reason.
    expect(isCacheable('SELECT "lockedAt", "nowhere", "randomised" FROM "X"')).toBe(true);
  });

  it('keys a statement by its text and its exact arguments', () => {
    expect(readKey(select('SELECT $1', [1]))).not.toBe(readKey(select('SELECT $1', ['1'])));
    expect(readKey(select('SELECT $1', [10n]))).toBe(readKey(select('SELECT $1', [10n])));
    expect(readKey(select('SELECT $1', [new Uint8Array([1, 2])]))).not.toBe(readKey(select('SELECT $1', [new Uint8Array([1, 3])])));
  });
});

describe('the read cache', () => {
  it('answers a repeated SELECT from memory, and afresh after any write', async () => {
    const cache = new ReadCache(1024 * 1024);
    const db = database('a');
    const query = select('SELECT v FROM t WHERE k = $1', ['k']);
    expect((await cache.query(query, db.run())).rows).toEqual([['a']]);
    expect((await cache.query(query, db.run())).rows).toEqual([['a']]);
    expect(db.state.runs).toBe(1);
    db.state.value = 'b';
    await cache.query(select('UPDATE t SET v = $1', ['b']), async () => resultOf([]));
    expect((await cache.query(query, db.run())).rows).toEqual([['b']]);
    expect(db.state.runs).toBe(2);
    expect(cache.read()).toMatchObject({ hits: 1, misses: 2, invalidations: 1, entries: 1 });
  });

  it('empties after a failed write too: it may have changed something before failing', async () => {
    const cache = new ReadCache(1024 * 1024);
    const db = database('a');
    const query = select('SELECT v FROM t');
    await cache.query(query, db.run());
    await expect(cache.writing(async () => Promise.reject(new Error('constraint')))).rejects.toThrow('constraint');
    expect(cache.read().entries).toBe(0);
  });

  it('does not store an answer read while a write finished', async () => {
    const cache = new ReadCache(1024 * 1024);
    const db = database('old');
    const query = select('SELECT v FROM t');
    let answer!: () => void;
    const slowRead = cache.query(query, async () => {
      const result = resultOf([[db.state.value]]);
      await new Promise<void>((resolve) => (answer = resolve));
      return result;
    });
    db.state.value = 'new';
    await cache.writing(async () => resultOf([]));
    answer();
    expect((await slowRead).rows).toEqual([['old']]);
    // The old answer was not kept: the next read goes to the database.
    expect((await cache.query(query, db.run())).rows).toEqual([['new']]);
    expect(db.state.runs).toBe(1);
  });

  it('runs uncacheable reads every time without emptying anything', async () => {
    const cache = new ReadCache(1024 * 1024);
    const db = database('a');
    await cache.query(select('SELECT v FROM t'), db.run());
    await cache.query(select('SELECT now()'), db.run());
    await cache.query(select('SELECT now()'), db.run());
    expect(db.state.runs).toBe(3);
    expect(cache.read()).toMatchObject({ entries: 1, invalidations: 0 });
  });

  it('keeps within its bytes, dropping the least recently used, and never keeps an answer over a tenth of them', async () => {
    const cache = new ReadCache(50_000);
    const row = (i: number) => resultOf([['x'.repeat(1000), i]]);
    for (let i = 0; i < 30; i++) await cache.query(select('SELECT v FROM t WHERE i = $1', [i]), async () => row(i));
    const { entries, bytes } = cache.read();
    expect(bytes).toBeLessThanOrEqual(50_000);
    expect(entries).toBeGreaterThan(10);
    expect(entries).toBeLessThan(30);
    // The newest is kept, the oldest is gone.
    let runs = 0;
    await cache.query(select('SELECT v FROM t WHERE i = $1', [29]), async () => (runs++, row(29)));
    await cache.query(select('SELECT v FROM t WHERE i = $1', [0]), async () => (runs++, row(0)));
    expect(runs).toBe(1);
    await cache.query(select('SELECT big'), async () => resultOf([['y'.repeat(3000)]]));
    await cache.query(select('SELECT big'), async () => resultOf([['y'.repeat(3000)]]));
    expect(cache.read().misses).toBe(33);
  });

  it('gives each reader its own copy: changing an answer does not change the next one', async () => {
    const cache = new ReadCache(1024 * 1024);
    const query = select('SELECT codes FROM t');
    const first = await cache.query(query, async () => resultOf([[['a', 'b'], { k: 1 }]]));
    (first.rows[0]![0] as string[]).push('changed');
    (first.rows[0]![1] as { k: number }).k = 2;
    const second = await cache.query(query, async () => resultOf([]));
    (second.rows[0]![0] as string[]).push('again');
    expect((await cache.query(query, async () => resultOf([]))).rows).toEqual([[['a', 'b'], { k: 1 }]]);
  });
});
