// REPEAT_VICTIMS without a filter (each business's two latest reports, read from its index) must
// give exactly what the definition gives: checked against a count in JavaScript and against the
// grouping query the filtered figures use, on random reports with ties and reports on the edges of
// the window (its first and last instants, London month starts), after reports change their
// keys or outcome and after new ones arrive, on PGlite and (with TEST_DATABASE_URL) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts } from '@crimehub/common';
import { createPostgresDatabase } from '../../../tests/utils/processes.ts';
import { Prisma } from './generated/prisma/client.ts';
import type { CrimeGrouping } from './generated/graphql.ts';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { repeatVictimsQuery } from './repeatVictims.ts';
import { seed } from './seed.ts';
import { groupKeySql, noOutcomeKey, notRecordedKey } from './statistics.ts';

/** A small seeded generator (mulberry32), so that a failure can be run again as it was. */
function randomFrom(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Row {
  reference: string;
  businessId: string;
  crimeTypeCode: string;
  districtCode: string;
  reportedAt: Date;
  businessSector: string | null;
  businessSize: string | null;
  outcomeCode: string | null;
}

/** The window's start as the SQL computes it: `to` (a UTC timestamp) minus twelve calendar months, the day kept within the month. */
function twelveMonthsBefore(to: Date): Date {
  const year = to.getUTCFullYear() - 1;
  const month = to.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(to.getUTCDate(), lastDay), to.getUTCHours(), to.getUTCMinutes(), to.getUTCSeconds(), to.getUTCMilliseconds()));
}

const keyOf: Record<Exclude<CrimeGrouping, 'MONTH'>, (row: Row) => string> = {
  CRIME_TYPE: (row) => row.crimeTypeCode,
  DISTRICT: (row) => row.districtCode,
  SECTOR: (row) => row.businessSector ?? notRecordedKey,
  SIZE: (row) => row.businessSize ?? notRecordedKey,
  OUTCOME: (row) => row.outcomeCode ?? noOutcomeKey,
};

/** The definition, counted directly: businesses with 2+ selected reports in the window, in the group of their latest (then lowest reference). */
function expectedCounts(rows: Row[], to: Date, groupBy: keyof typeof keyOf, selects: (row: Row) => boolean): Record<string, number> {
  const from = twelveMonthsBefore(to);
  const byBusiness = new Map<string, Row[]>();
  for (const row of rows) {
    if (row.reportedAt < from || row.reportedAt >= to || !selects(row)) continue;
    byBusiness.set(row.businessId, [...(byBusiness.get(row.businessId) ?? []), row]);
  }
  const counts: Record<string, number> = {};
  for (const reports of byBusiness.values()) {
    if (reports.length < 2) continue;
    const latest = reports.reduce((a, b) => (b.reportedAt > a.reportedAt || (b.reportedAt.getTime() === a.reportedAt.getTime() && b.reference < a.reference) ? b : a));
    const key = keyOf[groupBy](latest);
    counts[key] = (counts[key] ?? 0) + 1;
    counts.total = (counts.total ?? 0) + 1;
  }
  return counts;
}

