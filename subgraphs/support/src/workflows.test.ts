// Business profiles and enquiries in the support subgraph itself, in process on an in-memory
// PGlite database (and on a fresh PostgreSQL one as well when TEST_DATABASE_URL is set), with
// requests signed as the gateway signs them: every bad input is refused with a code and the
// field at fault and leaves the database as it was; the row rules hold for every role; retries
// and races with one idempotency key write one record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type Identity } from '@crimehub/common';
import type { SupportDb } from './db.ts';
import { backends, openTestApp, user, type Answer, type TestApp } from './testApp.ts';

const STAFFORD = 'E07000197';
const newBusiness = user('business', { businessId: 'biz-new-1' });
const otherNewBusiness = user('business', { businessId: 'biz-new-2' });
const unregistered = user('business', { businessId: 'biz-never-registered' });
const provider = user('partner', { organizationId: 'growth-hub' });
const otherPartner = user('partner', { organizationId: 'pabcis' });
const admin = user('admin');
const analyst = user('analyst');
const police = user('police');

const PROFILE = 'id name sector size district { code } postcode rural contactEmail contactPhone';
const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterBusinessInput!) {
    registerBusiness(input: $input) { replayed business { ${PROFILE} } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) { business { ${PROFILE} } }
  }
`;
const REQUEST = /* GraphQL */ `
  mutation ($input: RequestSupportInput!) {
    requestSupport(input: $input) { replayed enquiry { id status message contactName contactEmail contactPhone offer { id } provider { id } business { id } } }
  }
`;
const ANSWER = /* GraphQL */ `
  mutation ($input: AnswerEnquiryInput!) {
    answerEnquiry(input: $input) { replayed enquiry { id status answer answeredAt } }
  }
`;
/** The caller's enquiries (one page of up to 100), with a status filter. */
const ENQUIRIES = /* GraphQL */ `
  query ($status: [EnquiryStatus!]) { me { enquiries(first: 100, filter: { status: $status }) { totalCount nodes { id status answer provider { id } business { id } } } } }
