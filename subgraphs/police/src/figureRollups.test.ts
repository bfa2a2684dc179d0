// The kept monthly figures (CrimeReportMonthFigure, figureRollups.ts) against the direct count over
// "CrimeReport" (statistics.ts figureQuery), on random reports, on PGlite and (when
// TEST_DATABASE_URL is set) PostgreSQL: the triggers keep the table equal to a recount through
// inserts, updates (first updates, outcomes, crime types, moves across months) and deletes, and
// REPORTS and DAYS_TO_FIRST_UPDATE read from it equal the direct computation (times to the whole
// hour) for every grouping, over whole and partial months, with and without a filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, monthGroups, type StatisticsPeriod } from '@crimehub/common';
import { createPostgresDatabase } from '../../../tests/utils/processes.ts';
import { Prisma } from './generated/prisma/client.ts';
import type { CrimeGrouping, CrimeMeasure } from './generated/graphql.ts';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { monthlyFigureRows, percentileCont, splitPeriod, type KeptGrouping } from './figureRollups.ts';
import { seed } from './seed.ts';
import { figureQuery, groupKeySql, type FigureRow } from './statistics.ts';

const hour = 3_600_000;
const day = 24 * hour;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seedValue: number): () => number {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('percentileCont', () => {
  it('reads a percentile from counted values as percentile_cont does from the sorted values', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([[2, 1]], 0.9)).toBe(2);
    // 1, 2, 2, 10: median between the 2nd and 3rd (2), 90th at 2.7 → 2 + 0.7 × 8.
    expect(
      percentileCont(
        [
          [1, 1],
          [2, 2],
          [10, 1],
        ],
        0.5,
      ),
    ).toBe(2);
    expect(
      percentileCont(
        [
          [1, 1],
          [2, 2],
          [10, 1],
        ],
        0.9,
      ),
    ).toBeCloseTo(7.6, 12);
    expect(
      percentileCont(
        [
          [1, 1],
          [3, 1],
        ],
        0.5,
      ),
    ).toBe(2);
  });

  it('splits a period into whole London months and the partial ranges at its edges', () => {
    // 31 March 2025 23:00 UTC is midnight on 1 April in London (summer time).
    expect(splitPeriod({ from: new Date('2025-03-31T23:00:00Z'), to: new Date('2025-05-31T23:00:00Z') })).toEqual({ months: ['2025-04', '2025-05'], edges: [] });
    expect(splitPeriod({ from: new Date('2025-04-10T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z') })).toEqual({
      months: ['2025-05'],
      edges: [
        { from: new Date('2025-04-10T00:00:00Z'), to: new Date('2025-04-30T23:00:00Z') },
        { from: new Date('2025-05-31T23:00:00Z'), to: new Date('2025-06-02T00:00:00Z') },
      ],
    });
  });
});

const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;

