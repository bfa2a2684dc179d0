import { describe, expect, it } from 'vitest';
import { chartGeometry, chartKind, csvField, csvFileName, findStatistics, isStatisticsAnswer, niceMax, statisticsCsv, type FigureCell, type StatisticsAnswer } from './explorerFigures.ts';

const cell = (key: string, count: number | null, extra: Partial<FigureCell> = {}): FigureCell => ({
  key,
  label: `Label ${key}`,
  count,
  suppressed: count === null,
  medianDays: null,
  p90Days: null,
  ...extra,
});

const answer = (cells: FigureCell[], total: FigureCell | null = cell('total', 40, { label: 'All groups' })): StatisticsAnswer => ({
  definition: 'Business crime reports received, by crime type',
  period: { from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
  lastUpdated: '2026-11-20T10:00:00.000Z',
  disclosure: { threshold: 5, roundingBase: 5, minimumForTimes: 10, description: 'Counts under 5 are withheld; counts are rounded to the nearest 5.' },
  cells,
  total,
});

describe('finding statistics answers', () => {
  it('finds every answer in a result, with its path, and nothing else', () => {
    const one = answer([cell('a', 10)]);
    const two = answer([cell('2026-01', 5)], null);
    const result = { data: { crimeStatistics: one, other: { nested: [two] }, crimeReports: { nodes: [{ key: 'x', cells: 'no' }] } } };
    expect(findStatistics(result)).toEqual([
      { path: 'data.crimeStatistics', answer: one },
      { path: 'data.other.nested[0]', answer: two },
    ]);
  });

  it('refuses look-alikes: no definition, a cell without a key, a string count', () => {
    const good = answer([cell('a', 10)]);
    expect(isStatisticsAnswer(good)).toBe(true);
    expect(isStatisticsAnswer({ ...good, definition: undefined })).toBe(false);
    expect(isStatisticsAnswer({ ...good, cells: [{ label: 'x', count: 1, suppressed: false }] })).toBe(false);
    expect(isStatisticsAnswer({ ...good, cells: [{ key: 'a', label: 'x', count: '1', suppressed: false }] })).toBe(false);
    expect(isStatisticsAnswer({ ...good, disclosure: {} })).toBe(false);
    expect(findStatistics(null)).toEqual([]);
  });

  it('stops walking a deep result', () => {
    let deep: unknown = answer([cell('a', 10)]);
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    expect(findStatistics(deep)).toEqual([]);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('starts with the definition, period, last update and disclosure rule, then a row per cell and the total', () => {
    const csv = statisticsCsv(answer([cell('shoplifting', 25, { label: 'Shoplifting, theft', medianDays: 3.5, p90Days: 12 }), cell('=cmd', null, { label: '@evil' })]));
    const lines = csv.split('\r\n');
    expect(lines).toEqual([
      '"# Definition: Business crime reports received, by crime type"',
      '# Period: from 2025-12-01T00:00:00.000Z until 2026-12-01T00:00:00.000Z (not included)',
      '# Last updated: 2026-11-20T10:00:00.000Z',
      '# Disclosure: Counts under 5 are withheld; counts are rounded to the nearest 5.',
      'key,label,count,suppressed,median_days,p90_days',
      'shoplifting,"Shoplifting, theft",25,false,3.5,12',
      "'=cmd,'@evil,,true,,",
      'total,All groups,40,false,,',
      '',
    ]);
  });

  it('says when there was no data, and names the file after the figure and its period', () => {
    const empty = { ...answer([], null), lastUpdated: null };
    expect(statisticsCsv(empty)).toContain('# Last updated: no data in the period');
    expect(statisticsCsv(empty, 'CrimeStatistics').split('\r\n')[0]).toBe('# CrimeStatistics');
    expect(csvFileName('data.crimeStatistics', empty)).toBe('crimeStatistics-2025-12-01.csv');
  });
});

describe('chart geometry', () => {
  it('draws months as a line and anything else as bars', () => {
    expect(chartKind([cell('2026-01', 5), cell('2026-02', 10)])).toBe('line');
    expect(chartKind([cell('2026-01', 5), cell('E07000197', 10)])).toBe('bar');
    expect(chartKind([cell('2026-13', 5)])).toBe('bar');
    expect(chartKind([])).toBe('bar');
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 3, 5, 7, 10, 11, 45, 180, 1234].map(niceMax)).toEqual([5, 5, 5, 10, 10, 20, 50, 200, 2000]);
  });

  it('gives each shown bar a height in proportion to its count and each withheld one no bar at all', () => {
    const box = { width: 300, height: 200, left: 0, bottom: 0, top: 0, right: 0 };
    const chart = chartGeometry([cell('a', 10), cell('b', null), cell('c', 5)], box);
    expect(chart.kind).toBe('bar');
    expect(chart.max).toBe(10);
    expect(chart.marks.map((m) => [m.key, m.withheld, m.height, m.x])).toEqual([
      ['a', false, 200, 50],
      ['b', true, 0, 150],
      ['c', false, 100, 250],
    ]);
    expect(chart.marks[1]!.width).toBe(0);
    expect(chart.paths).toEqual([]);
  });

  it('breaks the line where a month is withheld instead of drawing it at zero', () => {
    const box = { width: 400, height: 100, left: 0, bottom: 0, top: 0, right: 0 };
    const chart = chartGeometry([cell('2026-01', 10), cell('2026-02', 5), cell('2026-03', null), cell('2026-04', 10)], box);
    expect(chart.kind).toBe('line');
    expect(chart.paths).toEqual(['M50,0 L150,50', 'M350,0']);
    expect(chart.marks.filter((m) => !m.withheld)).toHaveLength(3);
  });
});
