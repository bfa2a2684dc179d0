// Business profiles and enquiries end to end, through the gateway with real tokens, real
// processes and real databases: a business registers and updates its profile and asks a
// provider for help; the provider's partner staff see and answer the enquiry; the business
// sees the answer. Other organisations, analysts and anonymous callers see none of it; retries
// and races with one idempotency key write one enquiry; bad scalar values are refused at the
// gateway with a code and the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { startHub, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const business: TokenClaims = { sub: 'owner-biz-e2e-1', role: 'business', business_id: 'biz-e2e-1' };
const providerStaff: TokenClaims = { sub: 'growth-hub-adviser-1', role: 'partner', org_id: 'growth-hub' };
const otherPartner: TokenClaims = { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' };
const admin: TokenClaims = { sub: 'admin-1', role: 'admin' };
const analyst: TokenClaims = { sub: 'analyst-1', role: 'analyst' };

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterBusinessInput!) {
    registerBusiness(input: $input) { replayed business { id name sector size district { code } postcode rural contactEmail } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) { business { id name size rural district { code } postcode } }
  }
`;
const REQUEST = /* GraphQL */ `
  mutation Request($input: RequestSupportInput!) {
    requestSupport(input: $input) { replayed enquiry { id status createdAt offer { id title } provider { id name } business { id name } } }
  }
`;
const ANSWER = /* GraphQL */ `
  mutation Answer($input: AnswerEnquiryInput!) {
    answerEnquiry(input: $input) { replayed enquiry { id status answer answeredAt } }
  }
`;
const ENQUIRIES = /* GraphQL */ `
  query Enquiries($first: Int, $after: String, $filter: EnquiryFilter) {
    me {
      enquiries(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id status message contactName contactEmail contactPhone answer answeredAt offer { id } provider { id } business { id name sector } }
      }
    }
  }
