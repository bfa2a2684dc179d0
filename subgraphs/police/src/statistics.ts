// Figures for analysts on reported business crime (`crimeStatistics`), and the old crime type by
// district grid (`crimeReportStatistics`, deprecated), both under the one disclosure rule of
// common/src/statistics.ts. Every answer is one set-based query (GROUP BY with GROUPING SETS for
// the total, percentile_cont for times) over the index CrimeReport_statistics_idx, which holds
// every column a figure groups, filters or times by after `reportedAt`: any period is one
// index-only range scan, and no report is loaded into JavaScript. REPORTS and DAYS_TO_FIRST_UPDATE
// whose filter the kept monthly figures can answer read whole months from those instead
// (figureRollups.ts), with the same answer; REPEAT_VICTIMS without a filter reads a row kept per
// business (repeatVictims.ts).
import {
  ErrorCode,
  disclosureControl,
  districts,
  hubTaxonomies,
  inputChecks,
  monthGroups,
  quoteInput,
  requireDistrictCode,
  requireFilterList,
  requireRole,
  requireStatisticsPeriod,
  startOfLondonMonth,
  statisticsGrid,
  userError,
  type RawFigure,
  type StatisticsGroup,
  type StatisticsPeriod,
} from '@crimehub/common';
import { Prisma } from './generated/prisma/client.ts';
import type { CrimeGrouping, CrimeMeasure, CrimeStatistics, CrimeStatisticsFilter } from './generated/graphql.ts';
import type { Context } from './loaders.ts';
import { firstUpdateDaysSql, monthlyFigureRows, type KeptGrouping } from './figureRollups.ts';
import { crimeOutcomes, outcomeByCode } from './outcomes.ts';
import { repeatVictimsQuery } from './repeatVictims.ts';
import { requireCrimeType } from './resolvers/lookups.ts';

/** The group (and filter value) of reports with no outcome yet. */
export const noOutcomeKey = 'none';
/** The group of reports made before the sector and size were asked for, or filed without them. */
export const notRecordedKey = 'NOT_RECORDED';

const notRecorded: StatisticsGroup = { key: notRecordedKey, label: 'Not recorded' };
const termsOf = (key: string): StatisticsGroup[] => hubTaxonomies.find((taxonomy) => taxonomy.key === key)!.terms.map((term) => ({ key: term.code, label: term.label }));
const sectorGroups: StatisticsGroup[] = [...termsOf('bch-sector'), notRecorded];
const sizeGroups: StatisticsGroup[] = [...termsOf('bch-business-size'), notRecorded];
const outcomeGroups: StatisticsGroup[] = [...crimeOutcomes.map((outcome) => ({ key: outcome.code, label: outcome.name })), { key: noOutcomeKey, label: 'No outcome yet' }];
const districtGroups: StatisticsGroup[] = [...districts].sort((a, b) => a.name.localeCompare(b.name)).map((district) => ({ key: district.code, label: district.name }));

/** The SQL of each grouping's key, over a row of "CrimeReport" (unqualified columns); MONTH counts each month by its range (monthRanges). */
export const groupKeySql: Record<KeptGrouping, Prisma.Sql> = {
  CRIME_TYPE: Prisma.sql`"crimeTypeCode"`,
  DISTRICT: Prisma.sql`"districtCode"`,
  SECTOR: Prisma.sql`COALESCE("businessSector", ${Prisma.raw(`'${notRecordedKey}'`)})`,
  SIZE: Prisma.sql`COALESCE("businessSize", ${Prisma.raw(`'${notRecordedKey}'`)})`,
  OUTCOME: Prisma.sql`COALESCE("outcomeCode", ${Prisma.raw(`'${noOutcomeKey}'`)})`,
};

/**
 * The instants each month of the answer covers within the period: [from, to) for each, the first
 * starting at the period's start and the last ending at its end. Each month is then counted by
 * its own index range scan (no zone conversion or sort per row: at a million reports, a twelfth
 * of the time of grouping by monthKeySql's expression), with the same London months as monthGroups.
 */
function monthRanges(months: readonly StatisticsGroup[], period: StatisticsPeriod): { key: string; from: Date; to: Date }[] {
  const starts = months.map((month, i) => {
    if (i === 0) return period.from;
    const [year, monthNumber] = month.key.split('-').map(Number) as [number, number];
    return startOfLondonMonth(new Date(Date.UTC(year, monthNumber - 1, 15)));
  });
  return months.map((month, i) => ({ key: month.key, from: starts[i]!, to: starts[i + 1] ?? period.to }));
}

