// Reporting a business crime end to end through the gateway, with the roles each step needs: a
// business user reports (idempotently, validated field by field), police staff add updates and an
// outcome, the business reads its timeline, the referral reaches the victim service, whose staff
// see it and record contact. The victims' internal acceptReferral is never exposed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { startHubWithReferrals, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const business: TokenClaims = { sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' };
const otherBusiness: TokenClaims = { sub: 'owner-biz-0002', role: 'business', business_id: 'biz-0002' };
const police: TokenClaims = { sub: 'pc-1234', role: 'police' };
const victimGatewayStaff: TokenClaims = { sub: 'vg-staff-1', role: 'partner', org_id: 'victim-gateway' };
const otherPartner: TokenClaims = { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' };
const analyst: TokenClaims = { sub: 'analyst-1', role: 'analyst' };

const reportMutation = /* GraphQL */ `
  mutation Report($input: ReportBusinessCrimeInput!) {
    reportBusinessCrime(input: $input) {
      replayed
      crimeReport {
        reference meetsNpccDefinition priority nextStep status occurredAt loss { amount currencyCode }
        business { id } crimeType { code name } district { code name }
        evidenceToPreserve { kind title }
      }
    }
  }
`;
const updateMutation = /* GraphQL */ `
  mutation Update($input: AddCrimeReportUpdateInput!) {
    addCrimeReportUpdate(input: $input) { replayed crimeReportUpdate { id kind outcome { code } } crimeReport { reference status } }
  }
`;
const timelineQuery = /* GraphQL */ `
  query Timeline($reference: ID!) { crimeReport(reference: $reference) { reference status outcome { code name } timeline { kind message outcome { code } at } } }
`;
const referralsQuery = /* GraphQL */ `
  {
    me {
      referrals(first: 100) {
        totalCount
        nodes { id crimeReference contactName contactMadeAt contactNote service { name } crimeType { code name } district { code name } business { id name } }
      }
    }
  }
`;
const referralQuery = /* GraphQL */ `query Referral($id: ID!) { referral(id: $id) { id crimeReference } }`;
const contactMutation = /* GraphQL */ `
  mutation Contact($input: RecordContactMadeInput!) { recordContactMade(input: $input) { replayed referral { id contactMadeAt contactNote } } }
`;

const input = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  crimeType: 'burglary',
  occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
  postcode: 'ST16 2AB',
  narrative: 'The rear door was forced overnight and the till float taken.',
  loss: { amount: '350' },
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  impactStatementWanted: true,
  referralConsent: true,
  ...overrides,
});

