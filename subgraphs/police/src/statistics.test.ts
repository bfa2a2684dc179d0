// Analysts' figures (crimeStatistics) and the deprecated crime type by district grid, against the
// police subgraph in-process, on PGlite and (when TEST_DATABASE_URL is set) PostgreSQL, over a
// fixture whose figures are known: every cell present with its zeros, rounding to base 5, totals
// from the unrounded sum, each measure, each grouping, the filters, London months and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase } from '../../../tests/utils/processes.ts';
import type { Prisma } from './generated/prisma/client.ts';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { crimeOutcomes } from './outcomes.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'police-statistics-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const analyst: Identity = { kind: 'user', subject: 'analyst-1', role: 'analyst' };
const business: Identity = { kind: 'user', subject: 'owner-biz-0001', role: 'business', businessId: 'biz-0001' };

const hour = 3_600_000;
const day = 24 * hour;
let serial = 0;

/** A report of the fixture: what the figures count, nothing personal that matters. */
function report(reportedAt: Date, fields: Partial<Prisma.CrimeReportCreateManyInput> & { businessId: string; crimeTypeCode: string; districtCode: string }): Prisma.CrimeReportCreateManyInput {
  serial += 1;
  return {
    reference: `BCH-25-${String(serial).padStart(6, '0')}`,
    occurredAt: new Date(reportedAt.getTime() - hour),
    reportedAt,
    updatedAt: fields.firstUpdateAt ?? reportedAt,
    narrative: 'Synthetic report for the statistics tests.',
    contactName: 'Alex Example',
    contactEmail: 'alex@example.com',
    ...fields,
  };
}

const at = (iso: string, plus = 0) => new Date(Date.parse(iso) + plus);
const fixture: Prisma.CrimeReportCreateManyInput[] = [
  // 7 shoplifting reports by one retailer in Stafford in March 2025, each updated a day later.
  ...Array.from({ length: 7 }, (_, i) =>
    report(at('2025-03-10T10:00:00Z', i * hour), {
      businessId: 'biz-a',
      crimeTypeCode: 'shoplifting',
      districtCode: 'E07000197',
      businessSector: 'RETAIL',
      businessSize: 'SMALL',
      firstUpdateAt: at('2025-03-10T10:00:00Z', i * hour + day),
    }),
  ),
  // One the evening before the period (London and UTC agree in winter): never counted.
  report(at('2024-12-31T23:30:00Z'), { businessId: 'biz-a', crimeTypeCode: 'shoplifting', districtCode: 'E07000197', businessSector: 'RETAIL', businessSize: 'SMALL' }),
  // 5 at 00:30 on 1 June 2025 British Summer Time (23:30 UTC on 31 May): June's, not May's.
  ...Array.from({ length: 5 }, (_, i) =>
    report(at('2025-05-31T23:30:00Z'), { businessId: `biz-d${i}`, crimeTypeCode: 'shoplifting', districtCode: 'E07000197', businessSector: 'RETAIL', businessSize: 'SMALL' }),
  ),
  // 3 burglaries in Tamworth in June, reported before sector and size were asked for.
  ...Array.from({ length: 3 }, (_, i) => report(at('2025-06-15T09:00:00Z', i * hour), { businessId: `biz-b${i}`, crimeTypeCode: 'burglary', districtCode: 'E07000199' })),
  // 12 frauds in Stoke-on-Trent in September, the i-th first updated i days later; 6 resolved locally.
  ...Array.from({ length: 12 }, (_, k) => {
    const i = k + 1;
    return report(at('2025-09-01T10:00:00Z', i * 60_000), {
      businessId: `biz-c${i % 10}`,
      crimeTypeCode: 'fraud',
      districtCode: 'E06000021',
      businessSector: 'PROFESSIONAL_SERVICES',
      businessSize: 'MEDIUM',
      firstUpdateAt: at('2025-09-01T10:00:00Z', i * 60_000 + i * day),
      outcomeCode: i <= 6 ? 'local-resolution' : null,
    });
  }),
  // 6 pubs in Cannock Chase, each damaged twice in November.
  ...Array.from({ length: 12 }, (_, i) =>
    report(at('2025-11-01T12:00:00Z', i * hour), {
      businessId: `biz-e${i % 6}`,
      crimeTypeCode: 'criminal-damage-arson',
      districtCode: 'E07000192',
      businessSector: 'HOSPITALITY',
      businessSize: 'MICRO',
    }),
  ),
];