`;
const enquiriesOf = (answer: Answer): any[] => answer.data.me.enquiries.nodes;
/** answerEnquiry's variables: the input, with these fields changed. */
const answering = (fields: Record<string, unknown>) => ({ input: { answer: 'We will call you.', idempotencyKey: 'answer-key-0001', ...fields } });

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
let app: TestApp;

const ask = (identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => app.ask(identity, query, variables);

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

describe.each(backends)('on %s', (backend) => {
  beforeAll(async () => {
    app = await openTestApp(backend, 'workflows'); // with the synthetic businesses biz-0001 … biz-0010
    db = app.db;
    offerId = (await db.prisma.supportOffer.findFirstOrThrow({ where: { organizationId: 'growth-hub', active: true }, orderBy: { id: 'asc' } })).id;
  });

  afterAll(() => app?.close());

  describe('registerBusiness', () => {
    it.each([
      ['a missing name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
      ['an unknown district', { district: 'E09999999' }, 'UNKNOWN_DISTRICT', 'input.district'],
      // The Postcode scalar refuses it before any resolver runs; the gateway names the field (supportWorkflows e2e).
      ['a malformed postcode', { postcode: 'not a postcode' }, 'INVALID_POSTCODE', undefined],
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
        replayed: false,
        business: {
          id: 'biz-new-1',
          name: 'Example Bakery (synthetic)',
          sector: 'RETAIL',
          size: 'MICRO',
          district: { code: STAFFORD },
          postcode: 'ST16 2AB',
          rural: false,
          contactEmail: 'owner@example.com',
          contactPhone: '07700900123',
        },
      });
    });

    it('returns the same profile to a retry with the same key, and writes nothing more', async () => {
      const before = await snapshot();
      const answer = await ask(newBusiness, REGISTER, { input: validProfile });
      expect(answer.data.registerBusiness).toMatchObject({ replayed: true, business: { id: 'biz-new-1' } });
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
      ['a malformed postcode', { postcode: 'ST16' }, 'INVALID_POSTCODE', undefined],
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
      expect(answer.data.updateBusiness.business).toMatchObject({
        id: 'biz-new-1',
        name: 'Renamed Bakery (synthetic)',
        size: 'SMALL',
        rural: true,
        sector: 'RETAIL',
        postcode: 'ST16 2AB',
        contactPhone: null,
      });
      expect(await db.prisma.business.findMany({ where: { id: { not: 'biz-new-1' } }, orderBy: { id: 'asc' } })).toEqual(others);
    });

    it("keeps a profile's district the one its postcode is in: a disagreeing district is refused on input.district, a new postcode moves it", async () => {
      const TAMWORTH = 'E07000199';
      const mismatch = await expectRefused(otherNewBusiness, REGISTER, { input: { ...validProfile, district: TAMWORTH, idempotencyKey: 'register-biz-new-2' } }, 'BAD_USER_INPUT', 'input.district');
      expect(mismatch.errors![0]!.message).toMatch(/ST16 2AB is in Stafford \(E07000197\), not Tamworth \(E07000199\)/);
      await expectRefused(newBusiness, UPDATE, { input: { district: TAMWORTH } }, 'BAD_USER_INPUT', 'input.district');
      await expectRefused(newBusiness, UPDATE, { input: { district: STAFFORD, postcode: 'B79 7AA' } }, 'BAD_USER_INPUT', 'input.district');
      const moved = await ask(newBusiness, UPDATE, { input: { postcode: 'b79 7aa' } });
      expect(moved.data.updateBusiness.business).toMatchObject({ district: { code: TAMWORTH }, postcode: 'B79 7AA' });
      const back = await ask(newBusiness, UPDATE, { input: { postcode: 'ST16 2AB', district: STAFFORD } });
      expect(back.data.updateBusiness.business).toMatchObject({ district: { code: STAFFORD }, postcode: 'ST16 2AB' });
    });

    it('resolves a postcode by its sector: a split sector takes the district given or kept, asks otherwise (AMBIGUOUS_POSTCODE), refuses one outside', async () => {
      const CANNOCK = 'E07000192';
      const LICHFIELD = 'E07000194';
      const candidates = [
        { code: CANNOCK, name: 'Cannock Chase' },
        { code: LICHFIELD, name: 'Lichfield' },
      ];
      // WS15 1 (Rugeley, Colton) may be in Cannock Chase or Lichfield: with no district the hub asks.
      const asked = await expectRefused(
        otherNewBusiness,
        REGISTER,
        { input: { ...validProfile, district: null, postcode: 'WS15 1AA', idempotencyKey: 'register-biz-new-2' } },
        'AMBIGUOUS_POSTCODE',
        'input.postcode',
      );
      expect(asked.errors![0]!.extensions).toMatchObject({ candidates });
      expect(asked.errors![0]!.message).toMatch(/"WS15 1".*Cannock Chase \(E07000192\).*Lichfield \(E07000194\)/);
      const given = await ask(newBusiness, UPDATE, { input: { postcode: 'WS15 1AA', district: LICHFIELD } });
      expect(given.data.updateBusiness.business).toMatchObject({ district: { code: LICHFIELD }, postcode: 'WS15 1AA' });
      // Another postcode of the sector keeps the profile's district; a district alone may be any candidate.
      const kept = await ask(newBusiness, UPDATE, { input: { postcode: 'ws15 1ab' } });
      expect(kept.data.updateBusiness.business).toMatchObject({ district: { code: LICHFIELD }, postcode: 'WS15 1AB' });
      const other = await ask(newBusiness, UPDATE, { input: { district: CANNOCK } });
      expect(other.data.updateBusiness.business).toMatchObject({ district: { code: CANNOCK }, postcode: 'WS15 1AB' });
      await expectRefused(newBusiness, UPDATE, { input: { district: STAFFORD } }, 'BAD_USER_INPUT', 'input.district');
      // Armitage (WS15 4) is Lichfield, not Cannock Chase; Alsager (ST7 2) is in Cheshire East.
      const armitage = await ask(newBusiness, UPDATE, { input: { postcode: 'WS15 4AA' } });
      expect(armitage.data.updateBusiness.business).toMatchObject({ district: { code: LICHFIELD } });
      await expectRefused(newBusiness, UPDATE, { input: { postcode: 'ST7 2AA' } }, 'POSTCODE_OUTSIDE_AREA', 'input.postcode');
      const back = await ask(newBusiness, UPDATE, { input: { postcode: 'ST16 2AB', district: STAFFORD } });
      expect(back.data.updateBusiness.business).toMatchObject({ district: { code: STAFFORD }, postcode: 'ST16 2AB' });
    });

    it('removes the postcode with removePostcode (the district stays), and refuses removePostcode with a postcode', async () => {
      await expectRefused(newBusiness, UPDATE, { input: { postcode: 'ST16 2AB', removePostcode: true } }, 'BAD_USER_INPUT', 'input.removePostcode');
      const removed = await ask(newBusiness, UPDATE, { input: { removePostcode: true } });
      expect(removed.errors).toBeUndefined();
      expect(removed.data.updateBusiness.business).toMatchObject({ district: { code: STAFFORD }, postcode: null });
      // With no postcode kept, any district may be given alone.
      const moved = await ask(newBusiness, UPDATE, { input: { district: 'E07000199' } });
      expect(moved.data.updateBusiness.business).toMatchObject({ district: { code: 'E07000199' }, postcode: null });
      const back = await ask(newBusiness, UPDATE, { input: { postcode: 'ST16 2AB' } });
      expect(back.data.updateBusiness.business).toMatchObject({ district: { code: STAFFORD }, postcode: 'ST16 2AB' });
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
      expect(first.data.requestSupport).toMatchObject({
        replayed: false,
        enquiry: { status: 'OPEN', offer: { id: offerId }, provider: { id: 'growth-hub' }, business: { id: 'biz-new-1' }, contactPhone: '01785123456' },
      });
      const before = await snapshot();
      const retry = await ask(newBusiness, REQUEST, { input: enquiry() });
      expect(retry.data.requestSupport).toMatchObject({ replayed: true, enquiry: { id: first.data.requestSupport.enquiry.id } });
      expect(await snapshot()).toEqual(before);
    });

    it('creates one enquiry from a race of five requests with one key', async () => {
      const before = await db.prisma.enquiry.count();
      const answers = await Promise.all(Array.from({ length: 5 }, () => ask(newBusiness, REQUEST, { input: enquiry({ idempotencyKey: 'race-key-0001' }) })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      expect(new Set(answers.map((a) => a.data.requestSupport.enquiry.id)).size).toBe(1);
      expect(answers.filter((a) => !a.data.requestSupport.replayed)).toHaveLength(1);
      expect(await db.prisma.enquiry.count()).toBe(before + 1);
    });

    it("keeps one business's idempotency keys apart from another's", async () => {
      expect((await ask(otherNewBusiness, REGISTER, { input: { ...validProfile, idempotencyKey: 'register-biz-new-2' } })).errors).toBeUndefined();
      const theirs = await ask(otherNewBusiness, REQUEST, { input: enquiry() });
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data.requestSupport.enquiry.business.id).toBe('biz-new-2');
      const mine = await db.prisma.enquiry.findUniqueOrThrow({ where: { businessId_idempotencyKey: { businessId: 'biz-new-1', idempotencyKey: 'enquiry-key-0001' } } });
      expect(theirs.data.requestSupport.enquiry.id).not.toBe(mine.id);
    });
  });

  describe('who sees and answers enquiries', () => {
    let enquiryId: string;
    beforeAll(async () => {
      enquiryId = (await db.prisma.enquiry.findUniqueOrThrow({ where: { businessId_idempotencyKey: { businessId: 'biz-new-1', idempotencyKey: 'enquiry-key-0001' } } })).id;
    });

    it('shows a business only its own enquiries', async () => {
      const mine = await ask(newBusiness, ENQUIRIES);
      expect(mine.errors).toBeUndefined();
      expect(enquiriesOf(mine).length).toBe(2);
      expect(mine.data.me.enquiries.totalCount).toBe(2);
      for (const e of enquiriesOf(mine)) expect(e.business.id).toBe('biz-new-1');
      expect(enquiriesOf(await ask(unregistered, ENQUIRIES))).toEqual([]);
    });

    it("shows partner staff only their organisation's enquiries, and an administrator all", async () => {
      const own = await ask(provider, ENQUIRIES);
      expect(own.errors).toBeUndefined();
      expect(enquiriesOf(own).length).toBe(3);
      for (const e of enquiriesOf(own)) expect(e.provider.id).toBe('growth-hub');
      expect(enquiriesOf(await ask(otherPartner, ENQUIRIES))).toEqual([]);
      expect(enquiriesOf(await ask(admin, ENQUIRIES)).length).toBe(3);
    });

    it.each([
      ['anonymous callers', anonymous, 'UNAUTHENTICATED'],
      ['analysts', analyst, 'FORBIDDEN'],
      ['police staff', police, 'FORBIDDEN'],
      ['partner staff whose token names no organisation', user('partner'), 'FORBIDDEN'],
      ['a business user whose token names no business', user('business'), 'FORBIDDEN'],
    ])('shows %s no enquiry: me.enquiries is null with the code, the rest of me still answers', async (_, identity, code) => {
      const answer = await ask(identity as Identity, `{ me { id permissions enquiries { totalCount } } }`);
      expect(answer.data.me.enquiries).toBeNull();
      expect(answer.data.me.permissions).toBeInstanceOf(Array);
      expect(answer.errors).toMatchObject([{ path: ['me', 'enquiries'], extensions: { code } }]);
    });

    it.each([
      ['a blank answer', () => ({ answer: '' }), 'BAD_USER_INPUT', 'input.answer'],
      ['an answer over 4000 characters', () => ({ answer: 'x'.repeat(4001) }), 'BAD_USER_INPUT', 'input.answer'],
      ['a malformed idempotency key', () => ({ idempotencyKey: 'bad key' }), 'BAD_USER_INPUT', 'input.idempotencyKey'],
      ['an unknown enquiry', () => ({ enquiryId: 'no-such-enquiry' }), 'NOT_FOUND', 'input.enquiryId'],
    ])('refuses %s, naming the field, and changes nothing', async (_, overrides, code, field) => {
      await expectRefused(provider, ANSWER, answering({ enquiryId, ...overrides() }), code, field);
    });

    it("refuses another organisation's staff (NOT_FOUND), administrators and businesses, changing nothing", async () => {
      await expectRefused(otherPartner, ANSWER, answering({ enquiryId, answer: 'Not ours.', idempotencyKey: 'answer-key-0002' }), 'NOT_FOUND', 'input.enquiryId');
      await expectRefused(admin, ANSWER, answering({ enquiryId, answer: 'Admin.', idempotencyKey: 'answer-key-0003' }), 'FORBIDDEN');
      await expectRefused(newBusiness, ANSWER, answering({ enquiryId, answer: 'Myself.', idempotencyKey: 'answer-key-0004' }), 'FORBIDDEN');
    });

    it('lets the provider answer once: a retry returns the answer, another key is refused', async () => {
      const answered = await ask(provider, ANSWER, answering({ enquiryId, answer: 'An adviser will call you this week.' }));
      expect(answered.errors).toBeUndefined();
      expect(answered.data.answerEnquiry).toMatchObject({ replayed: false, enquiry: { id: enquiryId, status: 'ANSWERED', answer: 'An adviser will call you this week.' } });
      expect(Date.parse(answered.data.answerEnquiry.enquiry.answeredAt)).toBeGreaterThan(Date.now() - 60_000);
      const row = await db.prisma.enquiry.findUniqueOrThrow({ where: { id: enquiryId } });
      expect(row.answeredBy).toBe('partner-growth-hub');

      const retry = await ask(provider, ANSWER, answering({ enquiryId, answer: 'An adviser will call you this week.' }));
      expect(retry.data.answerEnquiry).toEqual({ ...answered.data.answerEnquiry, replayed: true });
      const again = await expectRefused(provider, ANSWER, answering({ enquiryId, answer: 'A different answer.', idempotencyKey: 'answer-key-0009' }), 'BAD_USER_INPUT', 'input.enquiryId');
      expect(again.errors![0]!.extensions?.reason).toBe('ALREADY_ANSWERED');

      const mine = await ask(newBusiness, ENQUIRIES);
      expect(enquiriesOf(mine).find((e: any) => e.id === enquiryId)).toMatchObject({ status: 'ANSWERED', answer: 'An adviser will call you this week.' });
      const open = await ask(provider, ENQUIRIES, { status: ['OPEN'] });
      expect(enquiriesOf(open).map((e: any) => e.id)).not.toContain(enquiryId);
      expect(enquiriesOf(open).length).toBe(2);
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
