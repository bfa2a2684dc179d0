// Business profiles and enquiries in the support subgraph itself, in process on an in-memory
// PGlite database (and on a fresh PostgreSQL one as well when TEST_DATABASE_URL is set), with
// requests signed as the gateway signs them: every bad input is refused with a code and the
// field at fault and leaves the database as it was; the row rules hold for every role; retries
// and races with one idempotency key write one record.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { openSupportDatabase, type SupportDb } from './db.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

type App = Awaited<ReturnType<typeof createServer>>;

const signing: SigningConfig = { secret: 'support-workflow-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';

const user = (role: 'business' | 'police' | 'partner' | 'analyst' | 'admin', extra: { businessId?: string; organizationId?: string } = {}): Identity => ({
  kind: 'user',
  subject: `${role}-${extra.businessId ?? extra.organizationId ?? 'x'}`,
  role,
  ...extra,
});
const newBusiness = user('business', { businessId: 'biz-new-1' });
const otherNewBusiness = user('business', { businessId: 'biz-new-2' });
const unregistered = user('business', { businessId: 'biz-never-registered' });
const provider = user('partner', { organizationId: 'growth-hub' });
const otherPartner = user('partner', { organizationId: 'pabcis' });
const admin = user('admin');
const analyst = user('analyst');
const police = user('police');

interface Answer {
  data?: any;
  errors?: { message: string; extensions?: { code?: string; field?: string; reason?: string } }[];
}

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterBusinessInput!) {
    registerBusiness(input: $input) { id name sector size districtCode postcode rural contactEmail contactPhone }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) { id name sector size districtCode postcode rural contactEmail contactPhone }
  }
`;
const REQUEST = /* GraphQL */ `
  mutation ($input: RequestSupportInput!) {
    requestSupport(input: $input) { id status message contactName contactEmail contactPhone offer { id } provider { id } business { id } }
  }
`;
const ANSWER = /* GraphQL */ `
  mutation ($id: ID!, $answer: String!, $key: String!) {
    answerEnquiry(id: $id, answer: $answer, idempotencyKey: $key) { id status answer answeredAt }
  }
