// REPORTS and DAYS_TO_FIRST_UPDATE from the kept monthly figures ("CrimeReportMonthFigure",
// migration 20261128010000_firstupdate_monthly_figures): whole London months of the period are
// read from that table (a few thousand rows: each month's count of reports per key of one
// grouping, and for DAYS_TO_FIRST_UPDATE how many were first updated after each whole number of
// hours), and only the partial months at the period's edges from "CrimeReport", all in one
// statement (one snapshot). The median and 90th percentile are then read from the merged hours
// exactly as percentile_cont reads them from the sorted times, so the answer equals the direct
// computation over "CrimeReport" at the figure's resolution (whole hours, rounded). A request the
// table cannot answer (a filter on a grouping other than the one asked for) gets null, and
// statistics.ts counts it over "CrimeReport" as before.
import { monthGroups, startOfLondonMonth, type StatisticsPeriod } from '@crimehub/common';
import { Prisma } from './generated/prisma/client.ts';
import type { CrimeGrouping, CrimeMeasure } from './generated/graphql.ts';
import type { Context } from './loaders.ts';

/** The groupings the monthly figures are kept by (every one but MONTH). */
export type KeptGrouping = Exclude<CrimeGrouping, 'MONTH'>;

/**
 * Whole hours (rounded, half away from zero) from a report to its first update, over a row of
 * "CrimeReport": the resolution of DAYS_TO_FIRST_UPDATE, as the migration's triggers keep it.
 */
export const firstUpdateHoursSql = Prisma.sql`round(EXTRACT(EPOCH FROM ("firstUpdateAt" - "reportedAt")) / 3600)::int`;

/** The days of DAYS_TO_FIRST_UPDATE (whole hours / 24, as float8), whose percentiles the figure gives. */
export const firstUpdateDaysSql = Prisma.sql`(${firstUpdateHoursSql} / 24.0::float8)`;

/** What the monthly figures need of a request (statistics.ts checks and builds it). */
export interface RollupRequest {
  measure: CrimeMeasure;
  groupBy: CrimeGrouping;
  period: StatisticsPeriod;
  /** The filter's conditions other than the period, over a row of "CrimeReport" (true when none). */
  where: Prisma.Sql;
  /** The filter's lists by the grouping whose key they select, as the kept figures key them (outcome "none" for no outcome yet). */
  keys: Partial<Record<KeptGrouping, readonly string[]>>;
  /** The SQL of each grouping's key over a row of "CrimeReport". */
  keySql: Record<KeptGrouping, Prisma.Sql>;
}

