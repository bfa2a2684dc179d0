// Referrals in the victims subgraph: accepted once per crime report from the police relay only,
// seen by the receiving service's staff, and contact recorded once per key.
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
  mutation ($input: AcceptReferralInput!) { acceptReferral(input: $input) { id reportReference service { id } } }
`;
const list = /* GraphQL */ `{ referralsForMyService { id reportReference contactName crimeType { code } districtCode contactMadeAt contactNote service { id name } } }`;
const contact = /* GraphQL */ `
  mutation ($id: ID!, $note: String!, $key: String!) { recordContactMade(referralId: $id, note: $note, idempotencyKey: $key) { id contactMadeAt contactNote } }
`;

const referral = (reportReference: string) => ({
  reportReference,
  businessId: 'biz-0001',
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  contactPhone: '07700900123',
  crimeTypeCode: 'shoplifting',
  districtCode: 'E07000197',
});

describe('victims: referrals', () => {
  let db: VictimsDb;
  let app: Awaited<ReturnType<typeof createServer>>;

  const post = async (identity: Identity, query: string, variables: Record<string, unknown> = {}) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'victims' }, identity, payload) }, payload });
    return response.json() as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
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
    expect(answers[0]!.data.acceptReferral.service.id).toBe('staffordshire-victim-gateway');
    expect(await db.prisma.referral.count({ where: { reportReference: 'BCH-26-000101' } })).toBe(1);
  });

  it('takes referrals only from the police relay', async () => {
    for (const [identity, code] of [[officer, 'FORBIDDEN'], [gatewayStaff, 'FORBIDDEN'], [{ kind: 'anonymous' } as Identity, 'UNAUTHENTICATED']] as const) {
      const { errors } = await post(identity, accept, { input: referral('BCH-26-000102') });
      expect(errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await db.prisma.referral.count({ where: { reportReference: 'BCH-26-000102' } })).toBe(0);
  });

  it("the service's staff see its referrals and record contact once per key; other organisations see none", async () => {
    const mine = await post(gatewayStaff, list);
    expect(mine.errors).toBeUndefined();
    const found = mine.data.referralsForMyService.find((r: { reportReference: string }) => r.reportReference === 'BCH-26-000101');
    expect(found).toMatchObject({ contactName: 'Alex Example', crimeType: { code: 'shoplifting' }, contactMadeAt: null, service: { id: 'staffordshire-victim-gateway' } });
    expect((await post(otherStaff, list)).data.referralsForMyService).toEqual([]);
    expect((await post(business, list)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const variables = { id: found.id, note: 'Called Alex; support visit booked.', key: 'contact-key-0001' };
    const first = await post(gatewayStaff, contact, variables);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordContactMade.contactMadeAt).toEqual(expect.any(String));
    const again = await post(gatewayStaff, contact, variables);
    expect(again.data.recordContactMade.contactMadeAt).toBe(first.data.recordContactMade.contactMadeAt);
    expect(await db.prisma.referralContact.count({ where: { referralId: found.id } })).toBe(1);

    const denied = await post(otherStaff, contact, { ...variables, key: 'contact-key-0002' });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'referralId' });
    const blank = await post(gatewayStaff, contact, { ...variables, note: ' ', key: 'contact-key-0003' });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(await db.prisma.referralContact.count({ where: { referralId: found.id } })).toBe(1);
  });
});