const period = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
const latestWrite = Math.max(...fixture.map((r) => (r.updatedAt as Date).getTime()));
const inPeriod = fixture.filter((r) => (r.reportedAt as Date) >= new Date(period.from) && (r.reportedAt as Date) < new Date(period.to));

const statisticsQuery = /* GraphQL */ `
  query Stats($measure: CrimeMeasure!, $groupBy: CrimeGrouping!, $filter: CrimeStatisticsFilter) {
    crimeStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) {
      measure groupBy definition period { from to } lastUpdated
      disclosure { threshold roundingBase minimumForTimes description }
      cells { key label count suppressed medianDays p90Days }
      total { key label count suppressed medianDays p90Days }
    }
  }
`;

const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;

describe.each(backends)('police: figures for analysts on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;
  let crimeTypeCodes: string[];

  const post = async (identity: Identity, query: string, variables: Record<string, unknown> = {}) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, identity, payload) },
      payload,
    });
    return response.json() as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
  };

  const stats = async (measure: string, groupBy: string, filter: Record<string, unknown> = {}) => {
    const { data, errors } = await post(analyst, statisticsQuery, { measure, groupBy, filter: { period, ...filter } });
    expect(errors).toBeUndefined();
    return data.crimeStatistics;
  };
  const cellsByKey = (answer: any) => Object.fromEntries(answer.cells.map((cell: any) => [cell.key, cell.count]));
  const refusal = async (variables: Record<string, unknown>) => {
    const { data, errors } = await post(analyst, statisticsQuery, { measure: 'REPORTS', groupBy: 'CRIME_TYPE', ...variables });
    expect(data).toBeNull();
    return errors![0]!.extensions!;
  };

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_statistics');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await db.prisma.crimeReport.createMany({ data: fixture });
    crimeTypeCodes = (await db.prisma.crimeType.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] })).map((type) => type.code);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('the deprecated crimeReportStatistics lists every crime type in every district: an empty cell and a cell of 3 look the same', async () => {
    const { data, errors } = await post(analyst, '{ crimeReportStatistics { crimeType { code } district { code } count suppressed } }');
    expect(errors).toBeUndefined();
    const cells = data.crimeReportStatistics as { crimeType: { code: string }; district: { code: string }; count: number | null; suppressed: boolean }[];
    expect(cells).toHaveLength(crimeTypeCodes.length * districts.length);
    const cell = (type: string, district: string) => cells.find((c) => c.crimeType.code === type && c.district.code === district);
    // No report at all, and three reports: both present, both withheld, indistinguishable.
    expect(cell('robbery', 'E07000193')).toEqual({ crimeType: { code: 'robbery' }, district: { code: 'E07000193' }, count: null, suppressed: true });
    expect(cell('burglary', 'E07000199')).toEqual({ crimeType: { code: 'burglary' }, district: { code: 'E07000199' }, count: null, suppressed: true });
    // 13 shoplifting reports in Stafford (every report ever made): shown rounded to 15.
    expect(cell('shoplifting', 'E07000197')).toMatchObject({ count: 15, suppressed: false });
    expect(cells.every((c) => c.count === null || c.count % 5 === 0)).toBe(true);
  });

  it('REPORTS by CRIME_TYPE: every crime type listed, zeros withheld, counts rounded, the total from the unrounded sum', async () => {
    const answer = await stats('REPORTS', 'CRIME_TYPE');
    expect(answer.cells.map((cell: any) => cell.key)).toEqual(crimeTypeCodes);
    const counts = cellsByKey(answer);
    expect(counts).toMatchObject({ shoplifting: 10, burglary: null, fraud: 10, 'criminal-damage-arson': 10, robbery: null });
    expect(answer.cells.filter((cell: any) => !cell.suppressed)).toHaveLength(3);
    // 12 + 3 + 12 + 12 = 39 reports: the total is 40, not the 30 of the rounded cells.
    expect(inPeriod).toHaveLength(39);
    expect(answer.total).toEqual({ key: 'total', label: 'Total', count: 40, suppressed: false, medianDays: null, p90Days: null });
    expect(answer.measure).toBe('REPORTS');
    expect(answer.definition).toMatch(/reports made to the hub in the period/);
    expect(answer.period).toEqual({ from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    expect(answer.disclosure).toMatchObject({ threshold: 5, roundingBase: 5, minimumForTimes: 10 });
    expect(Date.parse(answer.lastUpdated)).toBe(latestWrite);
  });

  it('REPORTS by MONTH: every London month of the period, a report at 00:30 BST on 1 June is June’s', async () => {
    const answer = await stats('REPORTS', 'MONTH');
    expect(answer.cells.map((cell: any) => cell.key)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(answer.cells[5].label).toBe('June 2025');
    // June: 5 shoplifting + 3 burglaries = 8, shown as 10; May: none, withheld (by UTC it would be 5).
    expect(cellsByKey(answer)).toMatchObject({ '2025-01': null, '2025-03': 5, '2025-05': null, '2025-06': 10, '2025-09': 10, '2025-11': 10, '2025-12': null });
    expect(answer.total.count).toBe(40);
  });

  it('REPORTS by DISTRICT, SECTOR, SIZE and OUTCOME: every group listed, "Not recorded" and "No outcome yet" included', async () => {
    const byDistrict = await stats('REPORTS', 'DISTRICT');
    expect(byDistrict.cells.map((cell: any) => cell.key).sort()).toEqual(districts.map((d) => d.code).sort());
    expect(cellsByKey(byDistrict)).toMatchObject({ E07000197: 10, E07000199: null, E06000021: 10, E07000192: 10, E07000193: null });

    const bySector = await stats('REPORTS', 'SECTOR');
    expect(bySector.cells).toHaveLength(16);
    expect(bySector.cells.at(-1)).toMatchObject({ key: 'NOT_RECORDED', label: 'Not recorded', count: null, suppressed: true });
    expect(cellsByKey(bySector)).toMatchObject({ RETAIL: 10, PROFESSIONAL_SERVICES: 10, HOSPITALITY: 10, AGRICULTURE: null });

    const bySize = await stats('REPORTS', 'SIZE');
    expect(bySize.cells.map((cell: any) => cell.key)).toEqual(['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'NOT_RECORDED']);
    expect(cellsByKey(bySize)).toMatchObject({ MICRO: 10, SMALL: 10, MEDIUM: 10, LARGE: null, NOT_RECORDED: null });

    const byOutcome = await stats('REPORTS', 'OUTCOME');
    expect(byOutcome.cells.map((cell: any) => cell.key)).toEqual([...crimeOutcomes.map((o) => o.code), 'none']);
    // 6 resolved locally (shown 5), 33 with no outcome yet (shown 35).
    expect(cellsByKey(byOutcome)).toMatchObject({ 'local-resolution': 5, none: 35, 'under-investigation': null });
    for (const answer of [byDistrict, bySector, bySize, byOutcome]) expect(answer.total.count).toBe(40);
  });

  it('DAYS_TO_FIRST_UPDATE: the reports that had one, times only for groups of 10 or more, the total’s times over every one', async () => {
    const answer = await stats('DAYS_TO_FIRST_UPDATE', 'CRIME_TYPE');
    const cell = (key: string) => answer.cells.find((c: any) => c.key === key);
    // Fraud: 12 reports first updated after 1, 2, ..., 12 days: median 6.5, 90th percentile 10.9.
    expect(cell('fraud')).toMatchObject({ count: 10, medianDays: 6.5, p90Days: 10.9 });
    // Shoplifting: 7 updated after a day: a count (5) but no times (fewer than 10).
    expect(cell('shoplifting')).toMatchObject({ count: 5, medianDays: null, p90Days: null });
    // Burglary and criminal damage had no update: not counted.
    expect(cell('criminal-damage-arson')).toMatchObject({ count: null, suppressed: true });
    // All 19: seven 1s, then 1..12: median 3 (the 10th), 90th percentile 10.2.
    expect(answer.total).toMatchObject({ count: 20, medianDays: 3, p90Days: 10.2 });
    expect(answer.definition).toMatch(/first update/);
  });

  it('REPEAT_VICTIMS: businesses with two or more reports in the twelve months to the end of the period, in the group of their latest report', async () => {
    const answer = await stats('REPEAT_VICTIMS', 'DISTRICT');
    // biz-a (7 in Stafford), biz-c1 and biz-c2 (2 each in Stoke-on-Trent), biz-e0..e5 (2 each in Cannock Chase): 9.
    expect(cellsByKey(answer)).toMatchObject({ E07000197: null, E06000021: null, E07000192: 5 });
    expect(answer.total.count).toBe(10);
    expect(answer.definition).toMatch(/two or more/);
    // The window is the twelve months to the period's end, whatever its start.
    const lastQuarter = await stats('REPEAT_VICTIMS', 'SECTOR', { period: { from: '2025-10-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
    expect(lastQuarter.total.count).toBe(10);
    expect(cellsByKey(lastQuarter)).toMatchObject({ HOSPITALITY: 5, RETAIL: null });
    // Filtered to shoplifting: biz-a alone (the June shops reported once each).
    const shoplifting = await stats('REPEAT_VICTIMS', 'CRIME_TYPE', { crimeTypes: ['shoplifting'] });
    expect(shoplifting.total).toMatchObject({ count: null, suppressed: true });
  });

  it('filters narrow what is counted: districts, crime types, sectors, sizes, outcomes (and "none"); an empty list matches none', async () => {
    expect((await stats('REPORTS', 'CRIME_TYPE', { districts: ['E07000197'] })).total.count).toBe(10);
    expect((await stats('REPORTS', 'DISTRICT', { crimeTypes: ['FRAUD', 'burglary'] })).total.count).toBe(15);
    expect((await stats('REPORTS', 'SIZE', { sectors: ['HOSPITALITY', 'RETAIL'] })).total.count).toBe(25);
    expect((await stats('REPORTS', 'OUTCOME', { sizes: ['MEDIUM'] })).total.count).toBe(10);
    expect((await stats('REPORTS', 'MONTH', { outcomes: ['local-resolution'] })).total.count).toBe(5);
    expect((await stats('REPORTS', 'MONTH', { outcomes: ['none'] })).total.count).toBe(35);
    expect((await stats('REPORTS', 'MONTH', { outcomes: ['none', 'local-resolution'] })).total.count).toBe(40);
    const none = await stats('REPORTS', 'DISTRICT', { districts: [] });
    expect(none.total).toMatchObject({ count: null, suppressed: true });
    expect(none.cells).toHaveLength(9);
    // The latest write to any report, not to those counted: three burglaries withheld as one
    // cell do not give away when the last of them changed.
    expect(Date.parse(none.lastUpdated)).toBe(latestWrite);
    const burglaries = await stats('REPORTS', 'DISTRICT', { crimeTypes: ['burglary'] });
    expect(burglaries.total).toMatchObject({ count: null, suppressed: true });
    expect(Date.parse(burglaries.lastUpdated)).toBe(latestWrite);
    expect(latestWrite).toBeGreaterThan(Math.max(...fixture.filter((r) => r.crimeTypeCode === 'burglary').map((r) => (r.updatedAt as Date).getTime())));
  });

  it('the default period is the twelve London months up to now', async () => {
    const { data, errors } = await post(analyst, statisticsQuery, { measure: 'REPORTS', groupBy: 'MONTH' });
    expect(errors).toBeUndefined();
    expect(data.crimeStatistics.cells).toHaveLength(12);
    expect(Date.parse(data.crimeStatistics.period.to)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses bad input with the field named, before counting anything', async () => {
    expect(await refusal({ filter: { districts: ['E99999999'] } })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
    expect(await refusal({ filter: { crimeTypes: ['teleportation'] } })).toMatchObject({ code: 'UNKNOWN_CRIME_TYPE', field: 'filter.crimeTypes' });
    expect(await refusal({ filter: { outcomes: ['sent-to-the-moon'] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.outcomes' });
    expect(await refusal({ filter: { districts: Array.from({ length: 21 }, () => 'E07000197') } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.districts' });
    expect(await refusal({ filter: { period: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await refusal({ filter: { period: { from: '2020-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await refusal({ measure: 'REPEAT_VICTIMS', groupBy: 'MONTH' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    // Every bad field in one answer.
    const several = await refusal({ filter: { districts: ['E99999999'], outcomes: ['nope'] } });
    expect(several.fieldErrors.map((e: any) => e.field)).toEqual(['filter.districts', 'filter.outcomes']);
    // Exactly 60 months is allowed.
    const sixty = await post(analyst, statisticsQuery, { measure: 'REPORTS', groupBy: 'MONTH', filter: { period: { from: '2021-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } });
    expect(sixty.errors).toBeUndefined();
    expect(sixty.data.crimeStatistics.cells).toHaveLength(60);
  });

  it('a report keeps the sector and size its reporter gives; the first police update’s time is kept, later ones leave it', async () => {
    const filed = await post(business, 'mutation R($input: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $input) { crimeReport { reference } } }', {
      input: {
        idempotencyKey: `stats-${backend}-report`,
        crimeType: 'shoplifting',
        occurredAt: '2026-11-20T14:30:00Z',
        district: 'E07000197',
        narrative: 'Two people took razors from the display and left without paying.',
        contactName: 'Alex Example',
        contactEmail: 'alex@example.com',
        impactStatementWanted: false,
        referralConsent: false,
        businessSector: 'RETAIL',
        businessSize: 'SMALL',
      },
    });
    expect(filed.errors).toBeUndefined();
    const reference = filed.data.reportBusinessCrime.crimeReport.reference as string;
    const row = () => db.prisma.crimeReport.findUniqueOrThrow({ where: { reference } });
    expect(await row()).toMatchObject({ businessSector: 'RETAIL', businessSize: 'SMALL', firstUpdateAt: null });
    const police: Identity = { kind: 'user', subject: 'pc-1234', role: 'police' };
    const update = (key: string) =>
      post(police, 'mutation U($input: AddCrimeReportUpdateInput!) { addCrimeReportUpdate(input: $input) { crimeReportUpdate { at } } }', {
        input: { idempotencyKey: `stats-${backend}-${key}`, reference, message: 'An officer will call today.' },
      });
    const first = await update('first');
    expect(first.errors).toBeUndefined();
    const firstAt = new Date(first.data.addCrimeReportUpdate.crimeReportUpdate.at);
    expect((await row()).firstUpdateAt).toEqual(firstAt);
    expect((await update('second')).errors).toBeUndefined();
    const after = await row();
    expect(after.firstUpdateAt).toEqual(firstAt);
    expect(after.updatedAt.getTime()).toBeGreaterThan(firstAt.getTime() - 1);
  });

  it('refuses a business user (FORBIDDEN) at the subgraph too', async () => {
    const { errors } = await post(business, statisticsQuery, { measure: 'REPORTS', groupBy: 'CRIME_TYPE' });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
