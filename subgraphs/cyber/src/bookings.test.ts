// Training bookings in the cyber subgraph, in process: the app on a fresh database (in-memory
// PGlite, and a fresh PostgreSQL database when TEST_DATABASE_URL is set), requests signed as the
// gateway signs them. Seats are never oversold however many bookings race; retries and races
// with one idempotency key make one booking; bad input writes nothing; row rules hold.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase, type Backend } from '../../../tests/utils/processes.ts';
import { openCyberDatabase, type CyberDb } from './db.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'cyber-bookings-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };

const business = (id: string): Identity => ({ kind: 'user', subject: `owner-${id}`, role: 'business', businessId: id });
const acme = business('biz-0001');
const other = business('biz-0002');
const partnerOf = (org: string): Identity => ({ kind: 'user', subject: `${org}-staff`, role: 'partner', organizationId: org });
const admin: Identity = { kind: 'user', subject: 'admin-1', role: 'admin' };
const analyst: Identity = { kind: 'user', subject: 'analyst-1', role: 'analyst' };

const bookMutation = /* GraphQL */ `
  mutation ($input: BookTrainingSessionInput!) {
    bookTrainingSession(input: $input) { replayed session { id seatsLeft } booking { id status waitlistPosition attendeeName attendeeEmail attendeePhone session { id seatsLeft } business { id } } }
  }
`;
const cancelMutation = /* GraphQL */ `
  mutation ($id: ID!, $key: String!) {
    cancelBooking(input: { bookingId: $id, idempotencyKey: $key }) { replayed booking { id status waitlistPosition cancelledAt } session { id seatsLeft } }
  }
`;
const attendeesQuery = /* GraphQL */ `
  query ($id: ID!, $first: Int = 100, $after: String, $filter: BookingFilter) {
    trainingSession(id: $id) {
      bookings(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { id status waitlistPosition attendeeName business { id } }
      }
    }
  }
`;
const registerMutation = /* GraphQL */ `
  mutation ($input: RegisterCyberChampionInput!) { registerCyberChampion(input: $input) { replayed cyberChampion { id trainedOn course { id } business { id } } } }
`;

const viewerBookings = /* GraphQL */ `
  query ($r: [_Any!]!) { _entities(representations: $r) { ... on Viewer { id bookings(first: 100) { nodes { id business { id } } } } } }
`;
/** The representation of a caller's Viewer, as the gateway builds it from \`me\`. */
const viewerOf = (identity: Identity) => ({ __typename: 'Viewer', id: identity.kind === 'user' ? identity.subject : 'anonymous' });

