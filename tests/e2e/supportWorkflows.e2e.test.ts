// Business profiles and enquiries end to end, through the gateway with real tokens, real
// processes and real databases: a business registers and updates its profile and asks a
// provider for help; the provider's partner staff see and answer the enquiry; the business
// sees the answer. Other organisations, analysts and anonymous callers see none of it; retries
// and races with one idempotency key write one enquiry.
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
    registerBusiness(input: $input) { id name sector size districtCode postcode rural contactEmail }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateBusinessInput!) {
    updateBusiness(input: $input) { id name size rural }
  }
`;
const REQUEST = /* GraphQL */ `
  mutation Request($input: RequestSupportInput!) {
    requestSupport(input: $input) { id status offer { id title } provider { id name } business { id name } }
  }
`;
const ANSWER = /* GraphQL */ `
  mutation Answer($id: ID!, $answer: String!, $key: String!) {
    answerEnquiry(id: $id, answer: $answer, idempotencyKey: $key) { id status answer answeredAt }
  }
`;
const MINE = /* GraphQL */ `{ myEnquiries { id status answer answeredAt offer { id } provider { id } } }`;
const FOR_ORG = /* GraphQL */ `
  query ForOrg($status: EnquiryStatus) {
    enquiriesForMyOrganization(status: $status) { id status message contactName contactEmail contactPhone provider { id } business { id name sector } }
  }
