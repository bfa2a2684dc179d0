// The victims subgraph's part of a help answer, in process on PGlite with the seed directory:
// only the services that apply now (after the crime or after reporting), ranked, with reasons;
// the services for later in a case (the Witness Care Unit) under the Victims' Code rights they
// deliver; rural-only support for rural businesses only; no crime-reduction partnership; names
// as their providers publish them; the top N and a page at a time, bad arguments refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type SigningConfig } from '@crimehub/common';
import { openVictimsDatabase, type VictimsDb } from './db.ts';
import { exportVictimsDirectory } from './oruk/directory.ts';
import { importVictimsFeed } from './oruk/import.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'victims-help-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';
const STOKE = 'E06000021';
const MOORLANDS = 'E07000198';
const WITNESS_CARE = 'staffordshire-witness-care-unit';
const RURAL_CRIME = 'staffordshire-police-rural-crime';

type Answer = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
const question = (crimeTypeCode: string, districtCode: string, more: Partial<{ sector: string; size: string; rural: boolean }> = {}) => ({
  __typename: 'Help',
  crimeTypeCode,
  districtCode,
  sector: 'RETAIL',
  size: 'SMALL',
  rural: false,
  ...more,
});

const helpQuery = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $workstream: Workstream) {
    _entities(representations: $r) {
      ... on Help {
        victimServices(first: $first, workstream: $workstream) { id name stages rights ruralOnly scope reasons { kind text } provider { id } }
        victimsCodeRights { number title services { id stages reasons { kind } } }
      }
    }
  }
`;
const connectionQuery = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $after: String, $workstream: Workstream) {
    _entities(representations: $r) {
      ... on Help {
        victimServicesConnection(first: $first, after: $after, workstream: $workstream) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } }
          nodes { id reasons { kind text } }
        }
      }
    }
  }
`;