`;
const MINE = /* GraphQL */ `{ myEnquiries { id status answer business { id } } }`;
const FOR_ORG = /* GraphQL */ `query ($status: EnquiryStatus) { enquiriesForMyOrganization(status: $status) { id status provider { id } business { id } } }`;

const validProfile = {
  name: 'Example Bakery (synthetic)',
  sector: 'RETAIL',
  size: 'MICRO',
  district: STAFFORD,
  postcode: 'st16 2ab',
  rural: false,
  contactEmail: 'Owner@Example.com',
  contactPhone: '07700 900123',
  idempotencyKey: 'register-biz-new-1',
};
let offerId: string;
const enquiry = (overrides: Record<string, unknown> = {}) => ({
  offerId,
  message: 'We would like help with cyber security.',
  contactName: 'Sam Sample',
  contactEmail: 'sam@example.com',
  contactPhone: '01785 123456',
  idempotencyKey: 'enquiry-key-0001',
  ...overrides,
});

let db: SupportDb;
let app: App;

async function ask(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const payload = JSON.stringify({ query, variables });
  const headers = { 'content-type': 'application/json', ...signRequest(signing, { audience: 'support' }, identity, payload) };
  const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload });
  return response.json() as Answer;
}

/** Row counts of every table, to show a refused request wrote nothing. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

/** Everything the database holds about businesses and enquiries, to compare before and after. */
const snapshot = async () => ({
  counts: await tableCounts(),
  businesses: await db.prisma.business.findMany({ orderBy: { id: 'asc' } }),
  enquiries: await db.prisma.enquiry.findMany({ orderBy: { id: 'asc' } }),
});

/** Sends a request that must be refused with this code and field, and leave the database as it was. */
async function expectRefused(identity: Identity, query: string, variables: Record<string, unknown>, code: string, field?: string): Promise<Answer> {
  const before = await snapshot();
  const answer = await ask(identity, query, variables);
  expect(answer.errors?.length, JSON.stringify(answer)).toBeGreaterThan(0);
  expect(answer.errors![0]!.extensions?.code).toBe(code);
  if (field) expect(answer.errors![0]!.extensions?.field).toBe(field);
  expect(answer.data ?? null).toBeNull();
  expect(await snapshot()).toEqual(before);
  return answer;
}

/** In-memory PGlite always; a fresh PostgreSQL database as well when TEST_DATABASE_URL is set. */
const backends = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(backends)('on %s', (backend) => {
  let dropDatabase = async () => {};

  beforeAll(async () => {
    if (backend === 'postgres') {
      const server = process.env.TEST_DATABASE_URL!;
      const name = `bch_test_support_workflows_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`).finally(() => admin.end());
      const url = new URL(server);
      url.pathname = `/${name}`;
      db = await openSupportDatabase({ kind: 'postgres', url: url.toString() });
      dropDatabase = async () => {
        const client = new pg.Client({ connectionString: server });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => client.end());
      };
    } else {
      db = await openSupportDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await seedDemo(db.prisma); // the synthetic businesses biz-0001 … biz-0010
    app = await createServer(db, { logLevel: 'silent', signing });
    offerId = (await db.prisma.supportOffer.findFirstOrThrow({ where: { organizationId: 'growth-hub', active: true }, orderBy: { id: 'asc' } })).id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await dropDatabase();
  });

  describe('registerBusiness', () => {
    it.each([
      ['a missing name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
      ['an unknown district', { district: 'E09999999' }, 'UNKNOWN_DISTRICT', 'input.district'],
      ['a malformed postcode', { postcode: 'not a postcode' }, 'INVALID_POSTCODE', 'input.postcode'],
      ['a postcode outside Staffordshire and Stoke-on-Trent', { postcode: 'B1 1AA' }, 'POSTCODE_OUTSIDE_AREA', 'input.postcode'],
      ['a malformed email', { contactEmail: 'owner-at-example' }, 'BAD_USER_INPUT', 'input.contactEmail'],
      ['a phone number that is not a UK one', { contactPhone: '+1 555 0100' }, 'BAD_USER_INPUT', 'input.contactPhone'],
      ['a malformed idempotency key', { idempotencyKey: 'short' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
    ])('refuses %s, naming the field, and writes nothing', async (_, overrides, code, field) => {
      await expectRefused(newBusiness, REGISTER, { input: { ...validProfile, ...overrides } }, code, field);
    });

    it.each([
      ['sector', { sector: 'SHOPS' }],
      ['size', { size: 'HUGE' }],
    ])('refuses an unknown %s as a GraphQL enum error and writes nothing', async (_, overrides) => {
      const answer = await expectRefused(newBusiness, REGISTER, { input: { ...validProfile, ...overrides } }, 'BAD_USER_INPUT');
      expect(answer.errors![0]!.message).toMatch(/Sector|BusinessSize/);
    });

    it.each([
      ['anonymous callers', anonymous, 'UNAUTHENTICATED'],
      ['analysts', analyst, 'FORBIDDEN'],
      ['partner staff', provider, 'FORBIDDEN'],
      ['a business user whose token names no business', user('business'), 'FORBIDDEN'],
    ])('refuses %s and writes nothing', async (_, identity, code) => {
      await expectRefused(identity as Identity, REGISTER, { input: validProfile }, code);
    });

    it("registers the caller's own business under its token's business_id, normalised", async () => {
      const answer = await ask(newBusiness, REGISTER, { input: validProfile });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.registerBusiness).toEqual({
        id: 'biz-new-1',
        name: 'Example Bakery (synthetic)',
        sector: 'RETAIL',
        size: 'MICRO',
        districtCode: STAFFORD,
        postcode: 'ST16 2AB',
        rural: false,
        contactEmail: 'owner@example.com',
        contactPhone: '07700900123',
      });
    });

    it('returns the same profile to a retry with the same key, and writes nothing more', async () => {
      const before = await snapshot();
      const answer = await ask(newBusiness, REGISTER, { input: validProfile });
      expect(answer.data.registerBusiness.id).toBe('biz-new-1');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses to register the business again under another key (ALREADY_REGISTERED)', async () => {
      const answer = await expectRefused(newBusiness, REGISTER, { input: { ...validProfile, name: 'Other name', idempotencyKey: 'register-again-1' } }, 'BAD_USER_INPUT', 'input.idempotencyKey');
      expect(answer.errors![0]!.extensions?.reason).toBe('ALREADY_REGISTERED');
      await expectRefused(user('business', { businessId: 'biz-0001' }), REGISTER, { input: validProfile }, 'BAD_USER_INPUT', 'input.idempotencyKey');
    });
  });

  describe('updateBusiness', () => {
    it.each([
      ['a blank name', { name: '' }, 'BAD_USER_INPUT', 'input.name'],
      ['an unknown district', { district: 'nowhere' }, 'UNKNOWN_DISTRICT', 'input.district'],
      ['a malformed postcode', { postcode: 'ST16' }, 'INVALID_POSTCODE', 'input.postcode'],
      ['a postcode outside the area', { postcode: 'M1 1AE' }, 'POSTCODE_OUTSIDE_AREA', 'input.postcode'],
      ['a malformed email', { contactEmail: '@example.com' }, 'BAD_USER_INPUT', 'input.contactEmail'],
      ['a malformed phone number', { contactPhone: '0123' }, 'BAD_USER_INPUT', 'input.contactPhone'],
    ])('refuses %s, naming the field, and changes nothing (even the valid fields sent with it)', async (_, overrides, code, field) => {
      await expectRefused(newBusiness, UPDATE, { input: { name: 'Renamed Bakery (synthetic)', ...overrides } }, code, field);
    });

    it('refuses a business that has not registered (NOT_FOUND) and other roles', async () => {
      await expectRefused(unregistered, UPDATE, { input: { name: 'Nobody' } }, 'NOT_FOUND', 'input');
      await expectRefused(admin, UPDATE, { input: { name: 'Nobody' } }, 'FORBIDDEN');
      await expectRefused(anonymous, UPDATE, { input: { name: 'Nobody' } }, 'UNAUTHENTICATED');
    });

    it('changes only the fields given, of its own profile only', async () => {
      const others = await db.prisma.business.findMany({ where: { id: { not: 'biz-new-1' } }, orderBy: { id: 'asc' } });
      const answer = await ask(newBusiness, UPDATE, { input: { name: 'Renamed Bakery (synthetic)', size: 'SMALL', rural: true, contactPhone: '' } });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.updateBusiness).toMatchObject({ id: 'biz-new-1', name: 'Renamed Bakery (synthetic)', size: 'SMALL', rural: true, sector: 'RETAIL', postcode: 'ST16 2AB', contactPhone: null });
      expect(await db.prisma.business.findMany({ where: { id: { not: 'biz-new-1' } }, orderBy: { id: 'asc' } })).toEqual(others);
    });

    it("keeps a profile's district the one its postcode is in: a disagreeing district is refused on input.district, a new postcode moves it", async () => {
      const TAMWORTH = 'E07000199';
      const mismatch = await expectRefused(otherNewBusiness, REGISTER, { input: { ...validProfile, district: TAMWORTH, idempotencyKey: 'register-biz-new-2' } }, 'BAD_USER_INPUT', 'input.district');
      expect(mismatch.errors![0]!.message).toMatch(/ST16 2AB is in Stafford \(E07000197\), not Tamworth \(E07000199\)/);
      await expectRefused(newBusiness, UPDATE, { input: { district: TAMWORTH } }, 'BAD_USER_INPUT', 'input.district');
      await expectRefused(newBusiness, UPDATE, { input: { district: STAFFORD, postcode: 'B79 7AA' } }, 'BAD_USER_INPUT', 'input.district');
      const moved = await ask(newBusiness, UPDATE, { input: { postcode: 'b79 7aa' } });
      expect(moved.data.updateBusiness).toMatchObject({ districtCode: TAMWORTH, postcode: 'B79 7AA' });
      const back = await ask(newBusiness, UPDATE, { input: { postcode: 'ST16 2AB', district: STAFFORD } });
      expect(back.data.updateBusiness).toMatchObject({ districtCode: STAFFORD, postcode: 'ST16 2AB' });
    });
  });

  describe('requestSupport', () => {
    it.each([
      ['an unknown offer', () => ({ offerId: 'no-such-offer' }), 'NOT_FOUND', 'input.offerId'],
      ['a blank message', () => ({ message: ' ' }), 'BAD_USER_INPUT', 'input.message'],
      ['a message over 4000 characters', () => ({ message: 'x'.repeat(4001) }), 'BAD_USER_INPUT', 'input.message'],
      ['a missing contact name', () => ({ contactName: '' }), 'BAD_USER_INPUT', 'input.contactName'],
      ['a contact name over 100 characters', () => ({ contactName: 'x'.repeat(101) }), 'BAD_USER_INPUT', 'input.contactName'],
      ['a malformed email', () => ({ contactEmail: 'sam@' }), 'BAD_USER_INPUT', 'input.contactEmail'],
      ['a phone number that is not a UK one', () => ({ contactPhone: '555-0100' }), 'BAD_USER_INPUT', 'input.contactPhone'],
      ['a malformed idempotency key', () => ({ idempotencyKey: 'has spaces in it' }), 'BAD_USER_INPUT', 'input.idempotencyKey'],
    ])('refuses %s, naming the field, and writes nothing', async (_, overrides, code, field) => {
      await expectRefused(newBusiness, REQUEST, { input: enquiry(overrides()) }, code, field);
    });

    it('refuses a business that has not registered, other roles and anonymous callers', async () => {
      await expectRefused(unregistered, REQUEST, { input: enquiry() }, 'FORBIDDEN');
      await expectRefused(provider, REQUEST, { input: enquiry() }, 'FORBIDDEN');
      await expectRefused(admin, REQUEST, { input: enquiry() }, 'FORBIDDEN');
      await expectRefused(anonymous, REQUEST, { input: enquiry() }, 'UNAUTHENTICATED');
    });

    it("sends the enquiry to the offer's provider, and a retry with the key returns the same one", async () => {
      const first = await ask(newBusiness, REQUEST, { input: enquiry() });
      expect(first.errors).toBeUndefined();
      expect(first.data.requestSupport).toMatchObject({ status: 'OPEN', offer: { id: offerId }, provider: { id: 'growth-hub' }, business: { id: 'biz-new-1' }, contactPhone: '01785123456' });
      const before = await snapshot();
      const retry = await ask(newBusiness, REQUEST, { input: enquiry() });
      expect(retry.data.requestSupport.id).toBe(first.data.requestSupport.id);
      expect(await snapshot()).toEqual(before);
    });

    it('creates one enquiry from a race of five requests with one key', async () => {
      const before = await db.prisma.enquiry.count();
      const answers = await Promise.all(Array.from({ length: 5 }, () => ask(newBusiness, REQUEST, { input: enquiry({ idempotencyKey: 'race-key-0001' }) })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      expect(new Set(answers.map((a) => a.data.requestSupport.id)).size).toBe(1);
      expect(await db.prisma.enquiry.count()).toBe(before + 1);
    });

    it("keeps one business's idempotency keys apart from another's", async () => {
      expect((await ask(otherNewBusiness, REGISTER, { input: { ...validProfile, idempotencyKey: 'register-biz-new-2' } })).errors).toBeUndefined();
      const theirs = await ask(otherNewBusiness, REQUEST, { input: enquiry() });
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data.requestSupport.business.id).toBe('biz-new-2');
      const mine = await db.prisma.enquiry.findUniqueOrThrow({ where: { businessId_idempotencyKey: { businessId: 'biz-new-1', idempotencyKey: 'enquiry-key-0001' } } });
      expect(theirs.data.requestSupport.id).not.toBe(mine.id);
    });
  });

  describe('who sees and answers enquiries', () => {
    let enquiryId: string;
    beforeAll(async () => {
      enquiryId = (await db.prisma.enquiry.findUniqueOrThrow({ where: { businessId_idempotencyKey: { businessId: 'biz-new-1', idempotencyKey: 'enquiry-key-0001' } } })).id;
    });

    it('shows a business only its own enquiries', async () => {
      const mine = await ask(newBusiness, MINE);
      expect(mine.errors).toBeUndefined();
      expect(mine.data.myEnquiries.length).toBe(2);
      for (const e of mine.data.myEnquiries) expect(e.business.id).toBe('biz-new-1');
      expect((await ask(unregistered, MINE)).data.myEnquiries).toEqual([]);
    });

    it("shows partner staff only their organisation's enquiries, and an administrator all", async () => {
      const own = await ask(provider, FOR_ORG);
      expect(own.errors).toBeUndefined();
      expect(own.data.enquiriesForMyOrganization.length).toBe(3);
      for (const e of own.data.enquiriesForMyOrganization) expect(e.provider.id).toBe('growth-hub');
      expect((await ask(otherPartner, FOR_ORG)).data.enquiriesForMyOrganization).toEqual([]);
      expect((await ask(admin, FOR_ORG)).data.enquiriesForMyOrganization.length).toBe(3);
    });

    it.each([
      ['anonymous callers', anonymous, 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
      ['analysts', analyst, 'FORBIDDEN', 'FORBIDDEN'],
      ['police staff', police, 'FORBIDDEN', 'FORBIDDEN'],
      ['partner staff whose token names no organisation', user('partner'), 'FORBIDDEN', 'FORBIDDEN'],
    ])('shows %s no enquiry', async (_, identity, mineCode, orgCode) => {
      expect((await ask(identity as Identity, MINE)).errors?.[0]?.extensions?.code).toBe(mineCode);
      expect((await ask(identity as Identity, FOR_ORG)).errors?.[0]?.extensions?.code).toBe(orgCode);
    });

    it.each([
      ['a blank answer', () => ({ answer: '' }), 'BAD_USER_INPUT', 'answer'],
      ['an answer over 4000 characters', () => ({ answer: 'x'.repeat(4001) }), 'BAD_USER_INPUT', 'answer'],
      ['a malformed idempotency key', () => ({ key: 'bad key' }), 'BAD_USER_INPUT', 'idempotencyKey'],
      ['an unknown enquiry', () => ({ id: 'no-such-enquiry' }), 'NOT_FOUND', 'id'],
    ])('refuses %s, naming the field, and changes nothing', async (_, overrides, code, field) => {
      await expectRefused(provider, ANSWER, { id: enquiryId, answer: 'We will call you.', key: 'answer-key-0001', ...overrides() }, code, field);
    });

    it("refuses another organisation's staff (NOT_FOUND), administrators and businesses, changing nothing", async () => {
      await expectRefused(otherPartner, ANSWER, { id: enquiryId, answer: 'Not ours.', key: 'answer-key-0002' }, 'NOT_FOUND', 'id');
      await expectRefused(admin, ANSWER, { id: enquiryId, answer: 'Admin.', key: 'answer-key-0003' }, 'FORBIDDEN');
      await expectRefused(newBusiness, ANSWER, { id: enquiryId, answer: 'Myself.', key: 'answer-key-0004' }, 'FORBIDDEN');
    });

    it('lets the provider answer once: a retry returns the answer, another key is refused', async () => {
      const answered = await ask(provider, ANSWER, { id: enquiryId, answer: 'An adviser will call you this week.', key: 'answer-key-0001' });
      expect(answered.errors).toBeUndefined();
      expect(answered.data.answerEnquiry).toMatchObject({ id: enquiryId, status: 'ANSWERED', answer: 'An adviser will call you this week.' });
      const row = await db.prisma.enquiry.findUniqueOrThrow({ where: { id: enquiryId } });
      expect(row.answeredBy).toBe('partner-growth-hub');

      const retry = await ask(provider, ANSWER, { id: enquiryId, answer: 'An adviser will call you this week.', key: 'answer-key-0001' });
      expect(retry.data.answerEnquiry).toEqual(answered.data.answerEnquiry);
      const again = await expectRefused(provider, ANSWER, { id: enquiryId, answer: 'A different answer.', key: 'answer-key-0009' }, 'BAD_USER_INPUT', 'id');
      expect(again.errors![0]!.extensions?.reason).toBe('ALREADY_ANSWERED');

      const mine = await ask(newBusiness, MINE);
      expect(mine.data.myEnquiries.find((e: any) => e.id === enquiryId)).toMatchObject({ status: 'ANSWERED', answer: 'An adviser will call you this week.' });
      const open = await ask(provider, FOR_ORG, { status: 'OPEN' });
      expect(open.data.enquiriesForMyOrganization.map((e: any) => e.id)).not.toContain(enquiryId);
    });
  });

  it("answers a reference to a missing profile or organisation with null and NOT_FOUND on that entity's path only", async () => {
    const ENTITIES = /* GraphQL */ `
      query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Business { id name } ... on Organization { id name } } }
    `;
    const representations = [
      { __typename: 'Business', id: 'biz-0001' },
      { __typename: 'Business', id: 'biz-never-registered' },
      { __typename: 'Organization', id: 'growth-hub' },
      { __typename: 'Organization', id: 'no-such-organisation' },
    ];
    const answer = await ask(police, ENTITIES, { representations });
    expect(answer.data._entities.map((e: any) => e?.id ?? null)).toEqual(['biz-0001', null, 'growth-hub', null]);
    // The two loaders answer in either order: compare the errors by path.
    const byPath = (answer.errors ?? []).map((e) => [e.extensions?.code, (e as { path?: unknown[] }).path] as const).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(byPath).toEqual([
      ['NOT_FOUND', ['_entities', 1]],
      ['NOT_FOUND', ['_entities', 3]],
    ]);
    // Another business's profile is the row rule, not a fault: null and no error.
    const other = await ask(unregistered, ENTITIES, { representations: [{ __typename: 'Business', id: 'biz-0001' }] });
    expect(other).toEqual({ data: { _entities: [null] } });
  });
});
