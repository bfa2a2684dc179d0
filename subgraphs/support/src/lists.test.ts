// The support subgraph's lists and lookups, in process (PGlite, and PostgreSQL too when
// TEST_DATABASE_URL is set): every connection pages by keyset, each row once, in its order, ties
// and all; filters narrow as they say and totalCount counts what they match; bad page arguments
// and filters are refused naming the field; a lookup answers null for what the caller may not see;
// and a page costs the same number of database queries at 5 rows or 50, on page 1 or deeper.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Identity } from '@crimehub/common';
import type { Enquiry, SupportOffer } from './generated/prisma/client.ts';
import { backends, openTestApp, user, type Answer, type TestApp } from './testApp.ts';

const STAFFORD = 'E07000197';
const growthHubStaff = user('partner', { organizationId: 'growth-hub' });
const pabcisStaff = user('partner', { organizationId: 'pabcis' });
const admin = user('admin');
const ownerOf = (businessId: string) => user('business', { businessId });

const ENQUIRIES = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: EnquiryFilter) {
    me {
      enquiries(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id } }
      }
    }
  }
`;
const OFFERS = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: SupportOfferFilter) {
    supportOffers(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { id }
    }
  }
`;
const ORGANIZATIONS = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: OrganizationFilter) {
    organizations(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      nodes { id }
    }
  }
