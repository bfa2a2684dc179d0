// supportStatistics in process, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: enquiries
// written with known dates, then every measure by every grouping, zeros and small counts
// withheld, counts rounded to 5, totals rounded from the unrounded sum, times for 10 or more,
// filters, and every kind of bad input refused with its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, type Identity } from '@crimehub/common';
import { backends, openTestApp, user, type TestApp } from './testApp.ts';

const statisticsQuery = /* GraphQL */ `
  query ($measure: SupportMeasure!, $groupBy: SupportGrouping!, $filter: SupportStatisticsFilter) {
    supportStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) {
      measure groupBy definition period { from to } lastUpdated
      disclosure { threshold roundingBase minimumForTimes description }
      cells { key label count suppressed medianDays p90Days }
      total { key label count suppressed medianDays p90Days }
    }
  }
`;

const analyst = user('analyst');
const firstQuarter = { from: '2026-01-01T00:00:00Z', to: '2026-03-31T23:00:00Z' };
const day = 86_400_000;

describe.each(backends)('supportStatistics on %s', (backend) => {
  let app: TestApp;
  let offerA: { id: string; organizationId: string; workstream: string };
  let offerB: { id: string; organizationId: string; workstream: string };
  let lastChange: Date;

  const ask = async (variables: Record<string, unknown>, identity: Identity = analyst) => app.ask(identity, statisticsQuery, variables);
  const figures = async (variables: Record<string, unknown>) => {
    const answer = await ask(variables);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.supportStatistics;
  };
  const cell = (answer: { cells: { key: string }[] }, key: string) => answer.cells.find((c) => c.key === key);
  const fault = async (filter: Record<string, unknown>) => (await ask({ measure: 'ENQUIRIES', groupBy: 'MONTH', filter })).errors?.[0]?.extensions;

  beforeAll(async () => {
    app = await openTestApp(backend, 'stats');
    const offers = await app.db.prisma.supportOffer.findMany({ orderBy: { id: 'asc' }, select: { id: true, organizationId: true, workstream: true } });
    offerA = offers[0]!;
    offerB = offers.find((o) => o.organizationId !== offerA.organizationId && o.workstream !== offerA.workstream)!;
    const base = { message: 'Help please', contactName: 'Alex', contactEmail: 'alex@example.com' };
    const rows = [];
    // January: 12 enquiries from biz-0001 (Stafford, retail, small) to offer A, answered after 1 to 12 days.
    for (let i = 1; i <= 12; i++) {
      const createdAt = new Date(Date.UTC(2026, 0, 2 + i, 10));
      rows.push({
        ...base,
        offerId: offerA.id,
        organizationId: offerA.organizationId,
        businessId: 'biz-0001',
        idempotencyKey: `jan-${i}`,
        createdAt,
        status: 'ANSWERED' as const,
        answer: 'Yes',
        answeredAt: new Date(createdAt.getTime() + i * day),
      });
    }
    // February: 3 open enquiries from biz-0002 (Tamworth, retail, micro) to offer A.
    for (let i = 1; i <= 3; i++)
      rows.push({ ...base, offerId: offerA.id, organizationId: offerA.organizationId, businessId: 'biz-0002', idempotencyKey: `feb-${i}`, createdAt: new Date(Date.UTC(2026, 1, 10 + i)) });
    // March: 7 closed, unanswered enquiries from biz-0003 (Moorlands, agriculture, micro) to offer B.
    for (let i = 1; i <= 7; i++)
      rows.push({
        ...base,
        offerId: offerB.id,
        organizationId: offerB.organizationId,
        businessId: 'biz-0003',
        idempotencyKey: `mar-${i}`,
        createdAt: new Date(Date.UTC(2026, 2, 3 + i)),
        status: 'CLOSED' as const,
      });
    // April, outside the period.
    rows.push({ ...base, offerId: offerB.id, organizationId: offerB.organizationId, businessId: 'biz-0003', idempotencyKey: 'apr-1', createdAt: new Date(Date.UTC(2026, 3, 5)) });
    await app.db.prisma.enquiry.createMany({ data: rows });
    lastChange = new Date(Date.UTC(2026, 3, 5));
  }, 120_000);
  afterAll(() => app?.close());

  it('counts enquiries by month: every month listed, 3 withheld, 7 shown as 5, 12 as 10, the total 22 rounded to 20 (not the 15 of the rounded cells)', async () => {
    const answer = await figures({ measure: 'ENQUIRIES', groupBy: 'MONTH', filter: { period: firstQuarter } });
    expect(answer.cells.map((c: any) => [c.key, c.label, c.count, c.suppressed])).toEqual([
      ['2026-01', 'January 2026', 10, false],
      ['2026-02', 'February 2026', null, true],
      ['2026-03', 'March 2026', 5, false],
    ]);
    expect(answer.total).toMatchObject({ key: 'total', count: 20, suppressed: false, medianDays: null, p90Days: null });
    expect(answer.period).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:00:00.000Z' });
    expect(answer.definition).toMatch(/Enquiries businesses sent/);
    expect(answer.disclosure).toMatchObject({ threshold: 5, roundingBase: 5, minimumForTimes: 10 });
    // The whole table's last change (the April enquiry, outside the period), not the period's.
    expect(new Date(answer.lastUpdated).getTime()).toBe(lastChange.getTime());
  });

  it('lists every group of every grouping, zeros withheld like small counts', async () => {
    const organizations = await app.db.prisma.organization.count();
    const sizes: Record<string, number> = { WORKSTREAM: 3, PARTNER: organizations, STATUS: 3, DISTRICT: 9, SECTOR: 15, SIZE: 4, MONTH: 3 };
    for (const measure of ['ENQUIRIES', 'ENQUIRIES_ANSWERED', 'DAYS_TO_ANSWER']) {
      for (const [groupBy, size] of Object.entries(sizes)) {
        const answer = await figures({ measure, groupBy, filter: { period: firstQuarter } });
        expect(answer.cells, `${measure} by ${groupBy}`).toHaveLength(size);
        expect(new Set(answer.cells.map((c: any) => c.key)).size).toBe(size);
        for (const c of answer.cells) expect(c.count === null ? c.suppressed : c.count % 5 === 0 && c.count >= 5).toBe(true);
        expect(answer.total.count).toBe(measure === 'ENQUIRIES' ? 20 : 10);
      }
    }
  });

  it('splits by status, partner, district, sector and size from the business and the offer', async () => {
    const byStatus = await figures({ measure: 'ENQUIRIES', groupBy: 'STATUS', filter: { period: firstQuarter } });
    expect(byStatus.cells.map((c: any) => [c.key, c.count])).toEqual([
      ['OPEN', null],
      ['ANSWERED', 10],
      ['CLOSED', 5],
    ]);
    const byPartner = await figures({ measure: 'ENQUIRIES', groupBy: 'PARTNER', filter: { period: firstQuarter } });
    expect(cell(byPartner, offerA.organizationId)).toMatchObject({ count: 15 });
    expect(cell(byPartner, offerB.organizationId)).toMatchObject({ count: 5 });
    expect(byPartner.cells.filter((c: any) => !c.suppressed)).toHaveLength(2);
    const byDistrict = await figures({ measure: 'ENQUIRIES', groupBy: 'DISTRICT', filter: { period: firstQuarter } });
    expect(byDistrict.cells.map((c: any) => c.key)).toEqual(districts.map((d) => d.code));
    expect(cell(byDistrict, 'E07000197')).toMatchObject({ label: 'Stafford', count: 10 });
    expect(cell(byDistrict, 'E07000199')).toMatchObject({ count: null, suppressed: true });
    const bySector = await figures({ measure: 'ENQUIRIES', groupBy: 'SECTOR', filter: { period: firstQuarter } });
    expect(cell(bySector, 'RETAIL')).toMatchObject({ count: 15 });
    expect(cell(bySector, 'AGRICULTURE')).toMatchObject({ count: 5 });
    const bySize = await figures({ measure: 'ENQUIRIES', groupBy: 'SIZE', filter: { period: firstQuarter } });
    expect(cell(bySize, 'MICRO')).toMatchObject({ count: 10 });
    expect(cell(bySize, 'SMALL')).toMatchObject({ count: 10 });
    const byWorkstream = await figures({ measure: 'ENQUIRIES', groupBy: 'WORKSTREAM', filter: { period: firstQuarter } });
    expect(cell(byWorkstream, offerA.workstream)).toMatchObject({ count: 15 });
    expect(cell(byWorkstream, offerB.workstream)).toMatchObject({ count: 5 });
  });

  it('gives the days to answer as median and 90th percentile for 10 or more answered enquiries, to one decimal', async () => {
    const answer = await figures({ measure: 'DAYS_TO_ANSWER', groupBy: 'MONTH', filter: { period: firstQuarter } });
    // 1, 2, ..., 12 days: median 6.5, 90th percentile 1 + 0.9 × 11 = 10.9.
    expect(cell(answer, '2026-01')).toMatchObject({ count: 10, medianDays: 6.5, p90Days: 10.9 });
    expect(cell(answer, '2026-02')).toMatchObject({ count: null, medianDays: null, p90Days: null });
    expect(answer.total).toMatchObject({ count: 10, medianDays: 6.5, p90Days: 10.9 });
    // Nine of them: too few for a time, though the count is shown.
    const fewer = await figures({ measure: 'DAYS_TO_ANSWER', groupBy: 'STATUS', filter: { period: { from: firstQuarter.from, to: '2026-01-12T00:00:00Z' } } });
    expect(fewer.total).toMatchObject({ count: 10, suppressed: false, medianDays: null, p90Days: null });
    const answered = await figures({ measure: 'ENQUIRIES_ANSWERED', groupBy: 'PARTNER', filter: { period: firstQuarter } });
    expect(cell(answered, offerA.organizationId)).toMatchObject({ count: 10, medianDays: null });
  });

  it('narrows by each filter', async () => {
    const total = async (filter: Record<string, unknown>) => (await figures({ measure: 'ENQUIRIES', groupBy: 'WORKSTREAM', filter: { period: firstQuarter, ...filter } })).total;
    expect(await total({ statuses: ['OPEN'] })).toMatchObject({ count: null, suppressed: true });
    expect(await total({ statuses: ['CLOSED', 'ANSWERED'] })).toMatchObject({ count: 20 });
    expect(await total({ partners: [offerB.organizationId] })).toMatchObject({ count: 5 });
    expect(await total({ districts: ['e07000197', 'E07000198'] })).toMatchObject({ count: 20 });
    expect(await total({ sectors: ['AGRICULTURE'] })).toMatchObject({ count: 5 });
    expect(await total({ sizes: ['LARGE'] })).toMatchObject({ count: null, suppressed: true });
    expect(await total({ workstreams: [offerA.workstream] })).toMatchObject({ count: 15 });
    expect(await total({ sectors: [] })).toMatchObject({ count: null, suppressed: true });
  });

  it('covers the 12 London months up to now by default', async () => {
    const answer = await figures({ measure: 'ENQUIRIES', groupBy: 'MONTH' });
    expect(answer.cells).toHaveLength(12);
    expect(Date.now() - new Date(answer.period.to).getTime()).toBeLessThan(60_000);
  });

  it('refuses bad input with its field, every field at once', async () => {
    expect(await fault({ districts: ['E99999999'] })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
    expect(await fault({ partners: ['no-such-partner'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.partners' });
    expect(await fault({ partners: Array.from({ length: 21 }, (_, i) => `p${i}`) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.partners' });
    expect(await fault({ period: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await fault({ period: { from: '2019-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    const several = await fault({ districts: ['nowhere'], sectors: Array.from({ length: 21 }, () => 'RETAIL'), period: { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } });
    expect(several?.fieldErrors?.map((e) => e.field)).toEqual(['filter.period', 'filter.districts', 'filter.sectors']);
    const badEnum = await ask({ measure: 'ENQUIRIES', groupBy: 'COLOUR' });
    expect(badEnum.errors?.[0]?.message).toMatch(/COLOUR/);
  });

  it('answers analysts, police and administrators only', async () => {
    for (const identity of [analyst, user('police'), user('admin')]) expect((await ask({ measure: 'ENQUIRIES', groupBy: 'STATUS' }, identity)).errors).toBeUndefined();
    expect((await ask({ measure: 'ENQUIRIES', groupBy: 'STATUS' }, { kind: 'anonymous' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask({ measure: 'ENQUIRIES', groupBy: 'STATUS' }, user('business', { businessId: 'biz-0001' }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask({ measure: 'ENQUIRIES', groupBy: 'STATUS' }, user('partner', { organizationId: offerA.organizationId }))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