const groupings = Object.keys(keyOf) as (keyof typeof keyOf)[];
const crimeTypes = ['shoplifting', 'burglary', 'fraud', 'robbery', 'criminal-damage-arson'];
const sectors = ['RETAIL', 'HOSPITALITY', 'MANUFACTURING', null];
const sizes = ['MICRO', 'SMALL', 'LARGE', null];
const outcomes = ['local-resolution', 'under-investigation', 'unable-to-prosecute', null];
const districtCodes: string[] = districts.map((district) => district.code);
const timestamp = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp(3)`;
/**
 * Ends of periods: a London month start in summer time (23:00 UTC the day before), one in winter, a
 * moment mid-month (businesses that reported later are read from their reports), and one after
 * almost every report (read from the kept rows).
 */
const ends = [new Date('2025-06-30T23:00:00.000Z'), new Date('2026-01-01T00:00:00.000Z'), new Date('2025-11-17T13:45:12.345Z'), new Date('2026-05-31T23:00:00.000Z')];

const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;

describe.each(backends)('police: REPEAT_VICTIMS read from each business’s latest reports, on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  const random = randomFrom(20261128);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  let serial = 0;

  /** Random reports of a few businesses from early 2024 to early 2026, with ties and reports on every end's edges. */
  function randomReports(count: number, businesses: number): Row[] {
    const first = Date.parse('2024-04-01T00:00:00Z');
    const last = Date.parse('2026-03-01T00:00:00Z');
    const edges = ends.flatMap((to) => {
      const from = twelveMonthsBefore(to).getTime();
      return [from - 1, from, from + 1, to.getTime() - 1, to.getTime(), to.getTime() + 1];
    });
    const rows: Row[] = [];
    for (let i = 0; i < count; i++) {
      const businessId = `biz-r${Math.floor(random() ** 1.5 * businesses)}`;
      const sameBusiness = rows.filter((row) => row.businessId === businessId);
      const draw = random();
      const reportedAt = draw < 0.25 ? new Date(pick(edges)) : draw < 0.35 && sameBusiness.length ? pick(sameBusiness).reportedAt : new Date(first + Math.floor(random() * (last - first)));
      serial += 1;
      // References are not in the order of the reports' times, so a tie's lowest one is not the first inserted.
      const reference = `BCH-25-${String(Math.floor(random() * 900) * 1000 + serial).padStart(6, '0')}`;
      rows.push({
        reference,
        businessId,
        crimeTypeCode: pick(crimeTypes),
        districtCode: pick(districtCodes),
        reportedAt,
        businessSector: pick(sectors),
        businessSize: pick(sizes),
        outcomeCode: pick(outcomes),
      });
    }
    return rows;
  }

  async function insert(rows: Row[]): Promise<void> {
    await db.prisma.crimeReport.createMany({
      data: rows.map((row) => ({ ...row, occurredAt: row.reportedAt, updatedAt: row.reportedAt, narrative: 'Synthetic report for the repeat victims test.', contactName: 'Alex Example' })),
    });
  }

  /** Every report as stored. */
  const stored = (): Promise<Row[]> =>
    db.prisma.crimeReport.findMany({
      select: { reference: true, businessId: true, crimeTypeCode: true, districtCode: true, reportedAt: true, businessSector: true, businessSize: true, outcomeCode: true },
    });

  /** A figure's rows as counts by key (the total as `total`). */
  async function counts(groupBy: keyof typeof keyOf, to: Date, where: Prisma.Sql, filtered: boolean): Promise<Record<string, number>> {
    const rows = await db.prisma.$queryRaw<{ key: string | null; isTotal: number; count: number }[]>(repeatVictimsQuery({ key: groupKeySql[groupBy], to: timestamp(to), where, filtered }));
    return Object.fromEntries(rows.map((row) => [row.isTotal === 1 ? 'total' : row.key!, Number(row.count)]));
  }

  /** The kept row of every business is its latest report and its second latest's time, as read from its reports. */
  async function expectKeptRowsMatch(rows: Row[]): Promise<void> {
    const expected = new Map<string, object>();
    const newestFirst = [...rows].sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime() || (a.reference < b.reference ? -1 : 1));
    for (const business of new Set(rows.map((row) => row.businessId))) {
      const [latest, second] = newestFirst.filter((row) => row.businessId === business);
      const { reference, reportedAt, crimeTypeCode, districtCode, businessSector, businessSize, outcomeCode } = latest!;
      expected.set(business, {
        businessId: business,
        latestReference: reference,
        latestAt: reportedAt,
        secondAt: second?.reportedAt ?? null,
        crimeTypeCode,
        districtCode,
        businessSector,
        businessSize,
        outcomeCode,
      });
    }
    const kept = await db.prisma.repeatVictimBusiness.findMany({ orderBy: { businessId: 'asc' } });
    expect(kept).toEqual([...expected.keys()].sort().map((business) => expected.get(business)));
  }

  /** For every end and grouping: the unfiltered query, the grouping query over every report and the direct count agree. */
  async function expectAllAgree(): Promise<number> {
    const rows = await stored();
    await expectKeptRowsMatch(rows);
    let repeatVictims = 0;
    for (const to of ends) {
      for (const groupBy of groupings) {
        const expected = expectedCounts(rows, to, groupBy, () => true);
        expect(await counts(groupBy, to, Prisma.sql`TRUE`, false), `${groupBy} to ${to.toISOString()}`).toEqual(expected);
        expect(await counts(groupBy, to, Prisma.sql`TRUE`, true), `${groupBy} to ${to.toISOString()}, grouped`).toEqual(expected);
        repeatVictims += expected.total ?? 0;
      }
    }
    return repeatVictims;
  }

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_repeat_victims');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await insert(randomReports(600, 150));
  });

  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it('counts each business with two or more reports in the window once, in its latest report’s group, as the definition does', async () => {
    // The data has repeat victims at every end, and single reporters that are not counted.
    expect(await expectAllAgree()).toBeGreaterThan(ends.length * groupings.length);
    const rows = await stored();
    const inWindow = (row: Row, to: Date) => row.reportedAt >= twelveMonthsBefore(to) && row.reportedAt < to;
    const single = [...new Set(rows.map((row) => row.businessId))].some((business) => rows.filter((row) => row.businessId === business && inWindow(row, ends[0]!)).length === 1);
    expect(single).toBe(true);
  });

  it('a report at the end of the period is outside it, one at the window’s first instant inside', async () => {
    const to = ends[0]!;
    const from = twelveMonthsBefore(to);
    expect(from.toISOString()).toBe('2024-06-30T23:00:00.000Z');
    const edge = (reference: string, businessId: string, crimeTypeCode: string, reportedAt: Date): Row => ({
      reference,
      businessId,
      crimeTypeCode,
      districtCode: districtCodes[0]!,
      reportedAt,
      businessSector: null,
      businessSize: null,
      outcomeCode: null,
    });
    await insert([
      edge('BCH-24-900001', 'biz-edge', 'fraud', from),
      edge('BCH-24-900002', 'biz-edge', 'robbery', new Date(to.getTime() - 1)),
      edge('BCH-24-900003', 'biz-edge', 'burglary', to),
      edge('BCH-24-900004', 'biz-edge-late', 'burglary', new Date(from.getTime() - 1)),
      edge('BCH-24-900005', 'biz-edge-late', 'burglary', to),
    ]);
    const byType = await counts('CRIME_TYPE', to, Prisma.sql`TRUE`, false);
    const withoutEdge = expectedCounts(
      (await stored()).filter((row) => !row.businessId.startsWith('biz-edge')),
      to,
      'CRIME_TYPE',
      () => true,
    );
    // biz-edge counts once, as a robbery (its report at `to` is the next period's); biz-edge-late not at all.
    expect(byType.total).toBe((withoutEdge.total ?? 0) + 1);
    expect(byType.robbery).toBe((withoutEdge.robbery ?? 0) + 1);
    await expectAllAgree();
  });

  it('follows a report whose crime type, district, sector, size or outcome changes, and new reports', async () => {
    const rows = await stored();
    // The latest report of each business at each end, and random others, take new keys.
    const latest = ends.flatMap((to) =>
      [...new Set(rows.map((row) => row.businessId))].flatMap((business) => {
        const own = rows.filter((row) => row.businessId === business && row.reportedAt < to).sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime() || (a.reference < b.reference ? -1 : 1));
        return own.length ? [own[0]!.reference] : [];
      }),
    );
    const changed = [...new Set([...latest.filter(() => random() < 0.5), ...rows.filter(() => random() < 0.1).map((row) => row.reference)])];
    for (const reference of changed) {
      await db.prisma.crimeReport.update({
        where: { reference },
        data: { crimeTypeCode: pick(crimeTypes), districtCode: pick(districtCodes), businessSector: pick(sectors), businessSize: pick(sizes), outcomeCode: pick(outcomes) },
      });
    }
    await expectAllAgree();
    await insert(randomReports(150, 200));
    await expectAllAgree();
  });

  it('follows reports deleted, or moved to another business or time by a script', async () => {
    const rows = await stored();
    const businesses = [...new Set(rows.map((row) => row.businessId))];
    // Every report of one business, and a random tenth of the others (latest ones among them).
    await db.prisma.crimeReport.deleteMany({ where: { OR: [{ businessId: businesses[0] }, { reference: { in: rows.filter(() => random() < 0.1).map((row) => row.reference) } }] } });
    await expectAllAgree();
    const left = await stored();
    for (const row of left.filter(() => random() < 0.05)) {
      await db.prisma.crimeReport.update({
        where: { reference: row.reference },
        data: random() < 0.5 ? { businessId: pick(businesses) } : { reportedAt: new Date(row.reportedAt.getTime() + Math.floor((random() - 0.5) * 200 * 86_400_000)) },
      });
    }
    await expectAllAgree();
    // One statement moving many reports at once, some of them to a business with none before.
    await db.prisma.crimeReport.updateMany({ where: { businessId: { in: businesses.slice(1, 4) } }, data: { businessId: 'biz-moved' } });
    await expectAllAgree();
  });

  // PGlite has one connection: two transactions at once need PostgreSQL.
  it.runIf(backend === 'postgres')('two filings for one business at once: the second, waiting on the first’s row, loses neither', async () => {
    const report = (reference: string, reportedAt: Date): Row => ({
      reference,
      businessId: 'biz-concurrent',
      crimeTypeCode: 'fraud',
      districtCode: districtCodes[0]!,
      reportedAt,
      businessSector: null,
      businessSize: null,
      outcomeCode: null,
    });
    await insert([report('BCH-26-800001', new Date('2026-02-01T10:00:00Z'))]);
    let inserted!: () => void;
    let release!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.prisma.$transaction(async (tx) => {
      await tx.crimeReport.createMany({
        data: [{ ...report('BCH-26-800003', new Date('2026-02-03T10:00:00Z')), occurredAt: new Date('2026-02-03T10:00:00Z'), narrative: 'Synthetic.', contactName: 'Alex Example' }],
      });
      inserted();
      await held;
    });
    await firstInserted;
    // Its statement began before the first committed: it cannot see the first's report.
    const second = insert([report('BCH-26-800002', new Date('2026-02-02T10:00:00Z'))]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await Promise.all([first, second]);
    expect(await db.prisma.repeatVictimBusiness.findUnique({ where: { businessId: 'biz-concurrent' } })).toMatchObject({
      latestReference: 'BCH-26-800003',
      secondAt: new Date('2026-02-02T10:00:00Z'),
    });
    await expectAllAgree();
  });

  it('with a filter, counts only the reports it selects: agrees with the definition', async () => {
    const rows = await stored();
    const filters: { where: Prisma.Sql; selects: (row: Row) => boolean }[] = [
      { where: Prisma.sql`"crimeTypeCode" IN ('shoplifting', 'fraud')`, selects: (row) => ['shoplifting', 'fraud'].includes(row.crimeTypeCode) },
      { where: Prisma.sql`("outcomeCode" IN ('local-resolution') OR "outcomeCode" IS NULL)`, selects: (row) => row.outcomeCode === 'local-resolution' || row.outcomeCode === null },
      {
        where: Prisma.sql`"businessSector" IN ('RETAIL') AND "districtCode" IN (${Prisma.join(districtCodes.slice(0, 4))})`,
        selects: (row) => row.businessSector === 'RETAIL' && districtCodes.slice(0, 4).includes(row.districtCode),
      },
    ];
    for (const filter of filters) {
      for (const to of ends) {
        for (const groupBy of groupings) expect(await counts(groupBy, to, filter.where, true)).toEqual(expectedCounts(rows, to, groupBy, filter.selects));
      }
    }
  });
});
