// One partner's missing row never nulls a whole answer, end to end through the gateway on fresh
// databases (in-memory PGlite, and PostgreSQL when TEST_DATABASE_URL is set). A business that
// has not registered a profile with the support subgraph still reports a crime and books
// training: it gets its crime reference and its booking, with one NOT_FOUND error on the path of
// the business profile only, and the police list of reports, the business's own list and the
// session's attendees still answer for everyone.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, type GraphQLResponse } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A business user whose business has no profile in the support subgraph. */
const unregistered: TokenClaims = { sub: 'owner-biz-unregistered', role: 'business', business_id: 'biz-unregistered-1' };
const police: TokenClaims = { sub: 'pc-1234', role: 'police' };
const admin: TokenClaims = { sub: 'admin-1', role: 'admin' };

/** A seeded upcoming session with seats. */
const session = 'sess-intro-03';

const report = /* GraphQL */ `
  mutation Report($input: ReportBusinessCrimeInput!) {
    reportBusinessCrime(input: $input) { replayed crimeReport { reference priority business { id name } crimeType { code } } }
  }
`;
const reports = /* GraphQL */ `{ crimeReports(first: 100) { nodes { reference business { id name } } } }`;
const myReports = /* GraphQL */ `{ me { crimeReports { edges { node { reference business { id name } } } } } }`;
const book = /* GraphQL */ `
  mutation Book($input: BookTrainingSessionInput!) {
    bookTrainingSession(input: $input) { replayed booking { id status business { id name } session { id } } }
  }
`;
const mine = /* GraphQL */ `{ me { bookings { nodes { id business { id name } } } } }`;
const attendees = /* GraphQL */ `query Attendees($id: ID!) { trainingSession(id: $id) { bookings(first: 100) { nodes { id business { id name } } } } }`;

const reportInput = (idempotencyKey = randomUUID()) => ({
  idempotencyKey,
  crimeType: 'shoplifting',
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  district: 'E07000197',
  narrative: 'Two people took razor blades from the display and ran.',
  loss: { amount: '80' },
  contactName: 'Robin Example',
  contactEmail: 'robin@example.com',
  impactStatementWanted: false,
  referralConsent: false,
});

/** The errors of an answer, as code and path: one partner's missing row is an error on its own path. */
const errorsOf = (answer: GraphQLResponse) => (answer.errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path }));

describe.each(backends)('a business with no registered profile, through the gateway on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;
  const ask = async (who: TokenClaims, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(who));

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub(backend, tokens.gatewayEnv);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  let reference: string;

  it('reports a crime and gets its reference, with a NOT_FOUND error on the business only; a retry gets the same', async () => {
    const input = reportInput();
    const answer = await ask(unregistered, report, { input });
    expect(answer.data?.reportBusinessCrime).toMatchObject({
      replayed: false,
      crimeReport: { reference: expect.stringMatching(/^BCH-\d{2}-\d{6}$/), business: null, crimeType: { code: 'shoplifting' } },
    });
    expect(errorsOf(answer)).toEqual([{ code: 'NOT_FOUND', path: ['reportBusinessCrime', 'crimeReport', 'business'] }]);
    expect(answer.errors![0]!.message).toMatch(/registerBusiness/);
    reference = answer.data!.reportBusinessCrime.crimeReport.reference;

    const retry = await ask(unregistered, report, { input });
    expect(retry.data?.reportBusinessCrime).toMatchObject({ replayed: true, crimeReport: { reference, business: null } });
    expect(errorsOf(retry)).toEqual([{ code: 'NOT_FOUND', path: ['reportBusinessCrime', 'crimeReport', 'business'] }]);
  });

  it("the police list of reports still answers, with the error on that report's business only", async () => {
    const answer = await ask(police, reports);
    const list = answer.data?.crimeReports.nodes as { reference: string; business: { id: string; name: string } | null }[];
    const index = list.findIndex((r) => r.reference === reference);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(list[index]!.business).toBeNull();
    expect(list.filter((r) => r.reference !== reference).every((r) => typeof r.business?.name === 'string')).toBe(true);
    expect(errorsOf(answer)).toEqual([{ code: 'NOT_FOUND', path: ['crimeReports', 'nodes', index, 'business'] }]);
  });

  it("the business's own list still answers, with the error on the business only", async () => {
    const answer = await ask(unregistered, myReports);
    expect(answer.data?.me.crimeReports.edges).toEqual([{ node: { reference, business: null } }]);
    expect(errorsOf(answer)).toEqual([{ code: 'NOT_FOUND', path: ['me', 'crimeReports', 'edges', 0, 'node', 'business'] }]);
  });

  it('books training and gets the booking, with the error on the business only; its bookings and the attendees list still answer', async () => {
    const input = { sessionId: session, attendeeName: 'Robin Example', attendeeEmail: 'robin@example.com', idempotencyKey: randomUUID() };
    const answer = await ask(unregistered, book, { input });
    expect(answer.data?.bookTrainingSession).toMatchObject({ replayed: false, booking: { status: 'BOOKED', business: null, session: { id: session } } });
    expect(errorsOf(answer)).toEqual([{ code: 'NOT_FOUND', path: ['bookTrainingSession', 'booking', 'business'] }]);
    const bookingId = answer.data!.bookTrainingSession.booking.id;

    const own = await ask(unregistered, mine);
    expect(own.data?.me).toEqual({ bookings: { nodes: [{ id: bookingId, business: null }] } });
    expect(errorsOf(own)).toEqual([{ code: 'NOT_FOUND', path: ['me', 'bookings', 'nodes', 0, 'business'] }]);

    const listed = await ask(admin, attendees, { id: session });
    const all = (listed.data as any)?.trainingSession.bookings.nodes as { id: string; business: { name: string } | null }[];
    const index = all.findIndex((b) => b.id === bookingId);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(all.filter((b) => b.id !== bookingId).every((b) => typeof b.business?.name === 'string')).toBe(true);
    expect(errorsOf(listed)).toEqual([{ code: 'NOT_FOUND', path: ['trainingSession', 'bookings', 'nodes', index, 'business'] }]);
  });
});
