// Training bookings and the champions register, end to end through the gateway with real tokens,
// real processes and fresh databases (in-memory PGlite, and PostgreSQL when TEST_DATABASE_URL is
// set): the booking race never oversells, retries make one booking, bad input writes nothing,
// each workflow works for the roles it needs and no other, and the lists page through the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A seeded session of course-intro (run by staffordshire-cyber-champions): 16 seats, 5 booked. */
const session = 'sess-intro-03';
/** A seeded session in the past. */
const pastSession = 'sess-intro-past-01';

const owner: TokenClaims = { sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' };
const otherOwner: TokenClaims = { sub: 'owner-biz-0002', role: 'business', business_id: 'biz-0002' };
const provider: TokenClaims = { sub: 'champions-staff-1', role: 'partner', org_id: 'staffordshire-cyber-champions' };
const otherPartner: TokenClaims = { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' };
const analyst: TokenClaims = { sub: 'analyst-1', role: 'analyst' };
const admin: TokenClaims = { sub: 'admin-1', role: 'admin' };

const book = /* GraphQL */ `
  mutation Book($input: BookTrainingSessionInput!) {
    bookTrainingSession(input: $input) { replayed session { id seatsLeft } booking { id status waitlistPosition attendeeName business { id } session { id seatsLeft capacity } } }
  }
`;
const cancel = /* GraphQL */ `
  mutation Cancel($id: ID!, $key: String!) { cancelBooking(input: { bookingId: $id, idempotencyKey: $key }) { replayed booking { id status cancelledAt } session { seatsLeft } } }
`;
const attendees = /* GraphQL */ `
  query Attendees($id: ID!) { trainingSession(id: $id) { bookings(first: 100) { totalCount nodes { id status waitlistPosition attendeeName attendeeEmail } } } }
`;
const mine = /* GraphQL */ `{ me { bookings(first: 100) { nodes { id status session { id } } } } }`;
const myBookings = (answer: { data?: any }) => answer.data?.me?.bookings?.nodes;
const register = /* GraphQL */ `
  mutation Register($input: RegisterCyberChampionInput!) { registerCyberChampion(input: $input) { replayed cyberChampion { id trainedOn course { id } } } }
`;

let counter = 0;
const key = (label: string) => `${label}-${process.pid}-${++counter}-e2e`;
const attendee = (n: number, sessionId = session) => ({
  sessionId,
  attendeeName: `Attendee ${n} Example`,
  attendeeEmail: `attendee${n}@example.com`,
  attendeePhone: '07700 900' + String(100 + n).padStart(3, '0'),
  idempotencyKey: key('book'),
});

describe.each(backends)('training bookings through the gateway on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;
  const ask = async (who: TokenClaims | undefined, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(who));
  /** Every booking of the session, as an administrator sees them. */
  const allOf = async (sessionId: string) => (await ask(admin, attendees, { id: sessionId })).data!.trainingSession.bookings.nodes as any[];

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub(backend, tokens.gatewayEnv);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('50 concurrent bookings for the last 10 seats: exactly 10 booked, 40 waiting 1..40, none lost; a cancellation promotes exactly one', async () => {
    // 11 seats are left; one booking first leaves 10.
    const filler = await ask(owner, book, { input: attendee(0) });
    expect(filler.errors).toBeUndefined();
    expect(filler.data.bookTrainingSession.booking.session.seatsLeft).toBe(10);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(owner, book, { input: attendee(i + 1) })));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const made = answers.map((a) => a.data.bookTrainingSession.booking);
    expect(new Set(made.map((b) => b.id)).size).toBe(50);
    expect(made.filter((b) => b.status === 'BOOKED')).toHaveLength(10);
    expect(
      made
        .filter((b) => b.status === 'WAITING')
        .map((b) => b.waitlistPosition)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    const listed = await allOf(session);
    expect(listed).toHaveLength(51);
    const sessionNow = (await ask(undefined, `{ trainingSession(id: "${session}") { id seatsLeft capacity } }`)).data.trainingSession;
    expect(sessionNow).toEqual({ id: session, seatsLeft: 0, capacity: 16 });

    const firstWaiting = listed.find((b) => b.waitlistPosition === 1);
    const cancelled = await ask(owner, cancel, { id: made.find((b) => b.status === 'BOOKED').id, key: key('cancel') });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelBooking).toMatchObject({ replayed: false, booking: { status: 'CANCELLED' }, session: { seatsLeft: 0 } });
    const after = await allOf(session);
    expect(after.filter((b) => b.status === 'BOOKED')).toHaveLength(11);
    expect(after.find((b) => b.id === firstWaiting.id).status).toBe('BOOKED');
    expect(after.filter((b) => b.status === 'WAITING').map((b) => b.waitlistPosition)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
  });

  it('a retry with the same idempotency key returns the same booking, and a race of one key makes one', async () => {
    const input = attendee(200, 'sess-intro-04');
    const first = await ask(owner, book, { input });
    const retry = await ask(owner, book, { input });
    expect(first.data.bookTrainingSession.replayed).toBe(false);
    expect(retry.data.bookTrainingSession).toEqual({ ...first.data.bookTrainingSession, replayed: true });

    const raced = attendee(201, 'sess-intro-04');
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(owner, book, { input: raced })));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect(new Set(answers.map((a) => a.data.bookTrainingSession.booking.id)).size).toBe(1);
    expect(await allOf('sess-intro-04')).toHaveLength(2);
  });

  describe('bad input names its field and leaves the bookings as they were', () => {
    const cases: [string, () => [TokenClaims, string, Record<string, unknown>], string, string][] = [
      ['a blank attendee name', () => [owner, book, { input: { ...attendee(300, 'sess-intro-05'), attendeeName: ' ' } }], 'BAD_USER_INPUT', 'input.attendeeName'],
      ['a bad email', () => [owner, book, { input: { ...attendee(300, 'sess-intro-05'), attendeeEmail: 'nobody' } }], 'BAD_USER_INPUT', 'input.attendeeEmail'],
      ['a phone number that is not UK', () => [owner, book, { input: { ...attendee(300, 'sess-intro-05'), attendeePhone: '+33 1 23 45 67 89' } }], 'BAD_USER_INPUT', 'input.attendeePhone'],
      ['a bad idempotency key', () => [owner, book, { input: { ...attendee(300, 'sess-intro-05'), idempotencyKey: 'x' } }], 'BAD_USER_INPUT', 'input.idempotencyKey'],
      ['an unknown session', () => [owner, book, { input: attendee(300, 'sess-unknown') }], 'NOT_FOUND', 'input.sessionId'],
      ['a session in the past', () => [owner, book, { input: attendee(300, pastSession) }], 'BAD_USER_INPUT', 'input.sessionId'],
      ['an unknown booking to cancel', () => [owner, cancel, { id: 'bk-unknown', key: key('cancel') }], 'NOT_FOUND', 'input.bookingId'],
    ];

    it.each(cases)('%s', async (_, make, code, field) => {
      const [who, query, variables] = make();
      const before = [await allOf('sess-intro-05'), myBookings(await ask(owner, mine))];
      const answer = await ask(who, query, variables);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code, field });
      expect([await allOf('sess-intro-05'), myBookings(await ask(owner, mine))]).toEqual(before);
    });

    it('a booking cancelled twice', async () => {
      const made = (await ask(owner, book, { input: attendee(301, 'sess-intro-05') })).data.bookTrainingSession.booking;
      const cancelKey = key('cancel');
      expect((await ask(owner, cancel, { id: made.id, key: cancelKey })).errors).toBeUndefined();
      const before = await allOf('sess-intro-05');
      // The same key again is a retry; another key is a second cancellation.
      expect((await ask(owner, cancel, { id: made.id, key: cancelKey })).data.cancelBooking).toMatchObject({ replayed: true, booking: { status: 'CANCELLED' } });
      const twice = await ask(owner, cancel, { id: made.id, key: key('cancel') });
      expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.bookingId' });
      expect(await allOf('sess-intro-05')).toEqual(before);
    });
  });

  it('only business users book; another business can neither cancel nor see the booking', async () => {
    for (const [who, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [analyst, 'FORBIDDEN'],
      [provider, 'FORBIDDEN'],
    ] as const) {
      const answer = await ask(who, book, { input: attendee(400, 'sess-phishing-03') });
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await allOf('sess-phishing-03')).toHaveLength(0);

    const made = (await ask(owner, book, { input: attendee(401, 'sess-phishing-03') })).data.bookTrainingSession.booking;
    const stolen = await ask(otherOwner, cancel, { id: made.id, key: key('cancel') });
    expect(stolen.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.bookingId' });
    expect(myBookings(await ask(otherOwner, mine)).map((b: any) => b.id)).not.toContain(made.id);
    expect(myBookings(await ask(owner, mine)).map((b: any) => b.id)).toContain(made.id);
    const lookup = `query ($id: ID!) { booking(id: $id) { id status } }`;
    expect((await ask(owner, lookup, { id: made.id })).data.booking).toEqual({ id: made.id, status: 'BOOKED' });
    expect((await ask(otherOwner, lookup, { id: made.id })).data.booking).toBeNull();
    expect((await allOf('sess-phishing-03'))[0].status).toBe('BOOKED');
  });

  it("attendees' personal data: the provider's staff and admins only", async () => {
    expect((await ask(provider, attendees, { id: session })).data.trainingSession.bookings.nodes.length).toBeGreaterThan(0);
    for (const [who, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [analyst, 'FORBIDDEN'],
      [owner, 'FORBIDDEN'],
      [otherPartner, 'FORBIDDEN'],
    ] as const) {
      const answer = await ask(who, attendees, { id: session });
      expect(answer.errors?.[0]).toMatchObject({ path: ['trainingSession', 'bookings'], extensions: { code } });
      expect(answer.data?.trainingSession).toEqual({ bookings: null });
    }
    const notBusiness = await ask(analyst, mine);
    expect(notBusiness.errors?.[0]).toMatchObject({ path: ['me', 'bookings'], extensions: { code: 'FORBIDDEN' } });
    expect(notBusiness.data?.me).toEqual({ bookings: null });
  });

  it('registers a trained attendee on the champions register: the provider or an admin, once per key of each caller', async () => {
    const input = { bookingId: 'bk-seed-0001', idempotencyKey: key('register') };
    expect((await ask(otherPartner, register, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask(owner, register, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = await ask(provider, register, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.registerCyberChampion).toMatchObject({ replayed: false, cyberChampion: { course: { id: 'course-intro' } } });
    // A retry by the same caller gets the same entry; a key belongs to its caller, so an admin
    // sending the provider's key makes a registration of its own, refused as already registered.
    expect((await ask(provider, register, { input })).data.registerCyberChampion).toEqual({ ...first.data.registerCyberChampion, replayed: true });
    expect((await ask(admin, register, { input })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.bookingId' });
    const champions = (await ask(admin, `{ cyberChampions(first: 100) { nodes { id } } }`)).data.cyberChampions.nodes;
    expect(champions.filter((c: any) => c.id === first.data.registerCyberChampion.cyberChampion.id)).toHaveLength(1);
    const upcoming = await ask(admin, register, { input: { bookingId: (await allOf(session))[0].id, idempotencyKey: key('register') } });
    expect(upcoming.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.bookingId' });
  });

  it("pages the business's own bookings on me, newest first, with the cursor each page ends on", async () => {
    const paged = /* GraphQL */ `
      query Mine($after: String, $filter: BookingFilter) {
        me { bookings(first: 20, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id createdAt } } }
      }
    `;
    const seen: { id: string; createdAt: string }[] = [];
    let after: string | null = null;
    let totalCount: number;
    do {
      const answer = await ask(owner, paged, { after });
      expect(answer.errors).toBeUndefined();
      const page: any = answer.data.me.bookings;
      seen.push(...page.nodes);
      totalCount = page.totalCount;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen.length).toBe(totalCount);
    expect(totalCount).toBeGreaterThan(50);
    expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
    expect(seen.map((b) => b.createdAt)).toEqual(
      seen
        .map((b) => b.createdAt)
        .sort()
        .reverse(),
    );
    const cancelled = (await ask(owner, paged, { filter: { status: ['CANCELLED'] } })).data.me.bookings;
    expect(cancelled.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['a variable', `query Past($to: DateTime) { trainingSessions(filter: { startsAt: { to: $to } }) { nodes { id } } }`, { to: 'last week' }],
    ['a literal', `{ trainingSessions(filter: { startsAt: { to: "2026-13-01T00:00:00Z" } }) { nodes { id } } }`, undefined],
  ])('a DateTime that is not one, as %s, is BAD_USER_INPUT through the gateway', async (_, query, variables) => {
    const answer = await ask(undefined, query, variables);
    expect(answer.data?.trainingSessions ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/DateTime/);
  });

  it('refuses a cursor the list did not give out, naming after', async () => {
    const answer = await ask(undefined, `{ trainingSessions(after: "bm90LWEtY3Vyc29y") { nodes { id } } }`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