const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('training bookings on %s', (backend) => {
  let db: CyberDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;
  let keyCounter = 0;
  const key = (label = 'k') => `${label}-${process.pid}-${++keyCounter}-0000`;

  async function ask(identity: Identity, query: string, variables: Record<string, unknown> = {}) {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'cyber' }, identity, payload) }, payload });
    return response.json() as { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  }

  /** A new upcoming session of a course, with the given capacity. */
  async function newSession(capacity: number, courseId = 'course-ransomware', days = 30) {
    const id = `sess-test-${++keyCounter}`;
    const startsAt = new Date(Date.now() + days * 86_400_000);
    await db.prisma.trainingSession.create({ data: { id, courseId, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), venue: 'Online', online: true, capacity } });
    return id;
  }

  const booking = (sessionId: string, n: number, idempotencyKey = key()) => ({
    sessionId,
    attendeeName: `Attendee ${n}`,
    attendeeEmail: `attendee${n}@example.com`,
    attendeePhone: '07700 900123',
    idempotencyKey,
  });

  /** Everything a bad request could have written. */
  const snapshot = async () => ({
    bookings: await db.prisma.booking.findMany({ orderBy: { id: 'asc' } }),
    sessions: await db.prisma.trainingSession.findMany({ select: { id: true, seatsBooked: true }, orderBy: { id: 'asc' } }),
    champions: await db.prisma.cyberChampion.count(),
  });

  beforeAll(async () => {
    if (backend === 'postgres') {
      const pg = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'cyberunit');
      drop = pg.drop;
      db = await openCyberDatabase({ kind: 'postgres', url: pg.url });
    } else {
      db = await openCyberDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await seedDemo(db.prisma); // the invented sessions, their bookings and champions
    app = await createServer(db, { logLevel: 'silent', signing });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('50 concurrent bookings for 10 seats: exactly 10 booked, 40 waiting in order 1..40, none lost; a cancellation promotes exactly one', async () => {
    const sessionId = await newSession(10);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => ask(acme, bookMutation, { input: booking(sessionId, n) })));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const made = answers.map((a) => a.data.bookTrainingSession.booking);
    expect(new Set(made.map((b) => b.id)).size).toBe(50);
    expect(made.filter((b) => b.status === 'BOOKED')).toHaveLength(10);
    const waiting = made.filter((b) => b.status === 'WAITING');
    expect(waiting.map((b) => b.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await db.prisma.booking.count({ where: { sessionId } })).toBe(50);
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(10);

    const first = waiting.find((b) => b.waitlistPosition === 1);
    const victim = made.find((b) => b.status === 'BOOKED');
    const cancelled = await ask(acme, cancelMutation, { id: victim.id, key: key('cancel') });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelBooking).toMatchObject({ replayed: false, booking: { id: victim.id, status: 'CANCELLED', waitlistPosition: null }, session: { id: sessionId, seatsLeft: 0 } });

    const after = (await ask(partnerOf('wmrocu'), attendeesQuery, { id: sessionId })).data.trainingSession.bookings.nodes;
    expect(after.filter((b: any) => b.status === 'BOOKED')).toHaveLength(10);
    expect(after.find((b: any) => b.id === first.id).status).toBe('BOOKED');
    expect(after.filter((b: any) => b.status === 'WAITING').map((b: any) => b.waitlistPosition)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(10);
  });

  it('frees the seat when no one is waiting, and closes the gap when a waiting booking is cancelled', async () => {
    const sessionId = await newSession(1);
    const seat = (await ask(acme, bookMutation, { input: booking(sessionId, 1) })).data.bookTrainingSession.booking;
    const w1 = (await ask(acme, bookMutation, { input: booking(sessionId, 2) })).data.bookTrainingSession.booking;
    const w2 = (await ask(acme, bookMutation, { input: booking(sessionId, 3) })).data.bookTrainingSession.booking;
    expect([seat.status, w1.waitlistPosition, w2.waitlistPosition]).toEqual(['BOOKED', 1, 2]);
    await ask(acme, cancelMutation, { id: w1.id, key: key() });
    expect((await db.prisma.booking.findUniqueOrThrow({ where: { id: w2.id } })).waitlistPosition).toBe(1);
    await ask(acme, cancelMutation, { id: seat.id, key: key() });
    expect((await db.prisma.booking.findUniqueOrThrow({ where: { id: w2.id } })).status).toBe('BOOKED');
    await ask(acme, cancelMutation, { id: w2.id, key: key() });
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(0);
  });

  it('a retry with the same idempotency key returns the same booking; 10 concurrent submissions with one key make one', async () => {
    const sessionId = await newSession(5);
    const input = booking(sessionId, 1);
    const first = (await ask(acme, bookMutation, { input })).data.bookTrainingSession;
    const retry = (await ask(acme, bookMutation, { input })).data.bookTrainingSession;
    expect(first.replayed).toBe(false);
    expect(first.session.seatsLeft).toBe(4);
    expect(retry).toEqual({ ...first, replayed: true });

    const raced = booking(sessionId, 2);
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask(acme, bookMutation, { input: raced })));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect(new Set(answers.map((a) => a.data.bookTrainingSession.booking.id)).size).toBe(1);
    expect(answers.filter((a) => !a.data.bookTrainingSession.replayed)).toHaveLength(1);
    expect(await db.prisma.booking.count({ where: { sessionId } })).toBe(2);
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(2);

    const cancelKey = key('cancel');
    const cancels = await Promise.all(Array.from({ length: 5 }, () => ask(acme, cancelMutation, { id: first.booking.id, key: cancelKey })));
    expect(cancels.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect(cancels.filter((a) => !a.data.cancelBooking.replayed)).toHaveLength(1);
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(1);
  });

  it('5 concurrent cancellations of one booking with one key all get the cancelled booking, 30 rounds over', async () => {
    const sessionId = await newSession(40);
    const made = await Promise.all(Array.from({ length: 30 }, (_, n) => ask(acme, bookMutation, { input: booking(sessionId, n) })));
    for (const answer of made) {
      const id = answer.data.bookTrainingSession.booking.id;
      const cancelKey = key('cancel-race');
      // Staggered by 0 to 45 ms a request, so that in some round one arrives as another commits.
      const stagger = (made.indexOf(answer) % 10) * 5;
      const cancels = await Promise.all(Array.from({ length: 5 }, (_, i) => delay(i * stagger).then(() => ask(acme, cancelMutation, { id, key: cancelKey }))));
      expect(cancels.flatMap((a) => a.errors ?? []).map((e) => e.message)).toEqual([]);
      for (const cancel of cancels) expect(cancel.data.cancelBooking.booking).toMatchObject({ id, status: 'CANCELLED' });
      expect(new Set(cancels.map((a) => a.data.cancelBooking.booking.cancelledAt)).size).toBe(1);
      expect(cancels.filter((a) => !a.data.cancelBooking.replayed)).toHaveLength(1);
    }
    expect((await db.prisma.trainingSession.findUniqueOrThrow({ where: { id: sessionId } })).seatsBooked).toBe(0);
  });

  it('5 concurrent registrations of one attendee with one key all get the one register entry, 10 rounds over', async () => {
    // Past sessions to register attendees of: one booked attendee each.
    for (let round = 0; round < 10; round++) {
      const sessionId = await newSession(2, 'course-intro', -10 - round);
      const booked = await db.prisma.booking.create({
        data: {
          id: `bk-race-${round}-${keyCounter}`,
          sessionId,
          businessId: `biz-race-${round}-${keyCounter}`,
          attendeeName: 'Race Example',
          attendeeEmail: 'race@example.com',
          status: 'BOOKED',
          idempotencyKey: key('seat'),
        },
      });
      const input = { bookingId: booked.id, idempotencyKey: key('register-race') };
      const answers = await Promise.all(Array.from({ length: 5 }, () => ask(admin, registerMutation, { input })));
      expect(answers.flatMap((a) => a.errors ?? []).map((e) => e.message)).toEqual([]);
      expect(new Set(answers.map((a) => a.data.registerCyberChampion.cyberChampion.id)).size).toBe(1);
      expect(answers.filter((a) => !a.data.registerCyberChampion.replayed)).toHaveLength(1);
    }
  });

  describe('bad input names its field and leaves the database as it was', () => {
    let upcoming: string;
    let past: string;
    let cancelledId: string;
    beforeAll(async () => {
      upcoming = await newSession(3);
      past = 'sess-intro-past-01';
      const made = (await ask(acme, bookMutation, { input: booking(upcoming, 99) })).data.bookTrainingSession.booking;
      await ask(acme, cancelMutation, { id: made.id, key: key() });
      cancelledId = made.id;
      await ask(acme, bookMutation, { input: booking(upcoming, 98) });
    });

    const cases: [string, (ids: { upcoming: string; past: string; cancelled: string }) => [Identity, string, Record<string, unknown>], string, string][] = [
      ['a blank name', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeeName: '  ' } }], 'BAD_USER_INPUT', 'input.attendeeName'],
      ['a name too long', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeeName: 'x'.repeat(121) } }], 'BAD_USER_INPUT', 'input.attendeeName'],
      ['a missing email', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeeEmail: '' } }], 'BAD_USER_INPUT', 'input.attendeeEmail'],
      ['a bad email', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeeEmail: 'not-an-email' } }], 'BAD_USER_INPUT', 'input.attendeeEmail'],
      ['a non-UK phone', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeePhone: '+1 212 555 0100' } }], 'BAD_USER_INPUT', 'input.attendeePhone'],
      ['a bad idempotency key', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), idempotencyKey: 'short' } }], 'BAD_USER_INPUT', 'input.idempotencyKey'],
      ['a blank session id', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), sessionId: ' ' } }], 'BAD_USER_INPUT', 'input.sessionId'],
      ['an unknown session', () => [acme, bookMutation, { input: booking('sess-nope', 1) }], 'NOT_FOUND', 'input.sessionId'],
      ['a session in the past', (s) => [acme, bookMutation, { input: booking(s.past, 1) }], 'BAD_USER_INPUT', 'input.sessionId'],
      ['the same attendee twice', (s) => [acme, bookMutation, { input: { ...booking(s.upcoming, 1), attendeeEmail: 'Attendee98@example.com' } }], 'BAD_USER_INPUT', 'input.attendeeEmail'],
      ['an unknown booking to cancel', () => [acme, cancelMutation, { id: 'bk-nope', key: 'cancel-key-0001' }], 'NOT_FOUND', 'input.bookingId'],
      ['a cancellation twice', (s) => [acme, cancelMutation, { id: s.cancelled, key: 'another-cancel-key-0001' }], 'BAD_USER_INPUT', 'input.bookingId'],
      ["another business's booking", (s) => [other, cancelMutation, { id: s.cancelled, key: 'cancel-key-0002' }], 'NOT_FOUND', 'input.bookingId'],
      ['a cancellation with a bad key', (s) => [acme, cancelMutation, { id: s.cancelled, key: 'no' }], 'BAD_USER_INPUT', 'input.idempotencyKey'],
      ['an unknown booking to register', () => [admin, registerMutation, { input: { bookingId: 'bk-nope', idempotencyKey: 'register-key-01' } }], 'NOT_FOUND', 'input.bookingId'],
      ['a cancelled attendee to register', (s) => [admin, registerMutation, { input: { bookingId: s.cancelled, idempotencyKey: 'register-key-02' } }], 'BAD_USER_INPUT', 'input.bookingId'],
      ['a registration with a bad key', () => [admin, registerMutation, { input: { bookingId: 'bk-seed-0001', idempotencyKey: '!' } }], 'BAD_USER_INPUT', 'input.idempotencyKey'],
    ];

    it.each(cases)('%s', async (_, make, code, field) => {
      const [identity, query, variables] = make({ upcoming, past, cancelled: cancelledId });
      const before = await snapshot();
      const answer = await ask(identity, query, variables);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code, field });
      expect(await snapshot()).toEqual(before);
    });
  });

  it('registers a trained attendee once, for the provider organisation or an admin only', async () => {
    const input = { bookingId: 'bk-seed-0001', idempotencyKey: key('register') };
    const refused = await ask(partnerOf('wmrocu'), registerMutation, { input });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const first = await ask(partnerOf('staffordshire-cyber-champions'), registerMutation, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.registerCyberChampion).toMatchObject({ replayed: false, cyberChampion: { course: { id: 'course-intro' }, business: { id: 'biz-0002' } } });
    const retry = await ask(partnerOf('staffordshire-cyber-champions'), registerMutation, { input });
    expect(retry.data.registerCyberChampion).toEqual({ ...first.data.registerCyberChampion, replayed: true });
    // A key is its caller's own: the admin's request with it is another registration of the same attendee.
    for (const again of [await ask(admin, registerMutation, { input }), await ask(admin, registerMutation, { input: { ...input, idempotencyKey: key('register') } })]) {
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.bookingId' });
    }
    expect(await db.prisma.cyberChampion.count({ where: { bookingId: 'bk-seed-0001' } })).toBe(1);
  });

  it('applies the row rules itself: own bookings only, attendees for the provider and admins only', async () => {
    const sessionId = await newSession(2);
    const made = (await ask(acme, bookMutation, { input: booking(sessionId, 1) })).data.bookTrainingSession.booking;
    const mine = (await ask(acme, viewerBookings, { r: [viewerOf(acme)] })).data._entities[0].bookings.nodes;
    expect(mine.map((b: any) => b.id)).toContain(made.id);
    expect(mine.every((b: any) => b.business.id === 'biz-0001')).toBe(true);
    const theirs = (await ask(other, viewerBookings, { r: [viewerOf(other)] })).data._entities[0].bookings.nodes;
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((b: any) => b.business.id === 'biz-0002')).toBe(true);
    // Another caller's Viewer is answered with null: a subgraph answers only for the caller.
    const stolen = await ask(other, viewerBookings, { r: [viewerOf(acme)] });
    expect(stolen.errors).toBeUndefined();
    expect(stolen.data._entities).toEqual([null]);
    for (const [who, code] of [
      [analyst, 'FORBIDDEN'],
      [admin, 'FORBIDDEN'],
      [{ kind: 'anonymous' } as Identity, 'UNAUTHENTICATED'],
    ] as const) {
      const answer = await ask(who, viewerBookings, { r: [viewerOf(who)] });
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
      expect(answer.data._entities[0].bookings).toBeNull();
    }

    expect((await ask(partnerOf('wmrocu'), attendeesQuery, { id: sessionId })).data.trainingSession.bookings.nodes).toHaveLength(1);
    expect((await ask(admin, attendeesQuery, { id: sessionId })).data.trainingSession.bookings.nodes).toHaveLength(1);
    for (const [who, code] of [
      [partnerOf('pabcis'), 'FORBIDDEN'],
      [analyst, 'FORBIDDEN'],
      [acme, 'FORBIDDEN'],
      [{ kind: 'anonymous' } as Identity, 'UNAUTHENTICATED'],
    ] as const) {
      const answer = await ask(who, attendeesQuery, { id: sessionId });
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
      expect(answer.errors?.[0]?.path).toEqual(['trainingSession', 'bookings']);
      expect(answer.data.trainingSession).toEqual({ bookings: null });
    }

    // A lookup by id: null when it is not the caller's to see, as when there is none.
    const lookup = `query ($id: ID!) { booking(id: $id) { id } }`;
    for (const who of [acme, partnerOf('wmrocu'), admin]) expect((await ask(who, lookup, { id: made.id })).data.booking).toEqual({ id: made.id });
    for (const who of [other, partnerOf('pabcis'), analyst, { kind: 'anonymous' } as Identity]) {
      const answer = await ask(who, lookup, { id: made.id });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.booking).toBeNull();
    }
    expect((await ask(admin, lookup, { id: 'bk-nope' })).data.booking).toBeNull();

    expect((await ask(analyst, bookMutation, { input: booking(sessionId, 2) })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
