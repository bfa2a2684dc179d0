// The victim services directory in the victims subgraph, in process on PGlite: paged by keyset
// cursors in directory order, narrowed by VictimServiceFilter, looked up by id, with its districts
// as references; bad arguments refused with a code and the field, before any query runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type SigningConfig } from '@crimehub/common';
import { openVictimsDatabase, type VictimsDb } from './db.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'victims-services-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';

const servicesQuery = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: VictimServiceFilter) {
    victimServices(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id } }
      nodes { id name servesBusinesses servesIndividuals allCrimeTypes crimeTypes { code } districts { code } provider { id } }
    }
  }
`;
const lookup = /* GraphQL */ `query ($id: ID!) { victimService(id: $id) { id name districts { code } } }`;

type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
interface ServiceNode {
  id: string;
  servesBusinesses: boolean;
  servesIndividuals: boolean;
  allCrimeTypes: boolean;
  crimeTypes: { code: string }[];
  districts: { code: string }[];
}

describe('victims: the services directory', () => {
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
  const page = async (variables: Record<string, unknown>) => {
    const answer = await post(servicesQuery, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data.victimServices;
  };
  const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

  beforeAll(async () => {
    db = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('pages through the whole directory in directory order, each service once, whatever the page size', async () => {
    const directory = await db.prisma.victimService.findMany({ orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }, { id: 'asc' }] });
    expect(directory.length).toBeGreaterThan(6);
    const whole = await page({ first: 100 });
    expect(whole.totalCount).toBe(directory.length);
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(ids(whole.nodes)).toEqual(ids(directory));

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const current: any = await page({ first: 3, after });
      expect(current.totalCount).toBe(directory.length);
      expect(current.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(ids(current.edges.map((e: { node: { id: string } }) => e.node))).toEqual(ids(current.nodes));
      seen.push(...ids(current.nodes));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids(whole.nodes));
    // The default page is 20.
    expect((await page({})).nodes).toHaveLength(Math.min(20, directory.length));
  });

  it('narrows by who it serves, district and crime type, every field given at once (AND)', async () => {
    const all: ServiceNode[] = (await page({ first: 100 })).nodes;
    const forBusinesses = await page({ first: 100, filter: { forBusinesses: true } });
    expect(ids(forBusinesses.nodes)).toEqual(ids(all.filter((s) => s.servesBusinesses)));
    expect(forBusinesses.totalCount).toBe(forBusinesses.nodes.length);
    expect(ids((await page({ first: 100, filter: { forBusinesses: false } })).nodes)).toEqual(ids(all.filter((s) => s.servesIndividuals)));

    const takes = (s: ServiceNode, crimeType: string) => s.allCrimeTypes || s.crimeTypes.some((c) => c.code === crimeType);
    const covers = (s: ServiceNode, district: string) => s.districts.some((d) => d.code === district);
    const ransomware = all.filter((s) => s.servesBusinesses && covers(s, STAFFORD) && takes(s, 'cyber-ransomware'));
    expect(ransomware.length).toBeGreaterThan(1);
    expect(ransomware.length).toBeLessThan(all.length);
    // Any case and spacing in: the district code and crime type are normalised.
    const filtered = await page({ first: 100, filter: { forBusinesses: true, district: ' e07000197 ', crimeType: 'Cyber-Ransomware' } });
    expect(ids(filtered.nodes)).toEqual(ids(ransomware));
    expect(filtered.totalCount).toBe(ransomware.length);
  });

  it('gives districts as District references and looks a service up by id (null when there is none)', async () => {
    const { data } = await post(lookup, { id: 'staffordshire-victim-gateway' });
    expect(data.victimService).toMatchObject({ id: 'staffordshire-victim-gateway', name: 'Staffordshire Victim Gateway' });
    expect(data.victimService.districts).toHaveLength(9);
    expect(data.victimService.districts).toContainEqual({ code: STAFFORD });
    expect((await post(lookup, { id: 'no-such-service' })).data.victimService).toBeNull();
    expect((await post(lookup, { id: 'bad\u0000id' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses a bad page size, a foreign cursor, an unknown district and a malformed crime type, all in one answer', async () => {
    const fault = async (variables: Record<string, unknown>) => (await post(servicesQuery, variables)).errors?.[0]?.extensions;
    expect(await fault({ first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await fault({ first: 101 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await fault({ after: 'bm90LWEtY3Vyc29y' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    // A referral cursor (received at, id) is not a directory cursor (order, name, id).
    const referralCursor = Buffer.from(JSON.stringify(['k1', '2026-10-01T09:00:00.000Z', 'x'])).toString('base64url');
    expect(await fault({ after: referralCursor })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(await fault({ filter: { district: 'E09000001' } })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.district' });
    expect(await fault({ filter: { crimeType: 'shop lifting!' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.crimeType' });
    const several = await fault({ first: 500, filter: { district: 'nowhere', crimeType: '??' } });
    expect(several).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(several!.fieldErrors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['first', 'BAD_USER_INPUT'],
      ['filter.district', 'UNKNOWN_DISTRICT'],
      ['filter.crimeType', 'BAD_USER_INPUT'],
    ]);
  });
});
