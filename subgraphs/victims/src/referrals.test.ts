// Referrals in the victims subgraph: accepted once per crime report from the police relay only,
// seen a page at a time by the staff of the organisation they went to (me.referrals, referral(id)),
// and contact recorded once per key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { openVictimsDatabase, type VictimsDb } from './db.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'victims-referral-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const relay: Identity = { kind: 'user', subject: 'police-referral-relay', role: 'police' };
const officer: Identity = { kind: 'user', subject: 'pc-1234', role: 'police' };
const gatewayStaff: Identity = { kind: 'user', subject: 'vg-staff-1', role: 'partner', organizationId: 'victim-gateway' };
const otherStaff: Identity = { kind: 'user', subject: 'pabcis-staff-1', role: 'partner', organizationId: 'pabcis' };
const business: Identity = { kind: 'user', subject: 'owner-biz-0001', role: 'business', businessId: 'biz-0001' };

const accept = /* GraphQL */ `
  mutation ($input: AcceptReferralInput!) { acceptReferral(input: $input) { id crimeReference service { id } } }
`;
/** me.referrals as the gateway asks for it: a Viewer representation of the caller. */
const myReferrals = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $after: String, $filter: ReferralFilter) {
    _entities(representations: $r) {
      ... on Viewer {
        referrals(first: $first, after: $after, filter: $filter) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } }
          nodes {
            id crimeReference contactName receivedAt contactMadeAt contactNote
            crimeType { code } district { code } business { id } service { id name }
          }
        }
      }
    }
  }
`;
const lookup = /* GraphQL */ `query ($id: ID!) { referral(id: $id) { id crimeReference business { id } district { code } service { id } } }`;
const contact = /* GraphQL */ `
  mutation ($input: RecordContactMadeInput!) { recordContactMade(input: $input) { replayed referral { id contactMadeAt contactNote } } }