/** What each figure counts, in words, for the answer's `definition`. */
const definitions: Record<CrimeMeasure, string> = {
  REPORTS: 'Business crime reports made to the hub in the period, by the date and time they were reported (London calendar months).',
  REPEAT_VICTIMS:
    'Businesses with two or more business crime reports (of those the filter selects) made to the hub in the twelve months ending at the end of the period; ' +
    'each business is counted once, in the group of its latest report in those twelve months.',
  DAYS_TO_FIRST_UPDATE:
    'Business crime reports made to the hub in the period that have had a first update or outcome from the police, ' +
    'with the median and 90th percentile of the days from the report to that first update, each time taken to the nearest whole hour.',
};

/** A checked request: the period, the groups of the grid and the SQL condition of the filter. */
export interface StatisticsRequest {
  measure: CrimeMeasure;
  groupBy: CrimeGrouping;
  period: StatisticsPeriod;
  groups: StatisticsGroup[];
  /** The filter's conditions other than the period (true when none). */
  where: Prisma.Sql;
  /** The filter's lists as keys of the groupings they select (figureRollups.ts reads kept figures by them). */
  keys: Partial<Record<KeptGrouping, readonly string[]>>;
}

/** Timestamps as the columns hold them: `timestamp(3)` without a zone, in UTC. */
const timestampSql = (date: Date): Prisma.Sql => Prisma.sql`${date.toISOString()}::timestamp(3)`;

/** `column IN (values)`, or false for an empty list (an empty filter list matches none). */
function inList(column: Prisma.Sql, values: readonly string[]): Prisma.Sql {
  return values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`;
}

/** Checks the request, reporting every bad field at once, before any report is counted. */
async function statisticsRequest(ctx: Context, measure: CrimeMeasure, groupBy: CrimeGrouping, filter: CrimeStatisticsFilter | null | undefined): Promise<StatisticsRequest> {
  const check = inputChecks();
  if (measure === 'REPEAT_VICTIMS' && groupBy === 'MONTH') {
    check.fail(
      'groupBy',
      'REPEAT_VICTIMS counts businesses over the twelve months ending at the end of the period, so it cannot be split by MONTH; group it by CRIME_TYPE, DISTRICT, SECTOR, SIZE or OUTCOME.',
    );
  }
  const period = check.run(() => requireStatisticsPeriod(filter?.period, 'filter.period'));
  const districtCodes = check.run(() => requireFilterList(filter?.districts, 'filter.districts'))?.map((raw) => check.run(() => requireDistrictCode(raw, 'filter.districts')));
  const rawTypes = check.run(() => requireFilterList(filter?.crimeTypes, 'filter.crimeTypes'));
  const types = rawTypes && (await Promise.all(rawTypes.map((raw) => check.runAsync(() => requireCrimeType(ctx, raw, 'filter.crimeTypes')))));
  const sectors = check.run(() => requireFilterList(filter?.sectors, 'filter.sectors'));
  const sizes = check.run(() => requireFilterList(filter?.sizes, 'filter.sizes'));
  const outcomes = check
    .run(() => requireFilterList(filter?.outcomes, 'filter.outcomes'))
    ?.map((raw) =>
      check.run(() => {
        const code = raw.trim().toLowerCase();
        if (code !== noOutcomeKey && !outcomeByCode(code)) {
          throw userError(ErrorCode.BAD_USER_INPUT, `filter.outcomes ${quoteInput(raw)} is not a data.police.uk outcome code (the crimeOutcomes query lists them) or "${noOutcomeKey}".`, {
            field: 'filter.outcomes',
          });
        }
        return code;
      }),
    );
  const crimeTypes = groupBy === 'CRIME_TYPE' ? await ctx.prisma.crimeType.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }], select: { code: true, name: true } }) : [];
  check.done();
  const conditions: Prisma.Sql[] = [];
  // As groupKeySql keys them (sectors and sizes are GraphQL enum values, never NOT_RECORDED).
  const keys: Partial<Record<KeptGrouping, readonly string[]>> = {};
  if (districtCodes) keys.DISTRICT = districtCodes as string[];
  if (types) keys.CRIME_TYPE = types.map((type) => type!.code);
  if (sectors) keys.SECTOR = sectors;
  if (sizes) keys.SIZE = sizes;
  if (outcomes) keys.OUTCOME = outcomes as string[];
  if (districtCodes) conditions.push(inList(Prisma.sql`"districtCode"`, districtCodes as string[]));
  if (types)
    conditions.push(
      inList(
        Prisma.sql`"crimeTypeCode"`,
        types.map((type) => type!.code),
      ),
    );
  if (sectors) conditions.push(inList(Prisma.sql`"businessSector"`, sectors));
  if (sizes) conditions.push(inList(Prisma.sql`"businessSize"`, sizes));
  if (outcomes) {
    const codes = (outcomes as string[]).filter((code) => code !== noOutcomeKey);
    conditions.push(outcomes.includes(noOutcomeKey) ? Prisma.sql`(${inList(Prisma.sql`"outcomeCode"`, codes)} OR "outcomeCode" IS NULL)` : inList(Prisma.sql`"outcomeCode"`, codes));
  }
  const groups: Record<CrimeGrouping, () => StatisticsGroup[]> = {
    CRIME_TYPE: () => crimeTypes.map((type) => ({ key: type.code, label: type.name })),
    DISTRICT: () => districtGroups,
    SECTOR: () => sectorGroups,
    SIZE: () => sizeGroups,
    OUTCOME: () => outcomeGroups,
    MONTH: () => monthGroups(period!),
  };
  return { measure, groupBy, period: period!, groups: groups[groupBy](), keys, where: conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE` };
}

