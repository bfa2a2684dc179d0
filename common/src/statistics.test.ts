import { describe, expect, it } from 'vitest';
import { discloseCount, disclosureControl, monthGroups, requireStatisticsPeriod, statisticsGrid, startOfLondonMonth } from './statistics.ts';

describe('disclosure control', () => {
  it('withholds zero and small counts alike, and rounds the rest to the base', () => {
    expect([0, 1, 4].map(discloseCount)).toEqual(Array(3).fill({ count: null, suppressed: true }));
    expect([5, 7, 8, 12, 13, 1001].map((n) => discloseCount(n).count)).toEqual([5, 5, 10, 10, 15, 1000]);
    expect(() => discloseCount(-1)).toThrow(/at least 0/);
  });

  it('lists every group, zeros included, and rounds the total from the unrounded sum', () => {
    const groups = ['a', 'b', 'c', 'd'].map((key) => ({ key, label: key.toUpperCase() }));
    const { cells, total } = statisticsGrid(
      groups,
      new Map([
        ['a', { count: 7 }],
        ['b', { count: 7 }],
        ['c', { count: 2 }],
      ]),
      { count: 16 },
    );
    expect(cells.map((c) => [c.key, c.count, c.suppressed])).toEqual([
      ['a', 5, false],
      ['b', 5, false],
      ['c', null, true],
      ['d', null, true],
    ]);
    expect(total.count).toBe(15); // 16 rounded, not 5 + 5
    expect(() => statisticsGrid(groups, new Map([['z', { count: 1 }]]), { count: 1 })).toThrow(/does not list/);
  });

  it('shows times only for groups large enough', () => {
    const groups = [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B' },
    ];
    const { cells } = statisticsGrid(
      groups,
      new Map([
        ['a', { count: 9, medianDays: 2, p90Days: 5 }],
        ['b', { count: disclosureControl.minimumForTimes, medianDays: 2.04, p90Days: 5.06 }],
      ]),
      { count: 19 },
    );
    expect(cells.map((c) => [c.medianDays, c.p90Days])).toEqual([
      [null, null],
      [2, 5.1],
    ]);
  });

  it('defeats differencing: two overlapping answers never differ by a withheld count', () => {
    for (let withheld = 1; withheld < disclosureControl.threshold; withheld++) {
      for (let rest = 5; rest < 200; rest++) {
        const difference = discloseCount(rest + withheld).count! - discloseCount(rest).count!;
        expect(difference % disclosureControl.roundingBase).toBe(0);
        expect(difference).not.toBe(withheld);
      }
    }
  });
});

describe('statistics periods', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('defaults to the twelve London calendar months up to now', () => {
    const period = requireStatisticsPeriod(undefined, 'filter.period', now);
    expect(period).toEqual({ from: new Date('2025-12-01T00:00:00Z'), to: now });
    expect(monthGroups(period).map((g) => g.key)).toEqual(['2025-12', ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    expect(monthGroups(period)[0]!.label).toBe('December 2025');
  });

  it('counts months in London time: 1 April BST starts at 23:00 UTC on 31 March', () => {
    expect(startOfLondonMonth(new Date('2026-03-31T23:30:00Z'))).toEqual(new Date('2026-03-31T23:00:00Z'));
    const period = requireStatisticsPeriod({ from: new Date('2026-03-31T23:00:00Z'), to: new Date('2026-05-31T23:00:00Z') });
    expect(monthGroups(period).map((g) => g.key)).toEqual(['2026-04', '2026-05']);
  });

  it('refuses a period that ends before it starts or runs past five years', () => {
    expect(() => requireStatisticsPeriod({ from: now, to: new Date('2020-01-01T00:00:00Z') })).toThrow(/must be after/);
    expect(() => requireStatisticsPeriod({ from: new Date('2020-01-01T00:00:00Z'), to: now })).toThrow(/at most 60 months/);
  });
});
