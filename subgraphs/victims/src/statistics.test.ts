// victimStatistics in process, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: referrals
// written with known dates, then every measure by every grouping, zeros and small counts
// withheld, counts rounded to 5, totals rounded from the unrounded sum, times for 10 or more,
// filters, and bad input refused with its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase, type Backend } from '../../../tests/utils/processes.ts';
import { openVictimsDatabase, type VictimsDb } from './db.ts';
import { defaultServiceId } from './resolvers/referrals.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'victims-statistics-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const analyst: Identity = { kind: 'user', subject: 'analyst-1', role: 'analyst' };
const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const statisticsQuery = /* GraphQL */ `
  query ($measure: VictimMeasure!, $groupBy: VictimGrouping!, $filter: VictimStatisticsFilter) {
    victimStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) {
      measure groupBy definition period { from to } lastUpdated
      disclosure { threshold roundingBase minimumForTimes description }
      cells { key label count suppressed medianDays p90Days }
      total { key label count suppressed medianDays p90Days }
    }
  }
`;

/** January to March 2026, London time (British Summer Time began on 29 March). */
const firstQuarter = { from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:00:00Z' };
const stafford = 'E07000197';
const tamworth = 'E07000199';
const day = 86_400_000;

describe.each(backends)('victimStatistics on %s', (backend) => {
  let db: VictimsDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;
  let otherService: string;

  async function ask(variables: Record<string, unknown>, identity: Identity = analyst) {
    const payload = JSON.stringify({ query: statisticsQuery, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'victims' }, identity, payload) },
      payload,
    });
    return response.json() as { data?: any; errors?: { message: string; extensions?: { code?: string; field?: string; fieldErrors?: { field: string }[] } }[] };
  }
  const figures = async (variables: Record<string, unknown>) => {
    const answer = await ask(variables);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.victimStatistics;
  };
  const cell = (answer: { cells: { key: string }[] }, key: string) => answer.cells.find((c) => c.key === key);
  const fault = async (filter: Record<string, unknown>) => (await ask({ measure: 'REFERRALS_ACCEPTED', groupBy: 'MONTH', filter })).errors?.[0]?.extensions;

  beforeAll(async () => {
    if (backend === 'postgres') {
      const pg = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'victimstats');
      drop = pg.drop;
      db = await openVictimsDatabase({ kind: 'postgres', url: pg.url });
    } else {
      db = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    app = await createServer(db, { logLevel: 'silent', signing });
    const other = await db.prisma.victimService.findFirstOrThrow({ where: { id: { not: defaultServiceId } }, orderBy: { id: 'asc' } });
    otherService = other.id;
    const referral = (n: string, serviceId: string, organizationId: string, districtCode: string, receivedAt: Date, contactMadeAt: Date | null = null) => ({
      reportReference: `BCH-26-${n}`,
      serviceId,
      organizationId,
      businessId: `biz-${n}`,
      contactName: 'Alex Example',
      crimeTypeCode: 'shoplifting',
      districtCode,
      receivedAt,
      contactMadeAt,
    });
    const gateway = await db.prisma.victimService.findUniqueOrThrow({ where: { id: defaultServiceId } });
    const rows = [];
    // January: 13 to the Victim Gateway for Stafford crimes, 12 contacted after 1 to 12 days.
    for (let i = 1; i <= 13; i++) {
      const receivedAt = new Date(Date.UTC(2026, 0, 2 + i, 10));
      rows.push(referral(`1${i}`, gateway.id, gateway.providerId, stafford, receivedAt, i <= 12 ? new Date(receivedAt.getTime() + i * day) : null));
    }
    // February: 8 to another service for Tamworth crimes, none contacted yet.
    for (let i = 1; i <= 8; i++) rows.push(referral(`2${i}`, other.id, other.providerId, tamworth, new Date(Date.UTC(2026, 1, 2 + i))));
    // April, outside the period, contacted on 10 April: the newest change.
    rows.push(referral('41', gateway.id, gateway.providerId, stafford, new Date(Date.UTC(2026, 3, 5)), new Date(Date.UTC(2026, 3, 10))));
    await db.prisma.referral.createMany({ data: rows });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('counts referrals accepted by service: every service listed, 13 shown as 15, 8 as 10, the total 21 as 20 (not the 25 of the rounded cells)', async () => {
    const answer = await figures({ measure: 'REFERRALS_ACCEPTED', groupBy: 'SERVICE', filter: { period: firstQuarter } });
    expect(answer.cells).toHaveLength(await db.prisma.victimService.count());
    expect(cell(answer, defaultServiceId)).toMatchObject({ count: 15, suppressed: false });
    expect(cell(answer, otherService)).toMatchObject({ count: 10 });
    expect(answer.cells.filter((c: any) => !c.suppressed)).toHaveLength(2);
    expect(answer.total).toMatchObject({ key: 'total', count: 20, medianDays: null });
    expect(answer.period).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:00:00.000Z' });
    expect(answer.definition).toMatch(/accepted/);
    expect(answer.lastUpdated).toBe('2026-04-10T00:00:00.000Z');
  });

  it('splits by district and month, every group listed', async () => {
    const byDistrict = await figures({ measure: 'REFERRALS_ACCEPTED', groupBy: 'DISTRICT', filter: { period: firstQuarter } });
    expect(byDistrict.cells.map((c: any) => c.key)).toEqual(districts.map((d) => d.code));
    expect(cell(byDistrict, stafford)).toMatchObject({ count: 15 });
    expect(cell(byDistrict, tamworth)).toMatchObject({ label: 'Tamworth', count: 10 });
    const byMonth = await figures({ measure: 'REFERRALS_ACCEPTED', groupBy: 'MONTH', filter: { period: firstQuarter } });
    expect(byMonth.cells.map((c: any) => [c.key, c.label, c.count, c.suppressed])).toEqual([
      ['2026-01', 'January 2026', 15, false],
      ['2026-02', 'February 2026', 10, false],
      ['2026-03', 'March 2026', null, true],
    ]);
    for (const measure of ['REFERRALS_ACCEPTED', 'REFERRALS_CONTACTED', 'DAYS_TO_CONTACT']) {
      for (const [groupBy, size] of [
        ['SERVICE', await db.prisma.victimService.count()],
        ['DISTRICT', 9],
        ['MONTH', 3],
      ] as const) {
        const answer = await figures({ measure, groupBy, filter: { period: firstQuarter } });
        expect(answer.cells, `${measure} by ${groupBy}`).toHaveLength(size);
        for (const c of answer.cells) expect(c.count === null ? c.suppressed : c.count % 5 === 0 && c.count >= 5).toBe(true);
      }
    }
  });

  it('counts contacts and gives the days to contact for 10 or more, to one decimal', async () => {
    const contacted = await figures({ measure: 'REFERRALS_CONTACTED', groupBy: 'DISTRICT', filter: { period: firstQuarter } });
    expect(cell(contacted, stafford)).toMatchObject({ count: 10, medianDays: null });
    expect(cell(contacted, tamworth)).toMatchObject({ count: null, suppressed: true });
    const days = await figures({ measure: 'DAYS_TO_CONTACT', groupBy: 'SERVICE', filter: { period: firstQuarter } });
    // 1, 2, ..., 12 days: median 6.5, 90th percentile 1 + 0.9 × 11 = 10.9.
    expect(cell(days, defaultServiceId)).toMatchObject({ count: 10, medianDays: 6.5, p90Days: 10.9 });
    expect(cell(days, otherService)).toMatchObject({ count: null, medianDays: null, p90Days: null });
    expect(days.total).toMatchObject({ count: 10, medianDays: 6.5, p90Days: 10.9 });
    // Nine contacted referrals: a count, but too few for a time.
    const fewer = await figures({ measure: 'DAYS_TO_CONTACT', groupBy: 'MONTH', filter: { period: { from: firstQuarter.from, to: '2026-01-12T00:00:00Z' } } });
    expect(fewer.total).toMatchObject({ count: 10, medianDays: null, p90Days: null });
  });

  it('narrows by each filter', async () => {
    const total = async (filter: Record<string, unknown>) => (await figures({ measure: 'REFERRALS_ACCEPTED', groupBy: 'MONTH', filter: { period: firstQuarter, ...filter } })).total;
    expect(await total({ districts: [tamworth.toLowerCase()] })).toMatchObject({ count: 10 });
    expect(await total({ services: [otherService] })).toMatchObject({ count: 10 });
    expect(await total({ services: [defaultServiceId], districts: [tamworth] })).toMatchObject({ count: null, suppressed: true });
    expect(await total({ services: [] })).toMatchObject({ count: null, suppressed: true });
  });

  it('refuses bad input with its field, every field at once', async () => {
    expect(await fault({ districts: ['E99999999'] })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
    expect(await fault({ services: ['no-such-service'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.services' });
    expect(await fault({ services: Array.from({ length: 21 }, (_, i) => `s${i}`) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.services' });
    expect(await fault({ period: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await fault({ period: { from: '2019-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    const several = await fault({ districts: ['nowhere'], services: Array.from({ length: 21 }, () => 'x'), period: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } });
    expect(several?.fieldErrors?.map((e) => e.field)).toEqual(['filter.period', 'filter.districts', 'filter.services']);
  });

  it('answers analysts, police and administrators only', async () => {
    const variables = { measure: 'REFERRALS_ACCEPTED', groupBy: 'DISTRICT' };
    for (const role of ['analyst', 'police', 'admin'] as const) expect((await ask(variables, { kind: 'user', subject: `${role}-1`, role })).errors).toBeUndefined();
    expect((await ask(variables, { kind: 'anonymous' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask(variables, { kind: 'user', subject: 'vg-staff', role: 'partner', organizationId: 'victim-gateway' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