/** One row of a figure's query: a group's figures, or (isTotal = 1) the total's. */
export interface FigureRow {
  key: string | null;
  isTotal: number;
  count: number;
  medianDays: number | null;
  p90Days: number | null;
}

const isoSql = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The query of a measure: one row per group with records, and the total, in one statement. */
export function figureQuery(request: StatisticsRequest): Prisma.Sql {
  // REPEAT_VICTIMS by MONTH was refused, and MONTH itself is counted by monthRanges below.
  const key = request.groupBy === 'MONTH' ? Prisma.empty : groupKeySql[request.groupBy];
  const from = timestampSql(request.period.from);
  const to = timestampSql(request.period.to);
  if (request.measure === 'REPEAT_VICTIMS') return repeatVictimsQuery({ key, to, where: request.where, filtered: Object.keys(request.keys).length > 0 });
  // Days to the whole hour, as the kept monthly figures hold them (figureRollups.ts).
  const days = firstUpdateDaysSql;
  const timed = request.measure === 'DAYS_TO_FIRST_UPDATE';
  const figures = Prisma.sql`COUNT(*)::int AS "count",
      ${timed ? Prisma.sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days})::float8` : Prisma.sql`NULL::float8`} AS "medianDays",
      ${timed ? Prisma.sql`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${days})::float8` : Prisma.sql`NULL::float8`} AS "p90Days"`;
  const rows = (rangeFrom: Prisma.Sql, rangeTo: Prisma.Sql) =>
    Prisma.sql`"reportedAt" >= ${rangeFrom} AND "reportedAt" < ${rangeTo} AND ${request.where}${timed ? Prisma.sql` AND "firstUpdateAt" IS NOT NULL` : Prisma.empty}`;
  if (request.groupBy === 'MONTH') {
    // One index range scan per month; the total is summed from the months' unrounded counts, or,
    // for times (which cannot be made from the months'), counted over the whole period.
    const months = monthRanges(request.groups, request.period).map((month) => Prisma.sql`(${month.key}, ${timestampSql(month.from)}, ${timestampSql(month.to)})`);
    const total = timed ? Prisma.sql`SELECT NULL, 1, ${figures} FROM "CrimeReport" WHERE ${rows(from, to)}` : Prisma.sql`SELECT NULL, 1, SUM("count")::int, NULL::float8, NULL::float8 FROM "months"`;
    return Prisma.sql`
      WITH "months" AS (
        SELECT "month"."key", 0 AS "isTotal", "figures".*
        FROM (VALUES ${Prisma.join(months)}) AS "month"("key", "from", "to")
        CROSS JOIN LATERAL (SELECT ${figures} FROM "CrimeReport" WHERE ${rows(Prisma.sql`"month"."from"`, Prisma.sql`"month"."to"`)}) AS "figures"
      )
      SELECT * FROM "months"
      UNION ALL
      ${total}`;
  }
  return Prisma.sql`
    SELECT ${key} AS "key", GROUPING(${key})::int AS "isTotal", ${figures}
    FROM "CrimeReport"
    WHERE ${rows(from, to)}
    GROUP BY GROUPING SETS ((${key}), ())`;
}

/** The answer of `crimeStatistics`: the figures of one measure by one grouping, after disclosure control. */
export async function crimeStatistics(ctx: Context, measure: CrimeMeasure, groupBy: CrimeGrouping, filter: CrimeStatisticsFilter | null | undefined): Promise<CrimeStatistics> {
  requireRole(ctx.identity, ['analyst', 'police', 'admin'], 'read crime statistics');
  const request = await statisticsRequest(ctx, measure, groupBy, filter);
  const [rows, [latest]] = await Promise.all([
    // REPORTS and DAYS_TO_FIRST_UPDATE from the kept monthly figures when they can answer.
    monthlyFigureRows(ctx.prisma, { ...request, keySql: groupKeySql }).then((kept) => kept ?? ctx.prisma.$queryRaw<FigureRow[]>(figureQuery(request))),
    // Over every report, not those counted: the time of one report behind a withheld count stays unknown.
    ctx.prisma.$queryRaw<{ lastUpdated: string | null }[]>(Prisma.sql`SELECT ${isoSql(Prisma.sql`MAX("updatedAt")`)} AS "lastUpdated" FROM "CrimeReport"`),
  ]);
  const figure = (row: FigureRow): RawFigure => ({ count: Number(row.count), medianDays: row.medianDays, p90Days: row.p90Days });
  const totalRow = rows.find((row) => row.isTotal === 1);
  const grid = statisticsGrid(request.groups, new Map(rows.filter((row) => row.isTotal !== 1).map((row) => [row.key!, figure(row)])), totalRow ? figure(totalRow) : { count: 0 });
  return {
    measure,
    groupBy,
    definition: definitions[measure],
    period: request.period,
    lastUpdated: latest?.lastUpdated ? new Date(latest.lastUpdated) : null,
    disclosure: { ...disclosureControl },
    cells: grid.cells,
    total: grid.total,
  };
}

/** One cell of the deprecated crime type by district grid. */
export interface StatisticCell {
  crimeTypeCode: string;
  districtCode: string;
  count: number | null;
  suppressed: boolean;
}

/**
 * The deprecated `crimeReportStatistics`: every crime type in every district, over every report,
 * under the same rule (statisticsGrid): zeros are listed and withheld like counts of 1 to 4.
 */
export async function crimeTypeByDistrict(ctx: Context): Promise<StatisticCell[]> {
  requireRole(ctx.identity, ['analyst', 'police', 'admin'], 'read crime statistics');
  const [types, rows] = await Promise.all([
    ctx.prisma.crimeType.findMany({ orderBy: { code: 'asc' }, select: { code: true } }),
    ctx.prisma.$queryRaw<{ crimeTypeCode: string; districtCode: string; count: number }[]>`
      SELECT "crimeTypeCode", "districtCode", COUNT(*)::int AS "count" FROM "CrimeReport" GROUP BY "crimeTypeCode", "districtCode"`,
  ]);
  const keyOf = (crimeTypeCode: string, districtCode: string) => `${crimeTypeCode} ${districtCode}`;
  const districtCodes = districts.map((district) => district.code).sort();
  const pairs = types.flatMap((type) => districtCodes.map((districtCode) => ({ crimeTypeCode: type.code, districtCode })));
  const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
  const grid = statisticsGrid(
    pairs.map((pair) => ({ key: keyOf(pair.crimeTypeCode, pair.districtCode), label: '' })),
    new Map(rows.map((row) => [keyOf(row.crimeTypeCode, row.districtCode), { count: Number(row.count) }])),
    { count: total },
  );
  return pairs.map((pair, i) => ({ ...pair, count: grid.cells[i]!.count, suppressed: grid.cells[i]!.suppressed }));
}

/**
 * Records the first police update of a report, in the transaction that adds the update (a later
 * update leaves it as it is), so that DAYS_TO_FIRST_UPDATE needs no join over the updates.
 */
export async function recordFirstUpdate(tx: Pick<Context['prisma'], 'crimeReport'>, reference: string, at: Date): Promise<void> {
  await tx.crimeReport.updateMany({ where: { reference, firstUpdateAt: null }, data: { firstUpdateAt: at } });
}
