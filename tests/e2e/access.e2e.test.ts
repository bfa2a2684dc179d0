// Who may see what, through the gateway: every sensitive field against every role, with real
// tokens, real processes and real databases. Denied fields come back null with an error and
// its path; the rest of the answer survives; reads of crime reports reach the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity } from '@crimehub/common';
import { graphql, type GraphQLResponse } from '../utils/graphql.ts';
import { startHub, testSigning, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

type Role = 'anonymous' | 'business' | 'otherBusiness' | 'police' | 'partner' | 'analyst' | 'admin';
const roles: Role[] = ['anonymous', 'business', 'otherBusiness', 'police', 'partner', 'analyst', 'admin'];

/** biz-0001's first report, in the seed data. */
const report = 'BCH-26-000001';

const matrixQuery = /* GraphQL */ `
  {
    crimeTypes { code }
    crimeReport(reference: "${report}") { reference narrative contactName contactEmail contactPhone loss { amount currencyCode } business { id } }
    crimeReports(first: 100) { totalCount nodes { reference business { id } } }
    me { crimeReports(first: 100) { totalCount nodes { reference business { id } } } }
    crimeReportStatistics { count suppressed crimeType { code } district { code } }
    reportAccessLog(first: 500) { totalCount nodes { crimeReport { reference } subject role at } }
    business(id: "biz-0001") { id name }
    cyberChampions(first: 50) { nodes { trainedOn business { id name } } }
  }
`;

/** What each role may read: true = data, 'own' = only its business's rows, or the error code. */
type Rule = true | 'own' | 'none' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const expected: Record<Role, Record<'crimeReport' | 'crimeReports' | 'myCrimeReports' | 'statistics' | 'auditTrail' | 'business' | 'championBusiness', Rule>> = {
  anonymous: {
    crimeReport: 'UNAUTHENTICATED',
    crimeReports: 'UNAUTHENTICATED',
    myCrimeReports: 'UNAUTHENTICATED',
    statistics: 'UNAUTHENTICATED',
    auditTrail: 'UNAUTHENTICATED',
    business: 'UNAUTHENTICATED',
    championBusiness: 'UNAUTHENTICATED',
  },
  business: { crimeReport: true, crimeReports: 'FORBIDDEN', myCrimeReports: 'own', statistics: 'FORBIDDEN', auditTrail: 'FORBIDDEN', business: true, championBusiness: 'own' },
  otherBusiness: { crimeReport: 'none', crimeReports: 'FORBIDDEN', myCrimeReports: 'own', statistics: 'FORBIDDEN', auditTrail: 'FORBIDDEN', business: 'none', championBusiness: 'own' },
  police: { crimeReport: true, crimeReports: true, myCrimeReports: 'FORBIDDEN', statistics: true, auditTrail: true, business: true, championBusiness: true },
  partner: { crimeReport: 'FORBIDDEN', crimeReports: 'FORBIDDEN', myCrimeReports: 'FORBIDDEN', statistics: 'FORBIDDEN', auditTrail: 'FORBIDDEN', business: true, championBusiness: true },
  analyst: { crimeReport: 'FORBIDDEN', crimeReports: 'FORBIDDEN', myCrimeReports: 'FORBIDDEN', statistics: true, auditTrail: 'FORBIDDEN', business: 'FORBIDDEN', championBusiness: 'FORBIDDEN' },
  admin: { crimeReport: 'FORBIDDEN', crimeReports: 'FORBIDDEN', myCrimeReports: 'FORBIDDEN', statistics: true, auditTrail: 'FORBIDDEN', business: true, championBusiness: true },
};

const meQuery = /* GraphQL */ `
  {
    me { id signedIn role business { id name } organization { id name } permissions }
  }
`;

/** me.enquiries: the caller's own (none are seeded: an empty page), or the error code. */
const expectedEnquiries: Record<Role, 'own' | 'UNAUTHENTICATED' | 'FORBIDDEN'> = {
  anonymous: 'UNAUTHENTICATED',
  business: 'own',
  otherBusiness: 'own',
  police: 'FORBIDDEN',
  partner: 'own',
  analyst: 'FORBIDDEN',
  admin: 'own',
};

const expectedPermissions: Record<Role, string[]> = {
  anonymous: ['FIND_HELP'],
  business: ['FIND_HELP', 'REGISTER_BUSINESS', 'REPORT_CRIME', 'REQUEST_SUPPORT', 'BOOK_TRAINING'],
  otherBusiness: ['FIND_HELP', 'REGISTER_BUSINESS', 'REPORT_CRIME', 'REQUEST_SUPPORT', 'BOOK_TRAINING'],
  police: ['FIND_HELP', 'READ_CRIME_REPORTS', 'UPDATE_CRIME_REPORTS', 'READ_AUDIT_TRAIL', 'READ_STATISTICS'],
  partner: ['FIND_HELP', 'ANSWER_ENQUIRIES', 'MANAGE_TRAINING', 'HANDLE_REFERRALS'],
  analyst: ['FIND_HELP', 'READ_STATISTICS'],
  admin: ['FIND_HELP', 'READ_STATISTICS', 'MANAGE_TRAINING'],
};

const claims: Record<Exclude<Role, 'anonymous'>, TokenClaims> = {
  business: { sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' },
  otherBusiness: { sub: 'owner-biz-0002', role: 'business', business_id: 'biz-0002' },
  police: { sub: 'pc-1234', role: 'police' },
  partner: { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
  admin: { sub: 'admin-1', role: 'admin' },
};

describe('who may see what, through the gateway', () => {
  let hub: Hub;
  let tokens: TestTokens;
  const answers = new Map<Role, GraphQLResponse<any>>();
  const viewers = new Map<Role, GraphQLResponse<any>>();

  const headersFor = (role: Role) => tokens.headers(role === 'anonymous' ? undefined : claims[role]);

  const errorAt = (response: GraphQLResponse, path: (string | number)[]) => response.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));

  beforeAll(async () => {
    tokens = await createTestTokens();
    // Every process logs at debug level here, so the test can show the logs hold no personal data.
    hub = await startHub('pglite', { ...tokens.gatewayEnv, LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'debug' });
    for (const role of roles) answers.set(role, await graphql(hub.gateway.url, matrixQuery, undefined, await headersFor(role)));
    for (const role of roles) viewers.set(role, await graphql(hub.gateway.url, meQuery, undefined, await headersFor(role)));
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe.each(roles)('as %s', (role) => {
    const rules = expected[role];
    const answer = () => answers.get(role)!;

    it('is told who it is and what it may do by `me`', () => {
      const { data, errors } = viewers.get(role)!;
      // Business profiles stay closed to callers who may not read them, even their own `me.business`.
      const businessDenied = { anonymous: 'UNAUTHENTICATED', analyst: 'FORBIDDEN' }[role as string];
      expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual(businessDenied ? [[['me', 'business'], businessDenied]] : undefined);
      const claim = role === 'anonymous' ? undefined : claims[role];
      expect(data.me).toEqual({
        id: claim?.sub ?? 'anonymous',
        signedIn: role !== 'anonymous',
        role: claim ? String(claim.role).toUpperCase() : null,
        business: role === 'business' ? { id: 'biz-0001', name: expect.stringContaining('synthetic') } : role === 'otherBusiness' ? { id: 'biz-0002', name: expect.any(String) } : null,
        organization: role === 'partner' ? { id: 'pabcis', name: expect.stringContaining('PABCIS') } : null,
        permissions: expectedPermissions[role],
      });
    });

    it('still gets the public part of the answer', () => {
      expect(answer().data.crimeTypes.length).toBeGreaterThanOrEqual(20);
    });

    it(`crimeReport: ${rules.crimeReport}`, () => {
      const value = answer().data.crimeReport;
      if (rules.crimeReport === true) {
        expect(value).toMatchObject({ reference: report, narrative: expect.stringContaining('Synthetic'), contactName: expect.any(String), business: { id: 'biz-0001' } });
      } else if (rules.crimeReport === 'none') {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['crimeReport'])).toBeUndefined();
      } else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['crimeReport'])?.extensions?.code).toBe(rules.crimeReport);
      }
    });

    it(`crimeReports (the police work list): ${rules.crimeReports}`, () => {
      const value = answer().data.crimeReports;
      if (rules.crimeReports === true) {
        expect(value.totalCount).toBe(40);
        expect(value.nodes).toHaveLength(40);
      } else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['crimeReports'])?.extensions?.code).toBe(rules.crimeReports);
      }
    });

    it(`me.crimeReports: ${rules.myCrimeReports}`, () => {
      const value = answer().data.me?.crimeReports ?? null;
      if (rules.myCrimeReports === 'own') {
        expect(value.totalCount).toBe(4);
        expect(new Set(value.nodes.map((r: any) => r.business.id))).toEqual(new Set([claims[role as 'business'].business_id]));
      } else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['me', 'crimeReports'])?.extensions?.code).toBe(rules.myCrimeReports);
      }
    });

    it(`crimeReportStatistics: ${rules.statistics}`, () => {
      const value = answer().data.crimeReportStatistics;
      if (rules.statistics === true) {
        expect(value.length).toBeGreaterThan(0);
        for (const stat of value) {
          if (stat.suppressed) expect(stat.count).toBeNull();
          else expect(stat.count).toBeGreaterThanOrEqual(5);
        }
        expect(value.some((stat: any) => stat.suppressed)).toBe(true);
      } else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['crimeReportStatistics'])?.extensions?.code).toBe(rules.statistics);
      }
    });

    it(`reportAccessLog: ${rules.auditTrail}`, () => {
      const value = answer().data.reportAccessLog;
      if (rules.auditTrail === true) expect(value.nodes).toHaveLength(value.totalCount);
      else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['reportAccessLog'])?.extensions?.code).toBe(rules.auditTrail);
      }
    });

    it(`business profile: ${rules.business}`, () => {
      const value = answer().data.business;
      if (rules.business === true) expect(value).toEqual({ id: 'biz-0001', name: expect.stringContaining('synthetic') });
      else if (rules.business === 'none') {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['business'])).toBeUndefined();
      } else {
        expect(value).toBeNull();
        expect(errorAt(answer(), ['business'])?.extensions?.code).toBe(rules.business);
      }
    });

    it(`me.enquiries: ${expectedEnquiries[role]}`, async () => {
      const { data, errors } = await graphql(hub.gateway.url, '{ me { id enquiries(first: 5) { totalCount nodes { id } } } }', undefined, await headersFor(role));
      expect(data.me.id).toBe(role === 'anonymous' ? 'anonymous' : claims[role].sub);
      if (expectedEnquiries[role] === 'own') {
        expect(errors).toBeUndefined();
        expect(data.me.enquiries).toEqual({ totalCount: 0, nodes: [] });
      } else {
        expect(data.me.enquiries).toBeNull();
        expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['me', 'enquiries'], expectedEnquiries[role]]]);
      }
    });

    it(`business on the champions register: ${rules.championBusiness}`, () => {
      const champions = answer().data.cyberChampions.nodes;
      expect(champions.length).toBeGreaterThan(0);
      champions.forEach((champion: any, i: number) => {
        expect(champion.trainedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (rules.championBusiness === true) expect(champion.business).toMatchObject({ id: expect.any(String), name: expect.any(String) });
        else if (rules.championBusiness === 'own') {
          if (champion.business) expect(champion.business.id).toBe(claims[role as 'business'].business_id);
        } else {
          expect(champion.business).toBeNull();
          expect(errorAt(answer(), ['cyberChampions', 'nodes', i, 'business'])?.extensions?.code).toBe(rules.championBusiness);
        }
      });
    });
  });

  it('writes every read of a crime report to the audit trail that police staff can query', async () => {
    const response = await graphql(
      hub.gateway.url,
      `{ reportAccessLog(first: 500, filter: { reference: "${report}" }) { nodes { crimeReport { reference } subject role at } } }`,
      undefined,
      await headersFor('police'),
    );
    expect(response.errors).toBeUndefined();
    const entries = response.data.reportAccessLog.nodes;
    const readers = entries.map((entry: any) => `${entry.role}:${entry.subject}`);
    // The business (crimeReport, me.crimeReports) and the police (crimeReport, crimeReports) each read it; nobody else got it.
    expect(readers).toEqual(expect.arrayContaining(['business:owner-biz-0001', 'police:pc-1234']));
    expect(readers.filter((r: string) => !['business:owner-biz-0001', 'police:pc-1234'].includes(r))).toEqual([]);
    for (const entry of entries) {
      expect(entry.crimeReport.reference).toBe(report);
      expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it("keeps reports' narratives and people's names, emails and phone numbers out of every log", () => {
    const logs = [hub.gateway, ...Object.values(hub.subgraphs)].map((p) => p.output()).join('\n');
    expect(logs).toContain('incoming request'); // the processes did log, at debug level
    for (const personal of ['Synthetic narrative', '@example.com', '07700 900', 'Alex Example', 'Sam Sample', 'Jo Placeholder']) {
      expect(logs).not.toContain(personal);
    }
  });

  it("answers a Viewer reference only for the caller itself: another subject's comes back null", async () => {
    const identity: Identity = { kind: 'user', subject: 'owner-biz-0002', role: 'business', businessId: 'biz-0002' };
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { id permissions business { id } } } }',
      variables: {
        r: [
          { __typename: 'Viewer', id: 'owner-biz-0001' },
          { __typename: 'Viewer', id: 'owner-biz-0002' },
        ],
      },
    });
    const response = await fetch(hub.subgraphs.support.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest(testSigning, { audience: 'support' }, identity, body) },
      body,
    });
    const json = (await response.json()) as GraphQLResponse<any>;
    expect(json.errors).toBeUndefined();
    expect(json.data._entities).toEqual([null, { id: 'owner-biz-0002', permissions: expectedPermissions.otherBusiness, business: { id: 'biz-0002' } }]);
  });

  it('refuses crime reports in the police subgraph itself to a signed request for an analyst', async () => {
    const identity: Identity = { kind: 'user', subject: 'analyst-1', role: 'analyst' };
    const body = JSON.stringify({ query: `{ crimeReport(reference: "${report}") { narrative } }` });
    const response = await fetch(hub.subgraphs.police.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequest(testSigning, { audience: 'police' }, identity, body) },
      body,
    });
    const json = (await response.json()) as GraphQLResponse<any>;
    expect(json.data?.crimeReport ?? null).toBeNull();
    expect(json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