`;

const referral = (reportReference: string, overrides: Record<string, unknown> = {}) => ({
  reportReference,
  businessId: 'biz-0001',
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  contactPhone: '07700900123',
  crimeTypeCode: 'shoplifting',
  districtCode: 'E07000197',
  ...overrides,
});

type Answer = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

describe('victims: referrals', () => {
  let db: VictimsDb;
  let app: Awaited<ReturnType<typeof createServer>>;

  const post = async (identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'victims' }, identity, payload) },
      payload,
    });
    return response.json() as Answer;
  };
  const viewerOf = (identity: Identity) => [{ __typename: 'Viewer', id: identity.kind === 'user' ? identity.subject : 'anonymous' }];
  const pageOf = async (identity: Identity, variables: Record<string, unknown> = {}) => {
    const answer = await post(identity, myReferrals, { r: viewerOf(identity), ...variables });
    return { ...answer, page: answer.data?._entities?.[0]?.referrals };
  };

  beforeAll(async () => {
    db = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('accepts each referral once, however often (and however concurrently) it arrives', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(relay, accept, { input: referral('BCH-26-000101') })));
    answers.push(await post(relay, accept, { input: referral('BCH-26-000101') }));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data.acceptReferral.id)).size).toBe(1);
    expect(answers[0]!.data.acceptReferral).toMatchObject({ crimeReference: 'BCH-26-000101', service: { id: 'staffordshire-victim-gateway' } });
    const rows = await db.prisma.referral.findMany({ where: { reportReference: 'BCH-26-000101' } });
    expect(rows.map((row) => row.organizationId)).toEqual(['victim-gateway']);
  });

  it('takes referrals only from the police relay, and only for one of the 9 districts', async () => {
    for (const [identity, code] of [
      [officer, 'FORBIDDEN'],
      [gatewayStaff, 'FORBIDDEN'],
      [{ kind: 'anonymous' } as Identity, 'UNAUTHENTICATED'],
    ] as const) {
      const { errors } = await post(identity, accept, { input: referral('BCH-26-000102') });
      expect(errors?.[0]?.extensions?.code).toBe(code);
    }
    const { errors } = await post(relay, accept, { input: referral('BCH-26-000102', { districtCode: 'E09000001' }) });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'input.districtCode' });
    expect(await db.prisma.referral.count({ where: { reportReference: 'BCH-26-000102' } })).toBe(0);
  });

  it("the organisation's staff see its referrals under me, with the business, district and crime type as references; other organisations see none", async () => {
    const mine = await pageOf(gatewayStaff);
    expect(mine.errors).toBeUndefined();
    const found = mine.page.nodes.find((r: { crimeReference: string }) => r.crimeReference === 'BCH-26-000101');
    expect(found).toMatchObject({
      contactName: 'Alex Example',
      crimeType: { code: 'shoplifting' },
      district: { code: 'E07000197' },
      business: { id: 'biz-0001' },
      contactMadeAt: null,
      service: { id: 'staffordshire-victim-gateway' },
    });
    expect(found.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await pageOf(otherStaff)).page).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } });
    // The gateway refuses other roles first; asked directly, the subgraph refuses them too.
    expect((await pageOf(business)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("answers a Viewer representation only for the caller: another subject's is null", async () => {
    const { data, errors } = await post(gatewayStaff, myReferrals, { r: [{ __typename: 'Viewer', id: 'vg-staff-2' }] });
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([null]);
  });

  it("looks a referral up by id for its organisation's staff only: anyone else's answer is null, as for an id that does not exist", async () => {
    const [row] = await db.prisma.referral.findMany({ where: { reportReference: 'BCH-26-000101' } });
    const own = await post(gatewayStaff, lookup, { id: row!.id });
    expect(own.data.referral).toEqual({ id: row!.id, crimeReference: 'BCH-26-000101', business: { id: 'biz-0001' }, district: { code: 'E07000197' }, service: { id: 'staffordshire-victim-gateway' } });
    expect((await post(otherStaff, lookup, { id: row!.id })).data.referral).toBeNull();
    expect((await post(gatewayStaff, lookup, { id: 'no-such-referral' })).data.referral).toBeNull();
    expect((await post(business, lookup, { id: row!.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records contact once per key, and says when an answer is a replay', async () => {
    const [row] = await db.prisma.referral.findMany({ where: { reportReference: 'BCH-26-000101' } });
    const input = { referralId: row!.id, note: 'Called Alex; support visit booked.', idempotencyKey: 'contact-key-0001' };
    const first = await post(gatewayStaff, contact, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordContactMade).toMatchObject({ replayed: false, referral: { id: row!.id, contactNote: input.note, contactMadeAt: expect.any(String) } });
    const again = await post(gatewayStaff, contact, { input });
    expect(again.data.recordContactMade).toEqual({ ...first.data.recordContactMade, replayed: true });
    // A second contact with a new key is recorded; the referral keeps showing the first.
    const later = await post(gatewayStaff, contact, { input: { ...input, note: 'Visited the shop.', idempotencyKey: 'contact-key-0002' } });
    expect(later.data.recordContactMade).toEqual({ ...first.data.recordContactMade, replayed: false });
    expect(await db.prisma.referralContact.count({ where: { referralId: row!.id } })).toBe(2);

    const denied = await post(otherStaff, contact, { input: { ...input, idempotencyKey: 'contact-key-0003' } });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.referralId' });
    const blank = await post(gatewayStaff, contact, { input: { ...input, note: ' ', idempotencyKey: 'contact-key-0004' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    const other = (await post(relay, accept, { input: referral('BCH-26-000103') })).data.acceptReferral.id;
    const reused = await post(gatewayStaff, contact, { input: { ...input, referralId: other, idempotencyKey: 'contact-key-0001' } });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    expect(await db.prisma.referralContact.count({ where: { referralId: other } })).toBe(0);
    expect(await db.prisma.referralContact.count({ where: { referralId: row!.id } })).toBe(2);
  });

  it('a referral whose service has left the directory still answers: only its service is null, with NOT_FOUND', async () => {
    const staff: Identity = { kind: 'user', subject: 'gone-staff-1', role: 'partner', organizationId: 'gone-org' };
    await db.prisma.referral.create({ data: { ...referral('BCH-26-000190'), serviceId: 'service-no-longer-listed', organizationId: 'gone-org' } });
    const { page, errors } = await pageOf(staff);
    expect(page.nodes).toHaveLength(1);
    expect(page.nodes[0]).toMatchObject({ crimeReference: 'BCH-26-000190', service: null });
    expect(errors?.map((e) => [e.path?.slice(-1)[0], e.extensions?.code])).toEqual([['service', 'NOT_FOUND']]);
  });

  describe('a page at a time, newest first', () => {
    const org = 'paging-org';
    const staff: Identity = { kind: 'user', subject: 'paging-staff-1', role: 'partner', organizationId: org };
    const base = Date.parse('2026-10-01T09:00:00Z');
    const hour = 3_600_000;

    beforeAll(async () => {
      // 25 referrals an hour apart, two sharing a time (the id breaks the tie), every third contacted.
      await db.prisma.referral.createMany({
        data: Array.from({ length: 25 }, (_, i) => ({
          ...referral(`BCH-26-0002${String(i).padStart(2, '0')}`),
          serviceId: 'staffordshire-victim-gateway',
          organizationId: org,
          receivedAt: new Date(base + Math.min(i, 23) * hour),
          contactMadeAt: i % 3 === 0 ? new Date(base + i * hour + 600_000) : null,
        })),
      });
    });

    it('pages through every referral once, in order, whatever the page size', async () => {
      const all = await db.prisma.referral.findMany({ where: { organizationId: org }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] });
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const { page, errors }: { page: any; errors?: unknown } = await pageOf(staff, { first: 7, after });
        expect(errors).toBeUndefined();
        expect(page.totalCount).toBe(25);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(page.nodes.map((n: { id: string }) => n.id));
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(4);
      expect(seen).toEqual(all.map((row) => row.id));
    });

    it('a referral that arrives while a client pages neither repeats nor shifts the pages after', async () => {
      const first = await pageOf(staff, { first: 5 });
      await db.prisma.referral.create({ data: { ...referral('BCH-26-000299'), serviceId: 'staffordshire-victim-gateway', organizationId: org, receivedAt: new Date(base + 30 * hour) } });
      const second = await pageOf(staff, { first: 5, after: first.page.pageInfo.endCursor });
      const all = await db.prisma.referral.findMany({ where: { organizationId: org }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] });
      expect(second.page.nodes.map((n: { id: string }) => n.id)).toEqual(all.slice(6, 11).map((row) => row.id));
      await db.prisma.referral.deleteMany({ where: { reportReference: 'BCH-26-000299' } });
    });

    it('narrows by contact made and by the period received (from inclusive, to exclusive)', async () => {
      const contacted = await pageOf(staff, { first: 100, filter: { contactMade: true } });
      expect(contacted.page.totalCount).toBe(9);
      expect(contacted.page.nodes.every((n: { contactMadeAt: string | null }) => n.contactMadeAt !== null)).toBe(true);
      expect((await pageOf(staff, { first: 100, filter: { contactMade: false } })).page.totalCount).toBe(16);
      const at = (i: number) => new Date(base + i * hour).toISOString();
      const period = await pageOf(staff, { first: 100, filter: { receivedAt: { from: at(2), to: at(5) } } });
      expect(period.page.nodes.map((n: { receivedAt: string }) => n.receivedAt)).toEqual([at(4), at(3), at(2)]);
      const both = await pageOf(staff, { first: 100, filter: { contactMade: true, receivedAt: { from: at(20) } } });
      expect(both.page.nodes.map((n: { receivedAt: string }) => n.receivedAt)).toEqual([at(23), at(21)]);
      // An offset is accepted and answered in UTC.
      const offset = await pageOf(staff, { first: 100, filter: { receivedAt: { from: '2026-10-01T10:00:00+01:00', to: '2026-10-01T11:00:00Z' } } });
      expect(offset.page.nodes.map((n: { receivedAt: string }) => n.receivedAt)).toEqual([at(1), at(0)]);
    });

    it('refuses a bad page size, a cursor it did not give out, an empty period and a malformed date, before any work', async () => {
      const fault = async (variables: Record<string, unknown>) => (await pageOf(staff, variables)).errors?.[0]?.extensions;
      expect(await fault({ first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(await fault({ first: 101 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(await fault({ after: 'not-a-cursor' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      // A cursor of another list (the directory's) has other columns: refused too.
      expect(await fault({ after: Buffer.from(JSON.stringify(['k1', 0, 'A', 'x'])).toString('base64url') })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const at = new Date(base).toISOString();
      expect(await fault({ filter: { receivedAt: { from: at, to: at } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.receivedAt' });
      expect(await fault({ filter: { receivedAt: { from: '1 October 2026' } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
      // Every fault of one request in one answer.
      const several = await fault({ first: 500, after: 'x', filter: { receivedAt: { from: at, to: at } } });
      expect((several?.fieldErrors as { field: string }[]).map((e) => e.field)).toEqual(['first', 'filter.receivedAt']);
    });
  });
});
