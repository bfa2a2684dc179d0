import { describe, expect, it } from 'vitest';
import { connectionOf, decodeCursor, encodeCursor, keysetWhere, pageRequest, type KeyColumn } from './connections.ts';

const columns: KeyColumn[] = [
  { field: 'reportedAt', direction: 'desc', type: 'date' },
  { field: 'reference', direction: 'asc', type: 'string' },
];

describe('keyset connections', () => {
  it('round-trips a cursor with its typed sort key', () => {
    const at = new Date('2026-11-20T14:30:00.000Z');
    expect(decodeCursor(encodeCursor([at, 'BCH-26-000001']), columns)).toEqual([at, 'BCH-26-000001']);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['another version', Buffer.from(JSON.stringify(['k0', '2026-11-20T14:30:00.000Z', 'x'])).toString('base64url')],
    ['too few values', Buffer.from(JSON.stringify(['k1', '2026-11-20T14:30:00.000Z'])).toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['k1', 'yesterday', 'x'])).toString('base64url')],
    ['a number for a string', Buffer.from(JSON.stringify(['k1', '2026-11-20T14:30:00.000Z', 7])).toString('base64url')],
    ['too long', 'a'.repeat(513)],
  ])('refuses a cursor that is %s with BAD_USER_INPUT naming `after`', (_, cursor) => {
    expect(() => decodeCursor(cursor, columns)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
  });

  it('keeps rows strictly after the cursor in (desc, asc) order', () => {
    const at = new Date('2026-11-20T00:00:00.000Z');
    expect(keysetWhere(columns, [at, 'B'])).toEqual({ AND: [{ reportedAt: { lte: at } }, { OR: [{ reportedAt: { lt: at } }, { reportedAt: at, reference: { gt: 'B' } }] }] });
    expect(keysetWhere(columns, null)).toEqual({});
  });

  it('refuses a page size outside 1 to the maximum before any query', () => {
    expect(() => pageRequest({ first: 0 }, columns)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } }));
    expect(() => pageRequest({ first: 101 }, columns)).toThrow(/1 to 100/);
    expect(pageRequest({}, columns)).toEqual({ first: 20, take: 21, after: null });
  });

  it('pages through rows without repeats or gaps, and says when there is more', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ reportedAt: new Date(Date.UTC(2026, 0, 10 - Math.floor(i / 2))), reference: `R${i}` }));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = pageRequest({ first: 3, after }, columns);
      const remaining = rows.filter((row) => {
        if (!page.after) return true;
        const [at, ref] = page.after as [Date, string];
        return row.reportedAt < at || (row.reportedAt.getTime() === at.getTime() && row.reference > ref);
      });
      const connection = connectionOf(remaining.slice(0, page.take), page, columns, () => rows.length);
      seen.push(...connection.nodes.map((node) => node.reference));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.map((row) => row.reference));
  });
});
