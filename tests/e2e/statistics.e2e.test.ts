// Analysts' figures through the gateway (police part): who may read them, the whole grid, and a
// differencing attack through the real API, on PGlite and again on PostgreSQL (when
// TEST_DATABASE_URL is set). The true counts come from the demonstration reports the police
// subgraph is seeded with (subgraphs/police/src/seedReports.ts); the attacker asks two overlapping
// questions whose true difference is a withheld cell of 1 to 4 reports, and never learns it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts } from '@crimehub/common';
import { crimeReports } from '../../subgraphs/police/src/seedReports.ts';
import { graphql, type GraphQLResponse } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens } from '../utils/tokens.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

const statisticsQuery = /* GraphQL */ `
  query Stats($measure: CrimeMeasure!, $groupBy: CrimeGrouping!, $filter: CrimeStatisticsFilter) {
    crimeStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) {
      measure groupBy definition lastUpdated
      cells { key label count suppressed }
      total { count suppressed }
    }
  }
`;

/** The demonstration reports' period: all of them were made in 2026 before November. */
const from = new Date('2026-01-01T00:00:00Z');
const to = new Date('2026-11-01T00:00:00Z');
const reportedAt = (report: (typeof crimeReports)[number]) => new Date(report.reportedAt as Date);
const trueCount = (test: (report: (typeof crimeReports)[number]) => boolean) => crimeReports.filter((r) => reportedAt(r) >= from && reportedAt(r) < to && test(r)).length;

describe.each(backends)('analysts’ figures through the gateway (police) on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;
  let analyst: Record<string, string>;

  const ask = async (variables: Record<string, unknown>, headers = analyst): Promise<GraphQLResponse<any>> => graphql(hub.gateway.url, statisticsQuery, variables, headers);
  const total = async (filter: Record<string, unknown>): Promise<number | null> => {
    const response = await ask({ measure: 'REPORTS', groupBy: 'DISTRICT', filter });
    expect(response.errors).toBeUndefined();
    return response.data.crimeStatistics.total.count;
  };

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub(backend, { ...tokens.gatewayEnv, RATE_LIMIT_MAX: '100000' });
    analyst = await tokens.headers({ sub: 'analyst-1', role: 'analyst' });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses an anonymous caller (UNAUTHENTICATED) and a business user (FORBIDDEN)', async () => {
    const anonymous = await ask({ measure: 'REPORTS', groupBy: 'CRIME_TYPE' }, {});
    expect(anonymous.data?.crimeStatistics ?? null).toBeNull();
    expect(anonymous.errors?.find((e) => e.path?.[0] === 'crimeStatistics')?.extensions?.code).toBe('UNAUTHENTICATED');
    const business = await ask({ measure: 'REPORTS', groupBy: 'CRIME_TYPE' }, await tokens.headers({ sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' }));
    expect(business.data?.crimeStatistics ?? null).toBeNull();
    expect(business.errors?.find((e) => e.path?.[0] === 'crimeStatistics')?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers an analyst, a police officer and an admin with the whole grid', async () => {
    for (const role of ['analyst', 'police', 'admin'] as const) {
      const response = await ask({ measure: 'REPORTS', groupBy: 'DISTRICT', filter: { period: { from, to } } }, await tokens.headers({ sub: `${role}-1`, role }));
      expect(response.errors).toBeUndefined();
      const answer = response.data.crimeStatistics;
      expect(answer.cells.map((cell: any) => cell.key).sort()).toEqual(districts.map((d) => d.code).sort());
      for (const cell of answer.cells) {
        const count = trueCount((r) => r.districtCode === cell.key);
        expect(cell).toMatchObject(count < 5 ? { count: null, suppressed: true } : { count: Math.round(count / 5) * 5, suppressed: false });
      }
      expect(answer.total.count).toBe(Math.round(trueCount(() => true) / 5) * 5);
    }
  });

  it('bad input is refused through the gateway with its code and field', async () => {
    const response = await ask({ measure: 'REPORTS', groupBy: 'MONTH', filter: { period: { from: '2019-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    const unknown = await ask({ measure: 'REPORTS', groupBy: 'MONTH', filter: { districts: ['E00000000'] } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
  });

  it('differencing attack by district: [A, B] minus [A] never gives B’s withheld count of 1 to 4', async () => {
    let attacks = 0;
    for (const b of districts) {
      const trueB = trueCount((r) => r.districtCode === b.code);
      if (trueB < 1 || trueB > 4) continue;
      for (const a of districts) {
        if (a.code === b.code) continue;
        const both = await total({ period: { from, to }, districts: [a.code, b.code] });
        const aAlone = await total({ period: { from, to }, districts: [a.code] });
        attacks += 1;
        // A withheld answer gives the attacker nothing better than 0.
        expect((both ?? 0) - (aAlone ?? 0)).not.toBe(trueB);
        // And B alone is withheld, as its grid cell is.
        expect(await total({ period: { from, to }, districts: [b.code] })).toBeNull();
      }
    }
    expect(attacks).toBeGreaterThanOrEqual(8);
  });

  it('differencing attack by period: ending a moment later never reveals the reports made in that moment', async () => {
    const moments = [...new Set(crimeReports.map((r) => reportedAt(r).getTime()))].filter((t) => t > from.getTime() && t < to.getTime()).sort((x, y) => x - y);
    expect(moments.length).toBeGreaterThanOrEqual(20);
    for (const moment of moments) {
      const before = await total({ period: { from, to: new Date(moment) } });
      const after = await total({ period: { from, to: new Date(moment + 1) } });
      const trueDifference = trueCount((r) => reportedAt(r).getTime() === moment);
      expect(trueDifference).toBeGreaterThanOrEqual(1);
      expect((after ?? 0) - (before ?? 0)).not.toBe(trueDifference);
      // Rounded totals differ by a multiple of 5 (or one is withheld): never by 1 to 4.
      expect(((after ?? 0) - (before ?? 0)) % 5).toBe(0);
    }
  });
});