describe('victims: the help answer', () => {
  let db: VictimsDb;
  let app: Awaited<ReturnType<typeof createServer>>;

  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'victims' }, anonymous, payload) },
      payload,
    });
    return response.json() as Answer;
  };
  const help = async (r: Record<string, unknown>, more: Record<string, unknown> = {}) => {
    const answer = await post(helpQuery, { r: [r], ...more });
    expect(answer.errors).toBeUndefined();
    return answer.data._entities[0];
  };
  const ids = (list: { id: string }[]) => list.map((item) => item.id);

  beforeAll(async () => {
    db = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('leaves the Witness Care Unit out of victimServices and gives it under the rights about charges, court and the trial', async () => {
    const answer = await help(question('burglary', STAFFORD));
    expect(ids(answer.victimServices)).not.toContain(WITNESS_CARE);
    for (const service of answer.victimServices) expect(service.stages.some((s: string) => s === 'AFTER_THE_CRIME' || s === 'AFTER_REPORTING')).toBe(true);
    const under = (number: number) => ids(answer.victimsCodeRights.find((right: any) => right.number === number).services);
    for (const number of [6, 8, 9, 10]) expect(under(number)).toEqual([WITNESS_CARE]);
    // Not under a right it does not deliver, and nothing under a right that is in victimServices already.
    expect(under(4)).toEqual([]);
    const listed = new Set(ids(answer.victimServices));
    for (const right of answer.victimsCodeRights) for (const service of right.services) expect(listed.has(service.id)).toBe(false);
    const witnessCare = answer.victimsCodeRights.find((right: any) => right.number === 8).services[0];
    expect(witnessCare).toMatchObject({ stages: ['AFTER_A_CHARGE', 'AT_COURT'], reasons: null });
  });

  it('outside a help answer, a right lists every service that delivers it (one query for all the rights)', async () => {
    const answer = await post('{ victimsCodeRights { number services { id } } }');
    expect(answer.errors).toBeUndefined();
    const byNumber = new Map(answer.data.victimsCodeRights.map((right: any) => [right.number, ids(right.services)]));
    expect(byNumber.get(8)).toEqual([WITNESS_CARE]);
    expect(byNumber.get(4)).toEqual(expect.arrayContaining(['staffordshire-victim-gateway', 'report-fraud-victim-service', 'victim-support-supportline']));
    const before = db.queries.count;
    await post('{ victimsCodeRights { number services { id } } }');
    expect(db.queries.count - before).toBeLessThanOrEqual(2);
  });

  it('lists no business crime partnership as a victim service for hate crime in Stoke-on-Trent', async () => {
    const answer = await help(question('hate-crime', STOKE, { sector: 'HOSPITALITY' }));
    expect(answer.victimServices.length).toBeGreaterThan(0);
    for (const service of answer.victimServices) expect(service.provider.id).not.toBe('pabcis');
    expect(ids(answer.victimServices)).not.toContain('stoke-on-trent-bcrp');
    expect(await db.prisma.victimService.count({ where: { providerId: 'pabcis' } })).toBe(0);
  });

  it('gives the rural crime team to a rural farm, says why, and not to the same farm in town', async () => {
    const farm = await help(question('farm-machinery-theft', MOORLANDS, { sector: 'AGRICULTURE', size: 'MICRO', rural: true }));
    const team = farm.victimServices.find((s: any) => s.id === RURAL_CRIME);
    expect(team).toMatchObject({ ruralOnly: true, scope: 'LOCAL' });
    expect(team.reasons.map((r: any) => r.kind)).toEqual(['CRIME_TYPE', 'RURAL', 'AREA']);
    expect(team.reasons).toContainEqual({ kind: 'RURAL', text: 'For rural businesses' });
    expect(team.reasons).toContainEqual({ kind: 'AREA', text: 'Covers Staffordshire Moorlands' });
    const town = await help(question('farm-machinery-theft', MOORLANDS, { sector: 'AGRICULTURE', size: 'MICRO', rural: false }));
    expect(ids(town.victimServices)).not.toContain(RURAL_CRIME);
    expect(town.victimServices.length).toBe(farm.victimServices.length - 1);
  });

  it('names each service as its provider publishes it, and no service like a support offer', async () => {
    const rows = await db.prisma.victimService.findMany();
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get('report-fraud-victim-service')).toMatchObject({ name: 'Report Fraud Victim Service', providerId: 'report-fraud' });
    expect(byId.get('wmrocu-cyber-protect')!.name).not.toMatch(/Cyber Protect/);
    expect(byId.get('wmrocu-cyber-protect')!.name).toMatch(/victim follow-up/);
    for (const row of rows) {
      expect(row.name).not.toMatch(/\(formerly/);
      expect(row.name).not.toMatch(/partnership/i);
    }
    expect(byId.get('staffordshire-victim-gateway')!.url).toBe('https://www.staffsvictimsgateway.org.uk');
  });

  it('ranks crime-specific services first, then local before national, with the reasons saying so', async () => {
    const answer = await help(question('cyber-ransomware', STAFFORD));
    const order = ids(answer.victimServices);
    // Specific to ransomware: the county's own unit, then the regional unit, then the national service.
    expect(order.slice(0, 3)).toEqual(['staffordshire-police-cyber-protect', 'wmrocu-cyber-protect', 'report-fraud-victim-service']);
    expect(order.at(-1)).toBe('staffordshire-victim-gateway');
    expect(answer.victimServices.map((s: any) => s.scope)).toEqual(['COUNTY', 'REGIONAL', 'NATIONAL', 'COUNTY']);
    expect(answer.victimServices[0].reasons).toEqual([
      { kind: 'CRIME_TYPE', text: 'For ransomware' },
      { kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' },
    ]);
    expect(answer.victimServices[2].reasons.at(-1)).toEqual({ kind: 'AREA', text: 'National service' });
    // A service for every crime type says only where it covers.
    expect(answer.victimServices.at(-1).reasons).toEqual([{ kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' }]);
  });

  it('gives the top N, nothing for another workstream, and the whole list a page at a time', async () => {
    const r = [question('cyber-ransomware', STAFFORD)];
    const all = await help(r[0]!);
    expect(ids((await help(r[0]!, { first: 2 })).victimServices)).toEqual(ids(all.victimServices).slice(0, 2));
    expect((await help(r[0]!, { workstream: 'PREVENT' })).victimServices).toEqual([]);
    expect(ids((await help(r[0]!, { workstream: 'PURSUE' })).victimServices)).toEqual(ids(all.victimServices));

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const answer = await post(connectionQuery, { r, first: 3, after });
      expect(answer.errors).toBeUndefined();
      const page: any = answer.data._entities[0].victimServicesConnection;
      expect(page.totalCount).toBe(all.victimServices.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(ids(page.edges.map((e: any) => e.node))).toEqual(ids(page.nodes));
      seen.push(...ids(page.nodes));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids(all.victimServices));
    const defaultPage = await post(connectionQuery, { r });
    expect(defaultPage.data._entities[0].victimServicesConnection.nodes).toHaveLength(Math.min(5, all.victimServices.length));
    expect(defaultPage.data._entities[0].victimServicesConnection.nodes[0].reasons.length).toBeGreaterThan(0);
  });

  it('refuses a bad first or a foreign cursor with BAD_USER_INPUT on that field; the rights still answer', async () => {
    const r = [question('burglary', STAFFORD)];
    for (const first of [0, 51]) {
      const answer = await post(helpQuery, { r, first });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(answer.errors?.[0]?.path).toEqual(['_entities', 0, 'victimServices']);
      expect(answer.data?._entities[0].victimsCodeRights.length).toBeGreaterThan(0);
    }
    const fault = async (variables: Record<string, unknown>) => (await post(connectionQuery, { r, ...variables })).errors?.[0]?.extensions;
    expect(await fault({ first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await fault({ first: 51 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await fault({ after: 'bm90LWEtY3Vyc29y' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // Refused before any query: a bad count or a cursor the hub never gives out costs no database work.
    const before = db.queries.count;
    await post(connectionQuery, { r, first: 51 });
    await post(connectionQuery, { r, after: 'bm90LWEtY3Vyc29y' });
    expect(db.queries.count - before).toBe(0);
    // A directory cursor (order, name, id) is not a help cursor.
    const directory = await post('{ victimServices(first: 1) { pageInfo { endCursor } } }');
    expect(await fault({ after: directory.data.victimServices.pageInfo.endCursor })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('keeps stages, rights, rural-only and scope through an Open Referral UK export and import', async () => {
    const exported = await exportVictimsDirectory(db.prisma);
    const copy = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    try {
      const report = await importVictimsFeed(copy.prisma, { organizations: [], ...exported }, { allOrNothing: true });
      expect(report.refused).toEqual([]);
      const pick = ({ id, stages, rights, ruralOnly, scope, wideAreaCode, districtCodes }: any) => ({ id, stages, rights, ruralOnly, scope, wideAreaCode, districtCodes });
      const order = { orderBy: { id: 'asc' as const } };
      expect((await copy.prisma.victimService.findMany(order)).map(pick)).toEqual((await db.prisma.victimService.findMany(order)).map(pick));
      expect(await copy.prisma.victimService.findUnique({ where: { id: WITNESS_CARE } })).toMatchObject({ stages: ['AFTER_A_CHARGE', 'AT_COURT'], rights: [6, 8, 9, 10] });
      expect(await copy.prisma.victimService.findUnique({ where: { id: RURAL_CRIME } })).toMatchObject({ ruralOnly: true });
      // A regional or national service names its area as an Open Referral UK service area (as support's offers do), not as a hub term.
      const areasOf = (id: string) => exported.services.find((service) => service.bch_id === id)!.service_areas;
      expect(areasOf('wmrocu-cyber-protect')).toEqual([expect.objectContaining({ name: 'West Midlands', uri: 'http://statistics.data.gov.uk/id/statistical-geography/E12000005' })]);
      expect(areasOf('report-fraud-victim-service')).toEqual([expect.objectContaining({ name: 'England and Wales', uri: 'http://statistics.data.gov.uk/id/statistical-geography/K04000001' })]);
      expect(areasOf('staffordshire-victim-gateway')).toHaveLength(9);
      expect(JSON.stringify(exported)).not.toContain('bch-service-scope');
      expect(await copy.prisma.victimService.findUnique({ where: { id: 'wmrocu-cyber-protect' } })).toMatchObject({
        scope: 'REGIONAL',
        wideAreaCode: 'E12000005',
        districtCodes: expect.arrayContaining([STAFFORD, STOKE, MOORLANDS]),
      });
      expect(await copy.prisma.victimService.findUnique({ where: { id: 'victim-support-supportline' } })).toMatchObject({ scope: 'NATIONAL', wideAreaCode: 'K04000001' });
    } finally {
      await copy.close();
    }
  });
});