describe('business crime reports through the gateway', () => {
  let hub: Hub;
  let tokens: TestTokens;
  const ask = async (claims: TokenClaims | undefined, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(claims));
  const reportCount = async () => (await ask(police, '{ crimeReports { totalCount } }')).data!.crimeReports.totalCount as number;

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHubWithReferrals('pglite', tokens.gatewayEnv, { policeEnv: { REFERRAL_RELAY_INTERVAL_MS: '100', REFERRAL_RELAY_MAX_BACKOFF_MS: '500' } });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  let reference: string;

  it('a business user reports a crime and gets a reference, the NPCC flag, a priority, the next step and the evidence to preserve', async () => {
    const before = await reportCount();
    const occurredAt = new Date(Date.now() - 86_400_000);
    const { data, errors } = await ask(business, reportMutation, { input: input({ occurredAt: occurredAt.toISOString().replace('Z', '+00:00') }) });
    expect(errors).toBeUndefined();
    expect(data!.reportBusinessCrime.replayed).toBe(false);
    reference = data!.reportBusinessCrime.crimeReport.reference;
    expect(reference).toMatch(/^BCH-\d{2}-\d{6}$/);
    expect(data!.reportBusinessCrime.crimeReport).toMatchObject({
      occurredAt: occurredAt.toISOString(),
      loss: { amount: '350.00', currencyCode: 'GBP' },
      meetsNpccDefinition: true,
      priority: 'STANDARD',
      status: 'RECEIVED',
      nextStep: expect.stringContaining('within 24 hours'),
      business: { id: 'biz-0001' },
      crimeType: { code: 'burglary' },
      district: { code: 'E07000197' },
    });
    expect(data!.reportBusinessCrime.crimeReport.evidenceToPreserve.length).toBeGreaterThan(0);
    expect(await reportCount()).toBe(before + 1);
  });

  it('A report, retried with the same key, and raced with the same key, yields exactly one.', async () => {
    const before = await reportCount();
    const same = input();
    const first = await ask(business, reportMutation, { input: same });
    const retry = await ask(business, reportMutation, { input: same });
    expect(retry.data!.reportBusinessCrime).toMatchObject({ replayed: true, crimeReport: { reference: first.data!.reportBusinessCrime.crimeReport.reference } });
    const raced = input();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask(business, reportMutation, { input: raced })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data!.reportBusinessCrime.crimeReport.reference)).size).toBe(1);
    expect(answers.filter((a) => !a.data!.reportBusinessCrime.replayed)).toHaveLength(1);
    expect(await reportCount()).toBe(before + 2);
  });

  it.each([
    ['a future date', { occurredAt: '2099-01-01T00:00:00Z' }, 'input.occurredAt', 'BAD_USER_INPUT'],
    ['a date that is no DateTime', { occurredAt: 'last tuesday' }, 'input.occurredAt', 'BAD_USER_INPUT'],
    ['a negative loss', { loss: { amount: '-5' } }, 'input.loss.amount', 'BAD_USER_INPUT'],
    ['a loss that is no Decimal', { loss: { amount: '12.345' } }, 'input.loss.amount', 'BAD_USER_INPUT'],
    ['a malformed postcode', { postcode: 'XX' }, 'input.postcode', 'INVALID_POSTCODE'],
    ['a bad email', { contactEmail: 'alex.example.com' }, 'input.contactEmail', 'BAD_USER_INPUT'],
    ['an unknown crime type', { crimeType: 'burglery' }, 'input.crimeType', 'UNKNOWN_CRIME_TYPE'],
    ['no point of contact', { contactName: ' ' }, 'input.contactName', 'BAD_USER_INPUT'],
  ])('refuses %s, naming the field, and writes nothing', async (_, overrides, field, code) => {
    const before = await reportCount();
    const { data, errors } = await ask(business, reportMutation, { input: input(overrides) });
    expect(data?.reportBusinessCrime ?? null).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await reportCount()).toBe(before);
  });

  it("refuses a malformed scalar written in the document itself with the scalar's code, naming the argument path", async () => {
    const before = await reportCount();
    const literal = (postcode: string, occurredAt: string) => /* GraphQL */ `
      mutation {
        reportBusinessCrime(input: {
          idempotencyKey: "${randomUUID()}", crimeType: "burglary", occurredAt: "${occurredAt}", postcode: "${postcode}",
          narrative: "The rear door was forced overnight.", contactName: "Alex Example", contactEmail: "alex@example.com",
          impactStatementWanted: false, referralConsent: false
        }) { crimeReport { reference } }
      }
    `;
    const postcode = await ask(business, literal('XX', '2026-11-20T14:30:00Z'));
    expect(postcode.status).toBe(400);
    expect(postcode.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_POSTCODE', field: 'input.postcode' });
    expect(postcode.errors?.[0]?.message).toMatch(/"XX" is not a full UK postcode such as "ST16 2AB"/);
    const date = await ask(business, literal('ST16 2AB', '20/11/2026'));
    expect(date.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.occurredAt' });
    expect(await reportCount()).toBe(before);
  });

  it('only a business user may report: anonymous UNAUTHENTICATED, other roles FORBIDDEN', async () => {
    const before = await reportCount();
    expect((await ask(undefined, reportMutation, { input: input() })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const claims of [police, victimGatewayStaff, analyst]) {
      expect((await ask(claims, reportMutation, { input: input() })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await reportCount()).toBe(before);
  });

  it('police staff add an update and an outcome; the business sees its timeline; others cannot', async () => {
    const update = { idempotencyKey: randomUUID(), reference, message: 'An officer has collected the CCTV footage.' };
    expect((await ask(police, updateMutation, { input: update })).data!.addCrimeReportUpdate).toMatchObject({
      replayed: false,
      crimeReportUpdate: { kind: 'UPDATE' },
      crimeReport: { reference, status: 'UNDER_INVESTIGATION' },
    });
    expect((await ask(police, updateMutation, { input: update })).data!.addCrimeReportUpdate.replayed).toBe(true); // a retry
    const outcome = await ask(police, updateMutation, { input: { idempotencyKey: randomUUID(), reference, message: 'A suspect has been charged.', outcomeCode: 'offender-charged' } });
    expect(outcome.data!.addCrimeReportUpdate).toMatchObject({ crimeReportUpdate: { kind: 'OUTCOME', outcome: { code: 'offender-charged' } } });
    expect((await ask(business, updateMutation, { input: { ...update, idempotencyKey: randomUUID() } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { data } = await ask(business, timelineQuery, { reference });
    expect(data!.crimeReport).toMatchObject({ status: 'UNDER_INVESTIGATION', outcome: { code: 'offender-charged' } });
    expect(data!.crimeReport.timeline.map((e: { kind: string }) => e.kind)).toEqual(['RECEIVED', 'UPDATE', 'OUTCOME']);
    expect((await ask(otherBusiness, timelineQuery, { reference })).data!.crimeReport).toBeNull();
  });

  it("the business follows its reports as me.crimeReports, newest first; the police's work list finds the report by its filters; the business may not read the work list", async () => {
    const mine = await ask(business, '{ me { crimeReports(first: 3) { totalCount nodes { reference status business { id } } } } }');
    expect(mine.errors).toBeUndefined();
    // The seed's 4 reports of biz-0001, and the 3 made above (the first, the retried one, the raced one).
    expect(mine.data!.me.crimeReports.totalCount).toBe(7);
    expect(mine.data!.me.crimeReports.nodes.map((n: { business: { id: string } }) => n.business.id)).toEqual(['biz-0001', 'biz-0001', 'biz-0001']);
    expect(mine.data!.me.crimeReports.nodes[2]).toMatchObject({ reference, status: 'UNDER_INVESTIGATION' });
    const denied = await ask(business, '{ crimeReports { totalCount } }');
    expect(denied.data?.crimeReports ?? null).toBeNull();
    expect(denied.errors?.[0]).toMatchObject({ path: ['crimeReports'], extensions: { code: 'FORBIDDEN' } });
    expect((await ask(police, '{ me { crimeReports { totalCount } } }')).errors?.[0]).toMatchObject({ path: ['me', 'crimeReports'], extensions: { code: 'FORBIDDEN' } });

    const workList = /* GraphQL */ `
      query WorkList($filter: CrimeReportFilter) {
        crimeReports(first: 10, filter: $filter) { totalCount nodes { reference status crimeType { code } district { code } } }
      }
    `;
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const found = await ask(police, workList, { filter: { status: ['UNDER_INVESTIGATION'], crimeType: ['burglary'], district: ['E07000197'], reportedAt: { from: since } } });
    expect(found.errors).toBeUndefined();
    expect(found.data!.crimeReports).toEqual({ totalCount: 1, nodes: [{ reference, status: 'UNDER_INVESTIGATION', crimeType: { code: 'burglary' }, district: { code: 'E07000197' } }] });
    const unknown = await ask(police, workList, { filter: { district: ['E09999999'] } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.district' });
    const badPeriod = await ask(police, workList, { filter: { reportedAt: { from: 'yesterday' } } });
    expect(badPeriod.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.reportedAt.from' });
  });

  it('the referral reaches the victim service: its staff see it and record contact; others do not', async () => {
    const referralsOf = async (claims: TokenClaims) => (await ask(claims, referralsQuery)).data?.me?.referrals?.nodes ?? [];
    await expect.poll(async () => (await referralsOf(victimGatewayStaff)).filter((r: { crimeReference: string }) => r.crimeReference === reference).length, { timeout: 20_000, interval: 250 }).toBe(1);
    const { data, errors } = await ask(victimGatewayStaff, referralsQuery);
    expect(errors).toBeUndefined();
    // Every consented report so far (1 + the retried one + the raced one) arrived exactly once.
    expect(data!.me.referrals.totalCount).toBe(3);
    const referrals = data!.me.referrals.nodes;
    expect(referrals).toHaveLength(3);
    const referral = referrals.find((r: { crimeReference: string }) => r.crimeReference === reference);
    // Its references resolve across the graph: the crime type and district from the police, the business from the Growth Hub.
    expect(referral).toMatchObject({
      contactName: 'Alex Example',
      service: { name: 'Staffordshire Victim Gateway' },
      crimeType: { code: 'burglary', name: expect.any(String) },
      district: { code: 'E07000197', name: 'Stafford' },
      business: { id: 'biz-0001', name: expect.any(String) },
      contactMadeAt: null,
    });
    expect((await ask(victimGatewayStaff, referralQuery, { id: referral.id })).data!.referral).toEqual({ id: referral.id, crimeReference: reference });

    const input = { referralId: referral.id, note: 'Spoke to Alex; support and a security survey arranged.', idempotencyKey: randomUUID() };
    const recorded = await ask(victimGatewayStaff, contactMutation, { input });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordContactMade.replayed).toBe(false);
    const replay = await ask(victimGatewayStaff, contactMutation, { input });
    expect(replay.data!.recordContactMade).toEqual({ ...recorded.data!.recordContactMade, replayed: true });

    expect((await ask(otherPartner, referralsQuery)).data!.me.referrals).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await ask(otherPartner, referralQuery, { id: referral.id })).data!.referral).toBeNull();
    expect((await ask(otherPartner, contactMutation, { input: { ...input, idempotencyKey: randomUUID() } })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.referralId' });
    // Other roles get `me` without referrals: that field alone is refused.
    for (const [claims, code] of [
      [business, 'FORBIDDEN'],
      [police, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ] as const) {
      const refused = await ask(claims, referralsQuery);
      expect(refused.data!.me).toEqual({ referrals: null });
      expect(refused.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['me', 'referrals'], code]]);
    }
  });

  it("the gateway never exposes the victims' internal acceptReferral", async () => {
    const { errors, data } = await ask(
      police,
      'mutation { acceptReferral(input: { reportReference: "BCH-26-999999", businessId: "biz-0001", contactName: "X", crimeTypeCode: "burglary", districtCode: "E07000197" }) { id } }',
    );
    expect(data ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
