// Figures for analysts, and the disclosure control every statistics answer in the graph applies.
// One rule for all four subgraphs, so that a figure means the same wherever it is read:
// - every cell of the grid is present, zeros included, so that a missing cell reveals nothing;
// - a count below the threshold (zero included) is withheld: zero and "one to four" look alike;
// - every count shown is rounded to the nearest multiple of the rounding base, as ONS does for
//   small areas, so the difference of two overlapping answers is a multiple of the base and
//   cannot recover a withheld cell of one to four;
// - totals are summed from the unrounded counts and then rounded (never a sum of rounded cells);
// - a time (median, 90th percentile) is shown only for a group of at least `minimumForTimes`.
import { dateTimeRangeWhere, type DateTimeRangeValue } from './filters.ts';
import { ErrorCode, userError } from './errors.ts';

/** The disclosure rule, as the `DisclosureControl` type of every subgraph reports it. */
export const disclosureControl = {
  threshold: 5,
  roundingBase: 5,
  minimumForTimes: 10,
  description:
    'Every group is listed, including those with no records. A count below 5 (zero included) is withheld. ' +
    'Every count shown is rounded to the nearest multiple of 5, and totals are rounded from the unrounded sum, ' +
    'so that comparing two answers cannot reveal a withheld count. Times are shown only for groups of 10 or more.',
} as const;

/** The longest period one answer may cover: five years of months. */
export const maxStatisticsMonths = 60;

/** The zone months are counted in: a report at 00:30 on 1 April British Summer Time is April's. */
export const statisticsTimeZone = 'Europe/London';

/** One count as it may be shown. */
export interface DisclosedCount {
  count: number | null;
  suppressed: boolean;
}

/** A true count as the rule lets it be shown: withheld below the threshold, else rounded to the base. */
export function discloseCount(trueCount: number): DisclosedCount {
  if (!Number.isInteger(trueCount) || trueCount < 0) throw new Error(`A count must be a whole number of at least 0, not ${trueCount}.`);
  if (trueCount < disclosureControl.threshold) return { count: null, suppressed: true };
  return { count: Math.round(trueCount / disclosureControl.roundingBase) * disclosureControl.roundingBase, suppressed: false };
}

/** A group a statistics answer is split by: its code and its name for a person. */
export interface StatisticsGroup {
  key: string;
  label: string;
}

/** The unrounded figures for one group, as the database counted them. */
export interface RawFigure {
  count: number;
  /** For time measures: the median and 90th percentile, in days, over the group's `count` records. */
  medianDays?: number | null;
  p90Days?: number | null;
}

/** One cell of an answer, as the `StatisticsCell` type of every subgraph shows it. */
export interface StatisticsCell extends DisclosedCount {
  key: string;
  label: string;
  medianDays: number | null;
  p90Days: number | null;
}

function cellOf(group: StatisticsGroup, raw: RawFigure | undefined): StatisticsCell {
  const count = raw?.count ?? 0;
  const timesShown = count >= disclosureControl.minimumForTimes;
  const days = (value: number | null | undefined): number | null => (timesShown && value != null ? Math.round(value * 10) / 10 : null);
  return { key: group.key, label: group.label, ...discloseCount(count), medianDays: days(raw?.medianDays), p90Days: days(raw?.p90Days) };
}

/**
 * The whole grid: one cell for every group, in the order given, with those the database had no
 * rows for shown as zero (withheld), and the total from the unrounded `total` figure. Rows for
 * keys outside `groups` are an error: they would be counted in the total but shown nowhere.
 */
export function statisticsGrid(groups: readonly StatisticsGroup[], rows: ReadonlyMap<string, RawFigure>, total: RawFigure): { cells: StatisticsCell[]; total: StatisticsCell } {
  const known = new Set(groups.map((group) => group.key));
  for (const key of rows.keys()) if (!known.has(key)) throw new Error(`The statistics rows name a group (${key}) the grid does not list.`);
  return { cells: groups.map((group) => cellOf(group, rows.get(group.key))), total: cellOf({ key: 'total', label: 'Total' }, total) };
}

/** The period an answer covers: from (inclusive) to (exclusive). */
export interface StatisticsPeriod {
  from: Date;
  to: Date;
}

/** The first instant of the London calendar month that `date` falls in. */
export function startOfLondonMonth(date: Date): Date {
  const [year, month] = londonYearMonth(date);
  return londonMonthStart(year, month);
}

function londonYearMonth(date: Date): [number, number] {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: statisticsTimeZone, year: 'numeric', month: 'numeric' }).formatToParts(date);
  return [Number(parts.find((p) => p.type === 'year')!.value), Number(parts.find((p) => p.type === 'month')!.value)];
}