`;

describe('support workflows through the gateway', () => {
  let hub: Hub;
  let tokens: TestTokens;
  let offerId: string;
  let enquiryId: string;

  const as = (claims: TokenClaims | undefined, query: string, variables?: Record<string, unknown>) =>
    tokens.headers(claims).then((headers) => graphql(hub.gateway.url, query, variables, headers));

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
    const offers = await graphql(hub.gateway.url, `{ supportOffers { id provider { id } } }`);
    offerId = offers.data.supportOffers.find((o: any) => o.provider.id === 'growth-hub').id;
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('lets a business user register its own business, under its token’s business_id', async () => {
    const input = { name: 'Example Bakery (synthetic)', sector: 'RETAIL', size: 'MICRO', district: 'E07000197', postcode: 'ST16 2AB', contactEmail: 'owner@example.com', idempotencyKey: 'e2e-register-0001' };
    const response = await as(business, REGISTER, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data.registerBusiness).toEqual({ id: 'biz-e2e-1', name: 'Example Bakery (synthetic)', sector: 'RETAIL', size: 'MICRO', districtCode: 'E07000197', postcode: 'ST16 2AB', rural: false, contactEmail: 'owner@example.com' });
    const retry = await as(business, REGISTER, { input });
    expect(retry.data.registerBusiness.id).toBe('biz-e2e-1');
  });

  it('refuses a bad input through the gateway with its code and field', async () => {
    const input = { name: 'Elsewhere Ltd', sector: 'RETAIL', size: 'MICRO', district: 'E07000197', postcode: 'B1 1AA', idempotencyKey: 'e2e-register-0002' };
    const response = await as({ ...business, sub: 'owner-biz-e2e-9', business_id: 'biz-e2e-9' }, REGISTER, { input });
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'POSTCODE_OUTSIDE_AREA', field: 'input.postcode' });
  });

  it('lets the business update its profile', async () => {
    const response = await as(business, UPDATE, { input: { name: 'Example Bakery & Café (synthetic)', size: 'SMALL' } });
    expect(response.errors).toBeUndefined();
    expect(response.data.updateBusiness).toEqual({ id: 'biz-e2e-1', name: 'Example Bakery & Café (synthetic)', size: 'SMALL', rural: false });
  });

  it("sends an enquiry to the offer's provider; a retry with the same key returns the same enquiry", async () => {
    const first = await as(business, REQUEST, { input: enquiryInput('e2e-enquiry-0001') });
    expect(first.errors).toBeUndefined();
    expect(first.data.requestSupport).toMatchObject({ status: 'OPEN', offer: { id: offerId }, provider: { id: 'growth-hub' }, business: { id: 'biz-e2e-1', name: 'Example Bakery & Café (synthetic)' } });
    enquiryId = first.data.requestSupport.id;
    const retry = await as(business, REQUEST, { input: enquiryInput('e2e-enquiry-0001') });
    expect(retry.data.requestSupport.id).toBe(enquiryId);
  });

  it('refuses an unknown offer with NOT_FOUND naming the field', async () => {
    const response = await as(business, REQUEST, { input: { ...enquiryInput('e2e-enquiry-0404'), offerId: 'no-such-offer' } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.offerId' });
  });

  it('creates one enquiry from a race of five submissions with one key', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => as(business, REQUEST, { input: enquiryInput('e2e-enquiry-race') })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data.requestSupport.id)).size).toBe(1);
    const mine = await as(business, MINE);
    expect(mine.data.myEnquiries.length).toBe(2);
  });

  it("shows the provider's partner staff the enquiries to their offers, with the business and contact", async () => {
    const response = await as(providerStaff, FOR_ORG, { status: 'OPEN' });
    expect(response.errors).toBeUndefined();
    const ids = response.data.enquiriesForMyOrganization.map((e: any) => e.id);
    expect(ids).toContain(enquiryId);
    expect(ids.length).toBe(2);
    const ours = response.data.enquiriesForMyOrganization.find((e: any) => e.id === enquiryId);
    expect(ours).toMatchObject({ contactName: 'Sam Sample', contactEmail: 'sam@example.com', contactPhone: '07700900123', provider: { id: 'growth-hub' }, business: { id: 'biz-e2e-1', sector: 'RETAIL' } });
  });

  it('shows partner staff of another organisation nothing, and does not let them answer', async () => {
    const response = await as(otherPartner, FOR_ORG);
    expect(response.errors).toBeUndefined();
    expect(response.data.enquiriesForMyOrganization).toEqual([]);
    const answer = await as(otherPartner, ANSWER, { id: enquiryId, answer: 'Not ours to answer.', key: 'e2e-answer-other' });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('lets the provider answer, and the business see the answer', async () => {
    const answered = await as(providerStaff, ANSWER, { id: enquiryId, answer: 'An adviser will call you this week.', key: 'e2e-answer-0001' });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerEnquiry).toMatchObject({ id: enquiryId, status: 'ANSWERED', answer: 'An adviser will call you this week.' });
    const retry = await as(providerStaff, ANSWER, { id: enquiryId, answer: 'An adviser will call you this week.', key: 'e2e-answer-0001' });
    expect(retry.data.answerEnquiry).toEqual(answered.data.answerEnquiry);

    const mine = await as(business, MINE);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.myEnquiries.find((e: any) => e.id === enquiryId)).toMatchObject({ status: 'ANSWERED', answer: 'An adviser will call you this week.', provider: { id: 'growth-hub' }, offer: { id: offerId } });
  });

  it("shows an administrator every organisation's enquiries", async () => {
    const response = await as(admin, FOR_ORG);
    expect(response.errors).toBeUndefined();
    expect(response.data.enquiriesForMyOrganization.length).toBe(2);
  });

  it.each([
    ['an analyst', analyst, 'FORBIDDEN'],
    ['an anonymous caller', undefined, 'UNAUTHENTICATED'],
  ])('shows %s no enquiry and no profile', async (_, claims, code) => {
    const response = await as(claims, `{ myEnquiries { id } enquiriesForMyOrganization { id } business(id: "biz-e2e-1") { id } supportOffers(workstream: PURSUE) { id } }`);
    expect(response.data.supportOffers.length).toBeGreaterThan(0);
    for (const field of ['myEnquiries', 'enquiriesForMyOrganization', 'business']) {
      expect(response.data[field]).toBeNull();
      expect(response.errors?.find((e) => e.path?.[0] === field)?.extensions?.code).toBe(code);
    }
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
