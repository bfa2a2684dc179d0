import { describe, expect, it } from 'vitest';
import { dateTimeRangeWhere, requireFilterList } from './filters.ts';

const refusal = (field: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) });

describe('filters', () => {
  it('takes a list of at most 20 values; absent means no narrowing, empty matches none', () => {
    expect(requireFilterList(undefined, 'filter.status')).toBeUndefined();
    expect(requireFilterList(null, 'filter.status')).toBeUndefined();
    expect(requireFilterList([], 'filter.status')).toEqual([]);
    expect(
      requireFilterList(
        Array.from({ length: 20 }, (_, i) => i),
        'filter.status',
      ),
    ).toHaveLength(20);
    expect(() =>
      requireFilterList(
        Array.from({ length: 21 }, (_, i) => i),
        'filter.district',
      ),
    ).toThrow(refusal('filter.district'));
  });

  it('turns a DateTimeRange into from (inclusive) and to (exclusive), either end open', () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    expect(dateTimeRangeWhere(undefined, 'filter.reportedAt')).toBeUndefined();
    expect(dateTimeRangeWhere({ from: null, to: null }, 'filter.reportedAt')).toBeUndefined();
    expect(dateTimeRangeWhere({ from, to }, 'filter.reportedAt')).toEqual({ gte: from, lt: to });
    expect(dateTimeRangeWhere({ from }, 'filter.reportedAt')).toEqual({ gte: from });
    expect(dateTimeRangeWhere({ to }, 'filter.reportedAt')).toEqual({ lt: to });
  });

  it('refuses a period that does not end after it starts', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    expect(() => dateTimeRangeWhere({ from: at, to: at }, 'filter.reportedAt')).toThrow(refusal('filter.reportedAt'));
    expect(() => dateTimeRangeWhere({ from: at, to: new Date('2026-10-01T00:00:00Z') }, 'filter.occurredAt')).toThrow(refusal('filter.occurredAt'));
  });
});