/** Midnight London time on the first of a month (month 1–12; 13 rolls into the next year). */
function londonMonthStart(year: number, month: number): Date {
  const utc = Date.UTC(year, month - 1, 1);
  // London is UTC or UTC+1 at midnight on the first of a month: try both, keep the one that is.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(utc - offsetHours * 3_600_000);
    const [y, m] = londonYearMonth(candidate);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: statisticsTimeZone, hour: 'numeric', hourCycle: 'h23' }).format(candidate);
    if (y === new Date(utc).getUTCFullYear() && m === new Date(utc).getUTCMonth() + 1 && Number(hour) === 0) return candidate;
  }
  throw new Error(`No London midnight found for ${year}-${month}.`);
}

/**
 * The period a statistics request asks for, checked: `to` after `from`, at most five years. When
 * omitted, the twelve calendar months up to now (the current month so far included); a missing
 * `from` is twelve months before `to`, a missing `to` is now.
 */
export function requireStatisticsPeriod(range: DateTimeRangeValue | null | undefined, field = 'filter.period', now: Date = new Date()): StatisticsPeriod {
  dateTimeRangeWhere(range, field); // the shared check: `to` after `from`
  const to = range?.to ?? now;
  const [year, month] = londonYearMonth(to);
  const from = range?.from ?? londonMonthStart(year, month - 11);
  if (monthsBetween(from, to) > maxStatisticsMonths) {
    throw userError(ErrorCode.BAD_USER_INPUT, `${field} may cover at most ${maxStatisticsMonths} months (five years); ask for a shorter period.`, { field });
  }
  return { from, to };
}

function monthsBetween(from: Date, to: Date): number {
  const [fy, fm] = londonYearMonth(from);
  const [ty, tm] = londonYearMonth(new Date(to.getTime() - 1));
  return (ty - fy) * 12 + (tm - fm) + 1;
}

const monthLabel = new Intl.DateTimeFormat('en-GB', { timeZone: statisticsTimeZone, month: 'long', year: 'numeric' });

/** The London calendar months a period touches, as groups: key `2026-03`, label `March 2026`. */
export function monthGroups(period: StatisticsPeriod): StatisticsGroup[] {
  const [fy, fm] = londonYearMonth(period.from);
  const groups: StatisticsGroup[] = [];
  for (let i = 0; i < monthsBetween(period.from, period.to); i++) {
    const start = londonMonthStart(fy, fm + i);
    const [y, m] = londonYearMonth(start);
    groups.push({ key: `${y}-${String(m).padStart(2, '0')}`, label: monthLabel.format(start) });
  }
  return groups;
}

/**
 * SQL (PostgreSQL and PGlite alike) for the month key of a timestamp column, matching
 * `monthGroups` keys: `to_char(("reportedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London', 'YYYY-MM')`.
 * Prisma stores `DateTime` as `timestamp(3)` without a zone, holding UTC.
 */
export function monthKeySql(column: string): string {
  return `to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE '${statisticsTimeZone}', 'YYYY-MM')`;
}

/**
 * One row of a figure's query, as the partners' subgraphs write it: a group's unrounded figures,
 * or the total's (`is_total` 1, from the empty set of `GROUP BY GROUPING SETS ((key), ())`,
 * which yields a row even when nothing matched). `last_updated` is read from the total's row.
 */
export interface FigureRow {
  key: string | null;
  is_total: number;
  n: number;
  median?: number | null;
  p90?: number | null;
  last_updated?: Date | null;
}

/** A statistics answer of any subgraph: the shape of its `…Statistics` type. */
export interface StatisticsAnswer<Measure, Grouping> {
  measure: Measure;
  groupBy: Grouping;
  definition: string;
  period: StatisticsPeriod;
  lastUpdated: Date | null;
  disclosure: typeof disclosureControl;
  cells: StatisticsCell[];
  total: StatisticsCell;
}

/** The answer from a figure query's rows: every group of `groups` after disclosure control, and the total. */
export function statisticsAnswer<Measure, Grouping>(
  head: { measure: Measure; groupBy: Grouping; definition: string; period: StatisticsPeriod },
  groups: readonly StatisticsGroup[],
  rows: readonly FigureRow[],
  { withTimes }: { withTimes: boolean },
): StatisticsAnswer<Measure, Grouping> {
  const figure = (row: FigureRow | undefined): RawFigure => ({ count: row?.n ?? 0, ...(withTimes ? { medianDays: row?.median ?? null, p90Days: row?.p90 ?? null } : {}) });
  const totalRow = rows.find((row) => row.is_total === 1);
  const byKey = new Map(rows.filter((row) => row.is_total !== 1).map((row) => [row.key ?? '', figure(row)]));
  return { ...head, lastUpdated: totalRow?.last_updated ?? null, disclosure: disclosureControl, ...statisticsGrid(groups, byKey, figure(totalRow)) };
}