describe.each(backends)('police: kept monthly figures on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  const next = random(20261128);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const districtCodes = districts.slice(0, 4).map((district) => district.code);
  const sectors = ['RETAIL', 'HOSPITALITY', null];
  const sizes = ['SMALL', 'MICRO', null];
  const outcomes = ['local-resolution', 'under-investigation', null];
  let crimeTypes: string[] = [];
  let serial = 0;

  const reportAt = (reportedAt: Date): Prisma.CrimeReportCreateManyInput => {
    serial += 1;
    // Whole and half hours too, where rounding to the hour decides.
    const after = next() < 0.3 ? Math.floor(next() * 200) * (hour / 2) : Math.floor(next() * 40 * day);
    const firstUpdateAt = next() < 0.6 ? new Date(reportedAt.getTime() + after) : null;
    return {
      reference: `BCH-25-${String(serial).padStart(6, '0')}`,
      businessId: `biz-${Math.floor(next() * 50)}`,
      crimeTypeCode: pick(crimeTypes),
      districtCode: pick(districtCodes),
      occurredAt: new Date(reportedAt.getTime() - hour),
      reportedAt,
      updatedAt: firstUpdateAt ?? reportedAt,
      firstUpdateAt,
      businessSector: pick(sectors),
      businessSize: pick(sizes),
      outcomeCode: pick(outcomes),
      narrative: 'Synthetic report for the kept figures test.',
      contactName: 'Alex Example',
    };
  };
  const start = Date.parse('2024-12-20T00:00:00Z');
  const randomInstant = () => new Date(start + Math.floor(next() * 400 * day));

  /** The kept table as it is, and as a recount over "CrimeReport" makes it (rows of no reports left out). */
  const keptAndRecounted = async () => {
    const kept = await db.prisma.$queryRaw<unknown[]>`
      SELECT "month", "grouping", "key", "updated", "hours", "reports" FROM "CrimeReportMonthFigure" WHERE "reports" <> 0 ORDER BY 1, 2, 3, 4, 5`;
    const recounted = await db.prisma.$queryRaw<unknown[]>`
      SELECT to_char(("reportedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London', 'YYYY-MM') AS "month", "dimension"."grouping", "dimension"."key",
        "firstUpdateAt" IS NOT NULL AS "updated", COALESCE(round(EXTRACT(EPOCH FROM ("firstUpdateAt" - "reportedAt")) / 3600)::int, 0) AS "hours", COUNT(*)::int AS "reports"
      FROM "CrimeReport" CROSS JOIN LATERAL (VALUES
        ('CRIME_TYPE', "crimeTypeCode"), ('DISTRICT', "districtCode"), ('SECTOR', COALESCE("businessSector", 'NOT_RECORDED')),
        ('SIZE', COALESCE("businessSize", 'NOT_RECORDED')), ('OUTCOME', COALESCE("outcomeCode", 'none'))
      ) AS "dimension"("grouping", "key")
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
    return { kept, recounted };
  };

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_month_figures');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    crimeTypes = (await db.prisma.crimeType.findMany({ select: { code: true }, take: 4, orderBy: { code: 'asc' } })).map((type) => type.code);
    // One bulk insert (one trigger call for many rows), then reports one at a time.
    await db.prisma.crimeReport.createMany({ data: Array.from({ length: 500 }, () => reportAt(randomInstant())) });
    for (let i = 0; i < 20; i++) await db.prisma.crimeReport.create({ data: reportAt(randomInstant()) });
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('the triggers keep the table equal to a recount through inserts, updates and deletes', async () => {
    const first = await keptAndRecounted();
    expect(first.kept.length).toBeGreaterThan(100);
    expect(first.kept).toEqual(first.recounted);
    const references = (await db.prisma.crimeReport.findMany({ select: { reference: true }, orderBy: { reference: 'asc' } })).map((r) => r.reference);
    const some = (share: number) => references.filter(() => next() < share);
    // First updates, one at a time as the workflow records them, and in bulk.
    for (const reference of some(0.03)) {
      const report = await db.prisma.crimeReport.findUniqueOrThrow({ where: { reference } });
      await db.prisma.crimeReport.updateMany({ where: { reference, firstUpdateAt: null }, data: { firstUpdateAt: new Date(report.reportedAt.getTime() + 90 * 60_000) } });
    }
    await db.prisma.$executeRaw`UPDATE "CrimeReport" SET "firstUpdateAt" = "reportedAt" + INTERVAL '3 days 11 hours 30 minutes' WHERE "firstUpdateAt" IS NULL AND "reference" LIKE '%3'`;
    // Outcomes, crime types and sectors change, reports move across months, some are removed.
    await db.prisma.crimeReport.updateMany({ where: { reference: { in: some(0.1) } }, data: { outcomeCode: 'local-resolution' } });
    await db.prisma.crimeReport.updateMany({ where: { reference: { in: some(0.05) } }, data: { crimeTypeCode: crimeTypes[0]!, businessSector: null } });
    await db.prisma.$executeRaw`UPDATE "CrimeReport" SET "reportedAt" = "reportedAt" + INTERVAL '17 days' WHERE "reference" LIKE '%7'`;
    await db.prisma.crimeReport.updateMany({ data: { status: 'UNDER_INVESTIGATION' }, where: { reference: { in: some(0.1) } } });
    await db.prisma.crimeReport.deleteMany({ where: { reference: { in: some(0.05) } } });
    const after = await keptAndRecounted();
    expect(after.kept).toEqual(after.recounted);
  });

  const periods: Record<string, StatisticsPeriod> = {
    'whole months': { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') },
    'partial months at both edges': { from: new Date('2025-03-10T13:17:00Z'), to: new Date('2025-11-20T08:00:00Z') },
    'a partial month at the end': { from: new Date('2024-11-30T23:59:59Z'), to: new Date('2025-06-14T23:00:00Z') },
  };
  const keyOf = (row: FigureRow) => `${row.isTotal}:${row.key}`;
  const normalised = (rows: FigureRow[]) =>
    rows
      .map((row) => ({ key: keyOf(row), count: Number(row.count), medianDays: row.medianDays, p90Days: row.p90Days }))
      .filter((row) => row.count !== 0 || row.key.startsWith('1:'))
      .sort((a, b) => a.key.localeCompare(b.key));

  /** The request as statistics.ts builds it from a filter of at most one grouping's keys. */
  const request = (measure: CrimeMeasure, groupBy: CrimeGrouping, period: StatisticsPeriod, filter?: { grouping: KeptGrouping; keys: string[] }) => {
    const column: Record<KeptGrouping, Prisma.Sql> = {
      CRIME_TYPE: Prisma.sql`"crimeTypeCode"`,
      DISTRICT: Prisma.sql`"districtCode"`,
      SECTOR: Prisma.sql`"businessSector"`,
      SIZE: Prisma.sql`"businessSize"`,
      OUTCOME: Prisma.sql`COALESCE("outcomeCode", 'none')`,
    };
    const where = filter ? Prisma.sql`${column[filter.grouping]} IN (${Prisma.join(filter.keys)})` : Prisma.sql`TRUE`;
    return { measure, groupBy, period, groups: groupBy === 'MONTH' ? monthGroups(period) : [], where, keys: filter ? { [filter.grouping]: filter.keys } : {}, keySql: groupKeySql };
  };

  const groupings: CrimeGrouping[] = ['CRIME_TYPE', 'DISTRICT', 'SECTOR', 'SIZE', 'OUTCOME', 'MONTH'];
  const cases = (['REPORTS', 'DAYS_TO_FIRST_UPDATE'] as const).flatMap((measure) => Object.keys(periods).flatMap((period) => groupings.map((groupBy) => [measure, groupBy, period] as const)));
  it.each(cases)('%s by %s over %s equals the direct count', async (measure, groupBy, periodName) => {
    const period = periods[periodName]!;
    const filters: ({ grouping: KeptGrouping; keys: string[] } | undefined)[] = [
      undefined,
      groupBy === 'MONTH'
        ? { grouping: 'OUTCOME', keys: ['none', 'local-resolution'] }
        : {
            grouping: groupBy,
            keys:
              groupBy === 'OUTCOME'
                ? ['none']
                : groupBy === 'SECTOR'
                  ? ['RETAIL']
                  : groupBy === 'SIZE'
                    ? ['SMALL', 'MICRO']
                    : groupBy === 'DISTRICT'
                      ? districtCodes.slice(1, 3)
                      : crimeTypes.slice(0, 2),
          },
    ];
    for (const filter of filters) {
      const built = request(measure, groupBy, period, filter);
      const kept = await monthlyFigureRows(db.prisma, built);
      expect(kept).not.toBeNull();
      const direct = await db.prisma.$queryRaw<FigureRow[]>(figureQuery(built));
      const [a, b] = [normalised(kept!), normalised(direct)];
      expect(a.map((row) => [row.key, row.count])).toEqual(b.map((row) => [row.key, row.count]));
      a.forEach((row, i) => {
        for (const field of ['medianDays', 'p90Days'] as const) {
          if (b[i]![field] === null) expect(row[field]).toBeNull();
          else expect(row[field]).toBeCloseTo(b[i]![field]!, 9);
        }
      });
    }
  });

  it('a filter on another grouping than the one asked for is left to the direct count', async () => {
    const built = request('REPORTS', 'DISTRICT', periods['whole months']!, { grouping: 'SECTOR', keys: ['RETAIL'] });
    expect(await monthlyFigureRows(db.prisma, built)).toBeNull();
  });
});