/** One row of a figure: a group's unrounded figures, or (isTotal = 1) the total's. */
export interface RollupFigureRow {
  key: string | null;
  isTotal: number;
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

/** The start of the London month after the one that starts at `start`. */
function nextLondonMonth(start: Date): Date {
  return startOfLondonMonth(new Date(start.getTime() + 32 * 24 * 3_600_000));
}

/** The period split into whole London months (their keys) and the partial ranges at its edges. */
export function splitPeriod(period: StatisticsPeriod): { months: string[]; edges: { from: Date; to: Date }[] } {
  const months: string[] = [];
  const edges: { from: Date; to: Date }[] = [];
  let start = startOfLondonMonth(period.from);
  while (start < period.to) {
    const end = nextLondonMonth(start);
    const from = start < period.from ? period.from : start;
    const to = end > period.to ? period.to : end;
    if (from.getTime() === start.getTime() && to.getTime() === end.getTime()) {
      months.push(monthGroups({ from: start, to: end })[0]!.key);
    } else {
      edges.push({ from, to });
    }
    start = end;
  }
  return { months, edges };
}

/**
 * The value percentile_cont(fraction) gives over the sorted multiset of values, each value with its
 * count (values ascending): the same float8 steps as PostgreSQL (position fraction × (n − 1),
 * linear interpolation lo + (hi − lo) × proportion between the two rows around it).
 */
export function percentileCont(sorted: readonly (readonly [value: number, count: number])[], fraction: number): number | null {
  const n = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const position = fraction * (n - 1);
  const firstRow = Math.floor(position);
  const secondRow = Math.ceil(position);
  const valueAt = (row: number): number => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (row < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  const first = valueAt(firstRow);
  if (firstRow === secondRow) return first;
  const second = valueAt(secondRow);
  return first + (second - first) * (position - firstRow);
}

const timestampSql = (date: Date): Prisma.Sql => Prisma.sql`${date.toISOString()}::timestamp(3)`;

/** The grouping whose kept figures answer the request, or null when they cannot. */
function keptGroupingFor(request: RollupRequest): KeptGrouping | null {
  if (request.measure !== 'REPORTS' && request.measure !== 'DAYS_TO_FIRST_UPDATE') return null;
  const filtered = Object.keys(request.keys) as KeptGrouping[];
  if (request.groupBy !== 'MONTH') return filtered.every((grouping) => grouping === request.groupBy) ? request.groupBy : null;
  // By MONTH: any one grouping holds every report once, so the filtered one (or the smallest).
  if (filtered.length > 1) return null;
  return filtered[0] ?? 'SIZE';
}

/**
 * The rows of a REPORTS or DAYS_TO_FIRST_UPDATE figure read from the kept monthly figures and the
 * period's partial months, or null when the request is not one they answer (statistics.ts then
 * counts it over "CrimeReport").
 */
export async function monthlyFigureRows(prisma: Context['prisma'], request: RollupRequest): Promise<RollupFigureRow[] | null> {
  const grouping = keptGroupingFor(request);
  if (!grouping) return null;
  const { months, edges } = splitPeriod(request.period);
  if (months.length === 0) return null; // under a month: as cheap over "CrimeReport"
  const timed = request.measure === 'DAYS_TO_FIRST_UPDATE';
  const keys = request.keys[grouping];
  // One row per group and (for times) whole hours: the months' kept rows and the edges' reports
  // added up in one aggregate; a group is its key, or by MONTH the month.
  const byMonth = request.groupBy === 'MONTH';
  const hoursSql = timed ? Prisma.sql`"hours"` : Prisma.sql`NULL::int`;
  const parts: Prisma.Sql[] = [];
  if (keys?.length !== 0) {
    parts.push(Prisma.sql`
      SELECT ${byMonth ? Prisma.sql`"month"` : Prisma.sql`"key"`} AS "group", ${hoursSql} AS "hours", "reports"
      FROM "CrimeReportMonthFigure"
      WHERE "grouping" = ${grouping} AND "month" IN (${Prisma.join(months)})${keys ? Prisma.sql` AND "key" IN (${Prisma.join(keys)})` : Prisma.empty}${timed ? Prisma.sql` AND "updated"` : Prisma.empty}`);
  }
  // An edge lies within one London month (splitPeriod), so by MONTH its group is that month's key.
  for (const edge of edges) {
    parts.push(Prisma.sql`
      SELECT ${byMonth ? Prisma.sql`${monthGroups(edge)[0]!.key}::text` : request.keySql[grouping]} AS "group", ${timed ? firstUpdateHoursSql : Prisma.sql`NULL::int`} AS "hours", 1 AS "reports"
      FROM "CrimeReport"
      WHERE "reportedAt" >= ${timestampSql(edge.from)} AND "reportedAt" < ${timestampSql(edge.to)} AND ${request.where}${timed ? Prisma.sql` AND "firstUpdateAt" IS NOT NULL` : Prisma.empty}`);
  }
  const rows = parts.length
    ? await prisma.$queryRaw<{ group: string; hours: number | null; reports: number }[]>(
        Prisma.sql`SELECT "group", "hours", SUM("reports")::int AS "reports" FROM (${Prisma.join(parts, ' UNION ALL ')}) AS "parts" GROUP BY 1, 2 HAVING SUM("reports") <> 0`,
      )
    : [];
  // Each group's (and the total's) reports by hours (null for REPORTS, which needs no time).
  const byGroup = new Map<string, Map<number | null, number>>();
  const total = new Map<number | null, number>();
  const add = (histogram: Map<number | null, number>, hours: number | null, reports: number) => histogram.set(hours, (histogram.get(hours) ?? 0) + reports);
  for (const row of rows) {
    const groupKey = row.group;
    const hours = row.hours === null ? null : Number(row.hours);
    const reports = Number(row.reports);
    if (!byGroup.has(groupKey)) byGroup.set(groupKey, new Map());
    add(byGroup.get(groupKey)!, hours, reports);
    add(total, hours, reports);
  }
  const figure = (key: string | null, histogram: Map<number | null, number>): RollupFigureRow => {
    const count = [...histogram.values()].reduce((sum, reports) => sum + reports, 0);
    if (!timed) return { key, isTotal: key === null ? 1 : 0, count, medianDays: null, p90Days: null };
    const sorted = [...histogram.entries()]
      .filter((entry): entry is [number, number] => entry[0] !== null && entry[1] > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([hours, reports]) => [hours / 24, reports] as const);
    return { key, isTotal: key === null ? 1 : 0, count, medianDays: percentileCont(sorted, 0.5), p90Days: percentileCont(sorted, 0.9) };
  };
  return [...[...byGroup.entries()].filter(([, histogram]) => [...histogram.values()].some((reports) => reports !== 0)).map(([key, histogram]) => figure(key, histogram)), figure(null, total)];
}