`;
const ENQUIRY = /* GraphQL */ `query Enquiry($id: ID!) { enquiry(id: $id) { id status business { id } } }`;

describe('support workflows through the gateway', () => {
  let hub: Hub;
  let tokens: TestTokens;
  let offerId: string;
  let enquiryId: string;

  const as = (claims: TokenClaims | undefined, query: string, variables?: Record<string, unknown>) => tokens.headers(claims).then((headers) => graphql(hub.gateway.url, query, variables, headers));
  const enquiriesOf = async (claims: TokenClaims, variables: Record<string, unknown> = {}) => {
    const response = await as(claims, ENQUIRIES, { first: 100, ...variables });
    expect(response.errors).toBeUndefined();
    return response.data.me.enquiries as { totalCount: number; nodes: any[] };
  };

  const enquiryInput = (idempotencyKey: string) => ({
    offerId,
    message: 'Please help us get Cyber Essentials.',
    contactName: 'Sam Sample',
    contactEmail: 'sam@example.com',
    contactPhone: '07700 900123',
    idempotencyKey,
  });

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub('pglite', tokens.gatewayEnv);
    const offers = await graphql(hub.gateway.url, `{ supportOffers(first: 100) { nodes { id provider { id } } } }`);
    offerId = offers.data.supportOffers.nodes.find((o: any) => o.provider.id === 'growth-hub').id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('lets a business user register its own business, under its token’s business_id', async () => {
    const input = {
      name: 'Example Bakery (synthetic)',
      sector: 'RETAIL',
      size: 'MICRO',
      district: 'E07000197',
      postcode: 'st16 2ab',
      contactEmail: 'owner@example.com',
      idempotencyKey: 'e2e-register-0001',
    };
    const response = await as(business, REGISTER, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data.registerBusiness).toEqual({
      replayed: false,
      business: {
        id: 'biz-e2e-1',
        name: 'Example Bakery (synthetic)',
        sector: 'RETAIL',
        size: 'MICRO',
        district: { code: 'E07000197' },
        postcode: 'ST16 2AB',
        rural: false,
        contactEmail: 'owner@example.com',
      },
    });
    const retry = await as(business, REGISTER, { input });
    expect(retry.data.registerBusiness).toMatchObject({ replayed: true, business: { id: 'biz-e2e-1' } });
  });

  it('refuses a postcode outside the area with its code and field', async () => {
    const input = { name: 'Elsewhere Ltd', sector: 'RETAIL', size: 'MICRO', district: 'E07000197', postcode: 'B1 1AA', idempotencyKey: 'e2e-register-0002' };
    const response = await as({ ...business, sub: 'owner-biz-e2e-9', business_id: 'biz-e2e-9' }, REGISTER, { input });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'POSTCODE_OUTSIDE_AREA', field: 'input.postcode' });
  });

  it.each([
    [
      'a malformed postcode in a variable',
      REGISTER,
      { input: { name: 'X', sector: 'RETAIL', size: 'MICRO', postcode: 'not a postcode', idempotencyKey: 'e2e-register-0003' } },
      'INVALID_POSTCODE',
      'input.postcode',
    ],
    ['a malformed postcode in a literal', 'mutation { updateBusiness(input: { postcode: "ST16" }) { business { id } } }', undefined, 'INVALID_POSTCODE', 'input.postcode'],
    ['a postcode with a NUL in it', UPDATE, { input: { postcode: 'ST16\u0000 2AB' } }, 'BAD_USER_INPUT', 'input.postcode'],
    ['a malformed date-time in a filter', ENQUIRIES, { filter: { createdAt: { from: '1 November 2026' } } }, 'BAD_USER_INPUT', 'filter.createdAt.from'],
    ['a date-time with no offset in a literal', '{ me { enquiries(filter: { createdAt: { to: "2026-11-01T09:00:00" } }) { totalCount } } }', undefined, 'BAD_USER_INPUT', 'filter.createdAt.to'],
  ])('refuses %s at the gateway: HTTP 400, its code and field, nothing asked of the subgraph', async (_, query, variables, code, field) => {
    const response = await as(business, query, variables);
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code, field }) })]);
  });

  it('lets the business update its profile, and remove its postcode', async () => {
    const response = await as(business, UPDATE, { input: { name: 'Example Bakery & Café (synthetic)', size: 'SMALL' } });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateBusiness.business).toEqual({
      id: 'biz-e2e-1',
      name: 'Example Bakery & Café (synthetic)',
      size: 'SMALL',
      rural: false,
      district: { code: 'E07000197' },
      postcode: 'ST16 2AB',
    });
    const both = await as(business, UPDATE, { input: { postcode: 'ST16 2AB', removePostcode: true } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.removePostcode' });
    const removed = await as(business, UPDATE, { input: { removePostcode: true } });
    expect(removed.data.updateBusiness.business).toMatchObject({ district: { code: 'E07000197' }, postcode: null });
    const back = await as(business, UPDATE, { input: { postcode: 'ST16 2AB' } });
    expect(back.data.updateBusiness.business).toMatchObject({ district: { code: 'E07000197' }, postcode: 'ST16 2AB' });
  });

  it("sends an enquiry to the offer's provider; a retry with the same key returns the same enquiry", async () => {
    const first = await as(business, REQUEST, { input: enquiryInput('e2e-enquiry-0001') });
    expect(first.errors).toBeUndefined();
    expect(first.data.requestSupport).toMatchObject({
      replayed: false,
      enquiry: { status: 'OPEN', offer: { id: offerId }, provider: { id: 'growth-hub' }, business: { id: 'biz-e2e-1', name: 'Example Bakery & Café (synthetic)' } },
    });
    expect(Date.parse(first.data.requestSupport.enquiry.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    enquiryId = first.data.requestSupport.enquiry.id;
    const retry = await as(business, REQUEST, { input: enquiryInput('e2e-enquiry-0001') });
    expect(retry.data.requestSupport).toMatchObject({ replayed: true, enquiry: { id: enquiryId } });
  });

  it('refuses an unknown offer with NOT_FOUND naming the field', async () => {
    const response = await as(business, REQUEST, { input: { ...enquiryInput('e2e-enquiry-0404'), offerId: 'no-such-offer' } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.offerId' });
  });

  it('creates one enquiry from a race of five submissions with one key', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => as(business, REQUEST, { input: enquiryInput('e2e-enquiry-race') })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data.requestSupport.enquiry.id)).size).toBe(1);
    expect((await enquiriesOf(business)).totalCount).toBe(2);
  });

  it('pages the business’s enquiries newest first, one at a time', async () => {
    const first = await as(business, ENQUIRIES, { first: 1 });
    expect(first.data.me.enquiries).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await as(business, ENQUIRIES, { first: 1, after: first.data.me.enquiries.pageInfo.endCursor });
    expect(second.data.me.enquiries).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false }, nodes: [{ id: enquiryId }] });
    expect(first.data.me.enquiries.nodes[0].id).not.toBe(enquiryId);
  });

  it("shows the provider's partner staff the enquiries to their offers, with the business and contact", async () => {
    const open = await enquiriesOf(providerStaff, { filter: { status: ['OPEN'] } });
    const ids = open.nodes.map((e: any) => e.id);
    expect(ids).toContain(enquiryId);
    expect(open.totalCount).toBe(2);
    const ours = open.nodes.find((e: any) => e.id === enquiryId);
    expect(ours).toMatchObject({
      contactName: 'Sam Sample',
      contactEmail: 'sam@example.com',
      contactPhone: '07700900123',
      provider: { id: 'growth-hub' },
      business: { id: 'biz-e2e-1', sector: 'RETAIL' },
    });
    expect((await as(providerStaff, ENQUIRY, { id: enquiryId })).data.enquiry).toMatchObject({ id: enquiryId, business: { id: 'biz-e2e-1' } });
  });

  it('shows partner staff of another organisation nothing, and does not let them answer', async () => {
    expect(await enquiriesOf(otherPartner)).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await as(otherPartner, ENQUIRY, { id: enquiryId })).data).toEqual({ enquiry: null });
    const answer = await as(otherPartner, ANSWER, { input: { enquiryId, answer: 'Not ours to answer.', idempotencyKey: 'e2e-answer-other' } });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.enquiryId' });
  });

  it('lets the provider answer, and the business see the answer', async () => {
    const input = { enquiryId, answer: 'An adviser will call you this week.', idempotencyKey: 'e2e-answer-0001' };
    const answered = await as(providerStaff, ANSWER, { input });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerEnquiry).toMatchObject({ replayed: false, enquiry: { id: enquiryId, status: 'ANSWERED', answer: 'An adviser will call you this week.' } });
    const retry = await as(providerStaff, ANSWER, { input });
    expect(retry.data.answerEnquiry).toEqual({ ...answered.data.answerEnquiry, replayed: true });

    const mine = await enquiriesOf(business);
    expect(mine.nodes.find((e: any) => e.id === enquiryId)).toMatchObject({
      status: 'ANSWERED',
      answer: 'An adviser will call you this week.',
      provider: { id: 'growth-hub' },
      offer: { id: offerId },
    });
    expect((await enquiriesOf(business, { filter: { status: ['ANSWERED'] } })).nodes.map((e: any) => e.id)).toEqual([enquiryId]);
  });

  it("shows an administrator every organisation's enquiries", async () => {
    expect((await enquiriesOf(admin)).totalCount).toBe(2);
    expect((await as(admin, ENQUIRY, { id: enquiryId })).data.enquiry).toMatchObject({ id: enquiryId, status: 'ANSWERED' });
  });

  it.each([
    ['an analyst', analyst, 'FORBIDDEN'],
    ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
  ])('shows %s no enquiry and no profile, and still the directory', async (_, claims, code) => {
    const response = await as(
      claims,
      `{ me { id enquiries { totalCount } } enquiry(id: "${enquiryId}") { id } business(id: "biz-e2e-1") { id } supportOffers(filter: { workstream: PURSUE }) { nodes { id } } }`,
    );
    expect(response.data.supportOffers.nodes.length).toBeGreaterThan(0);
    expect(response.data.me).toEqual({ id: claims?.sub ?? 'anonymous', enquiries: null });
    expect(response.data.enquiry).toBeNull();
    expect(response.data.business).toBeNull();
    const codes = Object.fromEntries((response.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]));
    expect(codes).toEqual({ 'me.enquiries': code, enquiry: code, business: code });
  });

  it.each([
    ['an analyst', analyst, 'FORBIDDEN'],
    ['partner staff', providerStaff, 'FORBIDDEN'],
    ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
  ])('refuses %s sending an enquiry', async (_, claims, code) => {
    const response = await as(claims, REQUEST, { input: enquiryInput('e2e-enquiry-refused') });
    expect(response.data?.requestSupport ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
  });
});
