// The partners' figures through the hub (supportStatistics, cyberStatistics, victimStatistics),
// on PGlite and again on PostgreSQL (when TEST_DATABASE_URL is set), the hub started once per
// backend: who may read them, that each answer lists every group with its definition, period and
// disclosure rule, and that differencing two overlapping answers does not recover a withheld
// count of enquiries one partner received from one district.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';
import { STAFFORD } from '../utils/textInputs.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
const TAMWORTH = 'E07000199';

const cellFields = 'key label count suppressed medianDays p90Days';
const answerFields = `measure groupBy definition period { from to } lastUpdated disclosure { threshold roundingBase minimumForTimes description } cells { ${cellFields} } total { ${cellFields} }`;
const queries = {
  supportStatistics: `query ($measure: SupportMeasure!, $groupBy: SupportGrouping!, $filter: SupportStatisticsFilter) { supportStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) { ${answerFields} } }`,
  cyberStatistics: `query ($measure: CyberMeasure!, $groupBy: CyberGrouping!, $filter: CyberStatisticsFilter) { cyberStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) { ${answerFields} } }`,
  victimStatistics: `query ($measure: VictimMeasure!, $groupBy: VictimGrouping!, $filter: VictimStatisticsFilter) { victimStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) { ${answerFields} } }`,
};
const defaults: Record<keyof typeof queries, { measure: string; groupBy: string }> = {
  supportStatistics: { measure: 'ENQUIRIES', groupBy: 'PARTNER' },
  cyberStatistics: { measure: 'SESSIONS_DELIVERED', groupBy: 'DISTRICT' },
  victimStatistics: { measure: 'REFERRALS_ACCEPTED', groupBy: 'DISTRICT' },
};

const analyst: TokenClaims = { sub: 'analyst-1', role: 'analyst' };
const business = (id: string): TokenClaims => ({ sub: `owner-${id}`, role: 'business', business_id: id });
const requestSupport = /* GraphQL */ `mutation ($input: RequestSupportInput!) { requestSupport(input: $input) { enquiry { id } } }`;

describe.each(backends)('partners’ figures through the hub on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;

  const ask = async (field: keyof typeof queries, variables: Record<string, unknown> = {}, claims: TokenClaims | null = analyst) =>
    graphql(hub.gateway.url, queries[field], { ...defaults[field], ...variables }, await tokens.headers(claims ?? undefined));
  const enquire = async (businessId: string) => {
    const input = { offerId: 'offer-pabcis-shopwatch', message: 'We would like to join Shopwatch.', contactName: 'Alex Example', contactEmail: 'alex@example.com', idempotencyKey: randomUUID() };
    const answer = await graphql(hub.gateway.url, requestSupport, { input }, await tokens.headers(business(businessId)));
    expect(answer.errors).toBeUndefined();
  };

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub(backend, tokens.gatewayEnv);
    // 13 enquiries to PABCIS from a Stafford business, 2 from a Tamworth one.
    for (let i = 0; i < 13; i++) await enquire('biz-0001');
    for (let i = 0; i < 2; i++) await enquire('biz-0002');
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses anonymous callers (UNAUTHENTICATED), business users and partner staff (FORBIDDEN); answers analysts', async () => {
    for (const field of Object.keys(queries) as (keyof typeof queries)[]) {
      expect((await ask(field, {}, null)).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect((await ask(field, {}, business('biz-0001'))).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect((await ask(field, {}, { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' })).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      const answer = await ask(field);
      expect(answer.errors, field).toBeUndefined();
      const figures = (answer.data as any)[field];
      expect(figures).toMatchObject({ ...defaults[field], disclosure: { threshold: 5, roundingBase: 5, minimumForTimes: 10 }, total: { key: 'total' } });
      expect(figures.definition.length).toBeGreaterThan(20);
      expect(new Date(figures.period.to).getTime()).toBeGreaterThan(new Date(figures.period.from).getTime());
      for (const cell of figures.cells) expect(cell.count === null ? cell.suppressed : cell.count % 5 === 0).toBe(true);
    }
  });

  it('lists every group: nine districts (and online sessions), twelve months by default', async () => {
    expect(((await ask('victimStatistics')).data as any).victimStatistics.cells).toHaveLength(9);
    expect(((await ask('cyberStatistics')).data as any).cyberStatistics.cells).toHaveLength(10);
    expect(((await ask('supportStatistics', { groupBy: 'MONTH' })).data as any).supportStatistics.cells).toHaveLength(12);
    expect(((await ask('cyberStatistics', { measure: 'CHAMPIONS_TRAINED', groupBy: 'MONTH' })).data as any).cyberStatistics.cells).toHaveLength(12);
  });

  it('a differencing attack on one partner’s figure fails: the two Tamworth enquiries to PABCIS stay hidden', async () => {
    const pabcis = async (districts: string[]) => {
      const answer = await ask('supportStatistics', { measure: 'ENQUIRIES', groupBy: 'PARTNER', filter: { districts } });
      expect(answer.errors).toBeUndefined();
      const figures = (answer.data as any).supportStatistics;
      return { cell: figures.cells.find((c: { key: string }) => c.key === 'pabcis'), total: figures.total };
    };
    // Asked directly, the Tamworth figure is withheld.
    const tamworth = await pabcis([TAMWORTH]);
    expect(tamworth.cell).toMatchObject({ count: null, suppressed: true });
    // Stafford and Tamworth together (15) less Stafford alone (13): both round to 15, so the
    // difference is 0 — a multiple of 5, never the 2 it hides.
    const both = await pabcis([STAFFORD, TAMWORTH]);
    const staffordOnly = await pabcis([STAFFORD]);
    expect(both.cell.count).toBe(15);
    expect(staffordOnly.cell.count).toBe(15);
    expect(both.cell.count - staffordOnly.cell.count).toBe(0);
    expect(both.total.count - staffordOnly.total.count).toBe(0);
  });

  it('refuses bad input with a code naming its field', async () => {
    const fault = async (field: keyof typeof queries, filter: Record<string, unknown>) => (await ask(field, { filter })).errors?.[0]?.extensions;
    expect(await fault('supportStatistics', { districts: ['E99999999'] })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
    expect(await fault('cyberStatistics', { period: { from: '2019-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await fault('victimStatistics', { services: ['no-such-service'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.services' });
  });
});