`;

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; ids: string[] };

describe.each(backends)('on %s', (backend) => {
  let app: TestApp;
  let enquiries: Enquiry[];
  let offers: SupportOffer[];
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute));

  /** Every id of a connection, read `first` at a time from the start, checking each page. */
  async function readAll(identity: Identity, query: string, pick: (answer: Answer) => any, first: number, variables: Record<string, unknown> = {}): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const answer = await app.ask(identity, query, { ...variables, first, after });
      expect(answer.errors).toBeUndefined();
      const connection = pick(answer);
      const pageIds: string[] = connection.edges ? connection.edges.map((e: any) => e.node.id) : connection.nodes.map((n: any) => n.id);
      expect(pageIds.length).toBeLessThanOrEqual(first);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (connection.edges) expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      ids.push(...pageIds);
      if (!connection.pageInfo.hasNextPage) return ids;
      expect(pageIds).toHaveLength(first);
      after = connection.pageInfo.endCursor;
    }
    throw new Error('a connection that never ends');
  }

  const page = (answer: Answer, pick: (data: any) => any): Page => {
    expect(answer.errors).toBeUndefined();
    const connection = pick(answer.data);
    return { totalCount: connection.totalCount, pageInfo: connection.pageInfo, ids: (connection.edges?.map((e: any) => e.node) ?? connection.nodes).map((n: any) => n.id) };
  };

  beforeAll(async () => {
    app = await openTestApp(backend, 'lists');
    const { prisma } = app.db;
    offers = await prisma.supportOffer.findMany({ where: { active: true }, orderBy: [{ sortOrder: 'asc' }, { title: 'asc' }, { id: 'asc' }] });
    const growthHubOffers = offers.filter((o) => o.organizationId === 'growth-hub');
    const pabcisOffers = offers.filter((o) => o.organizationId === 'pabcis');
    expect(growthHubOffers.length).toBeGreaterThan(1);
    expect(pabcisOffers.length).toBeGreaterThan(0);
    // 60 enquiries from three businesses to two organisations; every third pair shares its
    // createdAt, so the id decides their order.
    const statuses = ['OPEN', 'ANSWERED', 'CLOSED'] as const;
    await prisma.enquiry.createMany({
      data: Array.from({ length: 60 }, (_, i) => {
        const offer = i % 4 === 3 ? pabcisOffers[i % pabcisOffers.length]! : growthHubOffers[i % growthHubOffers.length]!;
        return {
          id: `enq-${String((i * 37) % 60).padStart(2, '0')}`,
          offerId: offer.id,
          organizationId: offer.organizationId,
          businessId: `biz-000${(i % 3) + 1}`,
          message: `Enquiry ${i}`,
          contactName: 'Sam Sample',
          contactEmail: 'sam@example.com',
          status: statuses[i % 3]!,
          idempotencyKey: `lists-enquiry-${i}`,
          createdAt: at(Math.floor(i / 3) * 2 + (i % 3 === 2 ? 1 : 0)),
        };
      }),
    });
    enquiries = await prisma.enquiry.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  });

  afterAll(() => app?.close());

  describe('me.enquiries', () => {
    const pick = (answer: Answer) => answer.data.me.enquiries;

    it.each([
      ['an administrator', admin, () => enquiries],
      ['Growth Hub staff', growthHubStaff, () => enquiries.filter((e) => e.organizationId === 'growth-hub')],
      ['PABCIS staff', pabcisStaff, () => enquiries.filter((e) => e.organizationId === 'pabcis')],
      ['the owner of biz-0002', ownerOf('biz-0002'), () => enquiries.filter((e) => e.businessId === 'biz-0002')],
    ])('pages %s through its enquiries newest first, 7 at a time, each once (ties broken by id)', async (_, identity, expected) => {
      const ids = await readAll(identity, ENQUIRIES, pick, 7);
      expect(ids).toEqual(expected().map((e) => e.id));
      expect(page(await app.ask(identity, ENQUIRIES, { first: 1 }), (d) => d.me.enquiries).totalCount).toBe(expected().length);
    });

    it('gives an unregistered business an empty connection', async () => {
      expect(page(await app.ask(ownerOf('biz-9999'), ENQUIRIES), (d) => d.me.enquiries)).toEqual({
        totalCount: 0,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        ids: [],
      });
    });

    it('narrows by status, period (from inclusive, to exclusive) and offer, and counts what matches', async () => {
      const offerId = enquiries.find((e) => e.organizationId === 'growth-hub')!.offerId;
      const from = at(10);
      const to = at(30);
      const filter = { status: ['OPEN', 'CLOSED'], createdAt: { from: from.toISOString(), to: to.toISOString() } };
      const expected = enquiries.filter((e) => e.status !== 'ANSWERED' && e.createdAt >= from && e.createdAt < to);
      expect(expected.some((e) => e.createdAt.getTime() === from.getTime())).toBe(true);
      expect(await readAll(admin, ENQUIRIES, pick, 4, { filter })).toEqual(expected.map((e) => e.id));
      expect(page(await app.ask(admin, ENQUIRIES, { first: 2, filter }), (d) => d.me.enquiries).totalCount).toBe(expected.length);

      const byOffer = page(await app.ask(growthHubStaff, ENQUIRIES, { first: 100, filter: { offer: offerId } }), (d) => d.me.enquiries);
      expect(byOffer.ids).toEqual(enquiries.filter((e) => e.offerId === offerId).map((e) => e.id));
      expect(page(await app.ask(pabcisStaff, ENQUIRIES, { filter: { offer: offerId } }), (d) => d.me.enquiries).ids).toEqual([]);
      expect(page(await app.ask(admin, ENQUIRIES, { filter: { status: [] } }), (d) => d.me.enquiries).totalCount).toBe(0);
    });

    it.each([
      ['first 0', { first: 0 }, 'first'],
      ['first 101', { first: 101 }, 'first'],
      ['a cursor it did not give out', { after: 'bm90LWEtY3Vyc29y' }, 'after'],
      ['a period that ends before it starts', { filter: { createdAt: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } } }, 'filter.createdAt'],
      ['an offer id over 100 characters', { filter: { offer: 'x'.repeat(101) } }, 'filter.offer'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_, variables, field) => {
      const answer = await app.ask(admin, ENQUIRIES, variables);
      expect(answer.data.me.enquiries).toBeNull();
      expect(answer.errors).toMatchObject([{ path: ['me', 'enquiries'], extensions: { code: 'BAD_USER_INPUT', field } }]);
    });

    it('refuses a supportOffers cursor as an enquiries cursor', async () => {
      const offersPage = page(await app.ask(anonymous, OFFERS, { first: 1 }), (d) => d.supportOffers);
      const answer = await app.ask(admin, ENQUIRIES, { after: offersPage.pageInfo.endCursor });
      expect(answer.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }]);
    });

    it('names every bad argument in one answer', async () => {
      const answer = await app.ask(admin, ENQUIRIES, { first: 500, filter: { createdAt: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' } } });
      expect(answer.errors?.[0]?.extensions?.fieldErrors?.map((e) => e.field)).toEqual(['first', 'filter.createdAt']);
    });
  });

  describe('enquiry(id)', () => {
    const ENQUIRY = `query ($id: ID!) { enquiry(id: $id) { id business { id } provider { id } } }`;

    it('answers the business that sent it, the provider and administrators; null for anyone else and for no such enquiry', async () => {
      const target = enquiries.find((e) => e.organizationId === 'growth-hub' && e.businessId === 'biz-0001')!;
      for (const identity of [ownerOf('biz-0001'), growthHubStaff, admin]) {
        const answer = await app.ask(identity, ENQUIRY, { id: target.id });
        expect(answer).toEqual({ data: { enquiry: { id: target.id, business: { id: 'biz-0001' }, provider: { id: 'growth-hub' } } } });
      }
      for (const identity of [ownerOf('biz-0002'), pabcisStaff]) expect(await app.ask(identity, ENQUIRY, { id: target.id })).toEqual({ data: { enquiry: null } });
      expect(await app.ask(admin, ENQUIRY, { id: 'no-such-enquiry' })).toEqual({ data: { enquiry: null } });
    });

    it.each([
      ['anonymous callers', anonymous, 'UNAUTHENTICATED'],
      ['analysts', user('analyst'), 'FORBIDDEN'],
      ['police staff', user('police'), 'FORBIDDEN'],
    ])('refuses %s, who may read no enquiry', async (_, identity, code) => {
      const answer = await app.ask(identity, ENQUIRY, { id: enquiries[0]!.id });
      expect(answer).toMatchObject({ data: { enquiry: null }, errors: [{ extensions: { code } }] });
    });
  });

  describe('supportOffers', () => {
    const pick = (answer: Answer) => answer.data.supportOffers;
    /** What the filter should keep, worked out here from the rows. */
    const open = (f: { sector?: string; size?: string; district?: string; workstream?: string[]; crimeType?: string; free?: boolean }) =>
      offers.filter(
        (o) =>
          (!f.sector || o.eligibleSectors.length === 0 || o.eligibleSectors.includes(f.sector)) &&
          (!f.size || o.eligibleSizes.length === 0 || o.eligibleSizes.includes(f.size)) &&
          (!f.district || o.districtCodes.length === 0 || o.districtCodes.includes(f.district)) &&
          (!f.workstream || f.workstream.includes(o.workstream)) &&
          (!f.crimeType || o.allCrimeTypes || o.crimeTypeCodes.includes(f.crimeType)) &&
          (f.free === undefined || o.free === f.free),
      );

    it('pages through the directory 5 at a time in the Growth Hub order, each offer once', async () => {
      expect(await readAll(anonymous, OFFERS, pick, 5)).toEqual(offers.map((o) => o.id));
      expect(page(await app.ask(anonymous, OFFERS, {}), (d) => d.supportOffers)).toMatchObject({ totalCount: offers.length, ids: offers.slice(0, 20).map((o) => o.id) });
    });

    it.each([
      ['a small Stafford shop', { sector: 'RETAIL', size: 'SMALL', district: STAFFORD }],
      ['PREVENT and PREPARE offers', { workstream: ['PREVENT', 'PREPARE'] }],
      ['free offers about shoplifting', { crimeType: 'shoplifting', free: true }],
      ['paid offers', { free: false }],
      ['offers about a crime type no offer names', { crimeType: 'no-such-crime' }],
    ])('narrows to %s, and counts them', async (_, filter) => {
      const expected = open(filter);
      expect(await readAll(anonymous, OFFERS, pick, 3, { filter })).toEqual(expected.map((o) => o.id));
      expect(page(await app.ask(anonymous, OFFERS, { first: 1, filter }), (d) => d.supportOffers).totalCount).toBe(expected.length);
      expect(expected.length).toBeLessThan(offers.length);
    });

    it.each([
      ['an unknown district', { filter: { district: 'E09999999' } }, 'UNKNOWN_DISTRICT', 'filter.district'],
      ['a blank crime type', { filter: { crimeType: ' ' } }, 'BAD_USER_INPUT', 'filter.crimeType'],
      ['first -1', { first: -1 }, 'BAD_USER_INPUT', 'first'],
      ['an enquiries cursor', { after: Buffer.from(JSON.stringify(['k1', '2026-11-01T09:00:00.000Z', 'enq-01'])).toString('base64url') }, 'BAD_USER_INPUT', 'after'],
    ])('refuses %s naming the field', async (_, variables, code, field) => {
      const answer = await app.ask(anonymous, OFFERS, variables);
      expect(answer).toMatchObject({ data: null, errors: [{ extensions: { code, field } }] });
    });

    it('answers supportOffer(id) for an offer of the directory, null for a withdrawn or unknown one', async () => {
      const QUERY = `query ($id: ID!) { supportOffer(id: $id) { id title provider { id } districts { code } } }`;
      const [shown, withdrawn] = offers.filter((o) => o.districtCodes.length > 0);
      expect(await app.ask(anonymous, QUERY, { id: shown!.id })).toEqual({
        data: { supportOffer: { id: shown!.id, title: shown!.title, provider: { id: shown!.organizationId }, districts: shown!.districtCodes.map((code) => ({ code })) } },
      });
      await app.db.prisma.supportOffer.update({ where: { id: withdrawn!.id }, data: { active: false } });
      try {
        expect(await app.ask(anonymous, QUERY, { id: withdrawn!.id })).toEqual({ data: { supportOffer: null } });
        expect(page(await app.ask(anonymous, OFFERS, { first: 100 }), (d) => d.supportOffers).ids).not.toContain(withdrawn!.id);
      } finally {
        await app.db.prisma.supportOffer.update({ where: { id: withdrawn!.id }, data: { active: true } });
      }
      expect(await app.ask(anonymous, QUERY, { id: 'no-such-offer' })).toEqual({ data: { supportOffer: null } });
    });
  });

  describe('organizations', () => {
    const pick = (answer: Answer) => answer.data.organizations;

    it('pages through every organisation by name, 4 at a time, and narrows by kind', async () => {
      const all = await app.db.prisma.organization.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
      expect(await readAll(anonymous, ORGANIZATIONS, pick, 4)).toEqual(all.map((o) => o.id));
      const kinds = ['POLICE', 'CHARITY'];
      const expected = all.filter((o) => kinds.includes(o.kind));
      expect(await readAll(anonymous, ORGANIZATIONS, pick, 2, { filter: { kind: kinds } })).toEqual(expected.map((o) => o.id));
      expect(page(await app.ask(anonymous, ORGANIZATIONS, { first: 1, filter: { kind: kinds } }), (d) => d.organizations).totalCount).toBe(expected.length);
      expect(expected.length).toBeLessThan(all.length);
    });
  });

  describe('database queries per page', () => {
    /** Runs a request and counts its SQL statements. */
    async function measure(identity: Identity, query: string, variables: Record<string, unknown>): Promise<{ queries: number; data: any }> {
      const before = app.db.queries.count;
      const answer = await app.ask(identity, query, variables);
      expect(answer.errors).toBeUndefined();
      return { queries: app.db.queries.count - before, data: answer.data };
    }

    it('answers a page of enquiries with their offers, providers and businesses in as many queries for 50 rows as for 5, at any depth', async () => {
      const DEEP = /* GraphQL */ `
        query ($first: Int, $after: String) {
          me {
            enquiries(first: $first, after: $after) {
              totalCount
              pageInfo { endCursor }
              edges { cursor node { id createdAt offer { id title districts { code } provider { name supportOffers { id provider { id } } } } provider { name } business { name district { code } } } }
            }
          }
        }
      `;
      const five = await measure(admin, DEEP, { first: 5 });
      const fifty = await measure(admin, DEEP, { first: 50 });
      const deeper = await measure(admin, DEEP, { first: 50, after: five.data.me.enquiries.pageInfo.endCursor });
      expect(five.data.me.enquiries.edges).toHaveLength(5);
      expect(fifty.data.me.enquiries.edges).toHaveLength(50);
      expect(deeper.data.me.enquiries.edges).toHaveLength(50);
      expect(new Set(fifty.data.me.enquiries.edges.map((e: any) => e.node.business.name)).size).toBe(3);
      // The page and its count, then about one query per kind of record the selection reads
      // (offers, organisations, offers by organisation, businesses), whatever the page size.
      expect(five.queries).toBeLessThanOrEqual(7);
      expect(fifty.queries).toBe(five.queries);
      expect(deeper.queries).toBe(five.queries);
    });

    it('answers a page of offers, and one of organisations with their offers, in as many queries for 50 rows as for 5', async () => {
      const OFFERS_DEEP = /* GraphQL */ `
        query ($first: Int) { supportOffers(first: $first) { totalCount nodes { id districts { code } crimeTypes { code } provider { name supportOffers { id } } } } }
      `;
      const ORGANIZATIONS_DEEP = /* GraphQL */ `
        query ($first: Int) { organizations(first: $first) { totalCount nodes { id supportOffers { id provider { id } } } } }
      `;
      const offersFive = await measure(anonymous, OFFERS_DEEP, { first: 5 });
      const offersMore = await measure(anonymous, OFFERS_DEEP, { first: 50 });
      expect(offersMore.data.supportOffers.nodes.length).toBeGreaterThan(5);
      expect(offersFive.queries).toBeLessThanOrEqual(4);
      expect(offersMore.queries).toBe(offersFive.queries);
      const orgsFive = await measure(anonymous, ORGANIZATIONS_DEEP, { first: 5 });
      const orgsMore = await measure(anonymous, ORGANIZATIONS_DEEP, { first: 50 });
      expect(orgsMore.data.organizations.nodes.length).toBeGreaterThan(5);
      expect(orgsMore.queries).toBe(orgsFive.queries);
    });
  });
});
