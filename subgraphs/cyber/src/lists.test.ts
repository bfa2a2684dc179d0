// The cyber subgraph's lists, in process on a fresh database (in-memory PGlite, and a fresh
// PostgreSQL database when TEST_DATABASE_URL is set), requests signed as the gateway signs them:
// every connection pages with cursors that continue where the last page ended, counts what its
// filter matches, narrows by each filter field, and refuses bad page arguments and filters with
// the field named before any query runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase, type Backend } from '../../../tests/utils/processes.ts';
import { openCyberDatabase, type CyberDb } from './db.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'cyber-lists-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const admin: Identity = { kind: 'user', subject: 'admin-lists', role: 'admin' };
const owner: Identity = { kind: 'user', subject: 'owner-lists', role: 'business', businessId: 'biz-lists-1' };
const day = 86_400_000;
const STAFFORD = 'E07000197';

const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

type Answer = { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };

describe.each(backends)('cyber lists on %s', (backend) => {
  let db: CyberDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;
  let counter = 0;

  async function ask(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Answer & { queries: number }> {
    const payload = JSON.stringify({ query, variables });
    const before = db.queries.count;
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'cyber' }, identity, payload) }, payload });
    return { ...(response.json() as Answer), queries: db.queries.count - before };
  }

  /** Every item of a connection, page by page with `after`, and the pages' sizes. */
  async function everyPage(identity: Identity, query: string, pick: (data: any) => any, variables: Record<string, unknown>) {
    const items: any[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const answer = await ask(identity, query, { ...variables, after });
      expect(answer.errors).toBeUndefined();
      const connection = pick(answer.data);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.edges.map((e: any) => e.node)).toEqual(connection.nodes);
      items.push(...connection.nodes);
      sizes.push(connection.nodes.length);
      if (!connection.pageInfo.hasNextPage) return { items, sizes, totalCount: connection.totalCount };
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      after = connection.pageInfo.endCursor;
    }
    throw new Error('more than 50 pages');
  }

  async function newSession(courseId: string, startsIn: number, more: Record<string, unknown> = {}) {
    const id = `sess-lists-${++counter}`;
    const startsAt = new Date(Date.now() + startsIn);
    await db.prisma.trainingSession.create({ data: { id, courseId, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), venue: 'Online', online: true, capacity: 10, ...more } });
    return id;
  }

  beforeAll(async () => {
    if (backend === 'postgres') {
      const pg = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'cyberlists');
      drop = pg.drop;
      db = await openCyberDatabase({ kind: 'postgres', url: pg.url });
    } else {
      db = await openCyberDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await seedDemo(db.prisma);
    app = await createServer(db, { logLevel: 'silent', signing });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  const sessionsQuery = /* GraphQL */ `
    query ($first: Int, $after: String, $filter: TrainingSessionFilter) {
      trainingSessions(first: $first, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id startsAt online seatsLeft course { id } district { code } } }
        nodes { id startsAt online seatsLeft course { id } district { code } }
      }
    }
  `;

  it('pages the upcoming sessions soonest first, 7 at a time, to the same list one page gives; past ones on request', async () => {
    const all = await ask(admin, sessionsQuery, { first: 100 });
    const whole = all.data.trainingSessions;
    expect(whole.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false, startCursor: whole.edges[0].cursor });
    expect(whole.totalCount).toBe(whole.nodes.length);
    const starts = whole.nodes.map((s: any) => Date.parse(s.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((t: number) => t > Date.now())).toBe(true);
    expect(whole.nodes.map((s: any) => s.id)).not.toContain('sess-intro-past-01');

    const paged = await everyPage(admin, sessionsQuery, (d) => d.trainingSessions, { first: 7 });
    expect(paged.items).toEqual(whole.nodes);
    expect(paged.sizes.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(paged.totalCount).toBe(whole.totalCount);

    const past = (await ask(admin, sessionsQuery, { filter: { startsAt: { to: new Date().toISOString() } } })).data.trainingSessions;
    expect(past.nodes.map((s: any) => s.id)).toEqual(['sess-intro-past-01', 'sess-ransomware-past-01']);
    const every = (await ask(admin, sessionsQuery, { first: 100, filter: { startsAt: {} } })).data.trainingSessions;
    expect(every.totalCount).toBe(whole.totalCount + 2);
  });

  it('a session added before the cursor neither repeats nor shifts the next page', async () => {
    const first = (await ask(admin, sessionsQuery, { first: 5 })).data.trainingSessions;
    // Starts sooner than anything on the first page: a keyset cursor is not an offset.
    await newSession('course-intro', 60_000);
    const second = (await ask(admin, sessionsQuery, { first: 5, after: first.pageInfo.endCursor })).data.trainingSessions;
    const before = (await ask(admin, sessionsQuery, { first: 11 })).data.trainingSessions.nodes;
    expect(second.nodes).toEqual(before.slice(6, 11));
    expect(second.nodes.map((s: any) => s.id)).not.toContain(first.nodes.at(-1).id);
  });

  it('narrows sessions by course, district (with or without online ones), online and seats', async () => {
    const pick = async (filter: Record<string, unknown>) => (await ask(admin, sessionsQuery, { first: 100, filter })).data.trainingSessions;
    const all = (await pick({})).nodes;
    const expectSubset = async (filter: Record<string, unknown>, keep: (s: any) => boolean) => {
      const got = await pick(filter);
      expect(got.nodes).toEqual(all.filter(keep));
      expect(got.totalCount).toBe(got.nodes.length);
      expect(got.nodes.length).toBeGreaterThan(0);
    };
    await expectSubset({ course: 'course-phishing' }, (s) => s.course.id === 'course-phishing');
    await expectSubset({ district: STAFFORD }, (s) => s.online || s.district?.code === STAFFORD);
    await expectSubset({ district: STAFFORD, online: false }, (s) => s.district?.code === STAFFORD);
    await expectSubset({ online: true }, (s) => s.online);
    await expectSubset({ withSeats: true }, (s) => s.seatsLeft > 0);
    await expectSubset({ withSeats: false }, (s) => s.seatsLeft === 0);
    await expectSubset({ course: 'course-intro', withSeats: true, online: false }, (s) => s.course.id === 'course-intro' && s.seatsLeft > 0 && !s.online);
    const starts = all.map((s: any) => s.startsAt);
    await expectSubset({ startsAt: { from: starts[3], to: starts[8] } }, (s) => s.startsAt >= starts[3] && s.startsAt < starts[8]);
  });

  it("pages a session's bookings booked first, then the waiting list in order, then cancelled; filters by status and period", async () => {
    const sessionId = await newSession('course-ransomware', 20 * day, { capacity: 2 });
    const book = /* GraphQL */ `mutation ($input: BookTrainingSessionInput!) { bookTrainingSession(input: $input) { booking { id } } }`;
    const made: string[] = [];
    for (let n = 0; n < 6; n++) {
      const input = { sessionId, attendeeName: `Paged ${n}`, attendeeEmail: `paged${n}@example.com`, idempotencyKey: `paged-${process.pid}-${counter}-${n}` };
      made.push((await ask(owner, book, { input })).data.bookTrainingSession.booking.id);
    }
    const cancel = /* GraphQL */ `mutation ($input: CancelBookingInput!) { cancelBooking(input: $input) { booking { status } } }`;
    // The first waiting attendee cancels (made[2]); the list closes up.
    expect((await ask(owner, cancel, { input: { bookingId: made[2], idempotencyKey: `paged-cancel-${process.pid}-${counter}` } })).data.cancelBooking.booking.status).toBe('CANCELLED');

    const bookingsOf = /* GraphQL */ `
      query ($id: ID!, $first: Int, $after: String, $filter: BookingFilter) {
        trainingSession(id: $id) {
          bookings(first: $first, after: $after, filter: $filter) {
            totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
            edges { cursor node { id status waitlistPosition createdAt } }
            nodes { id status waitlistPosition createdAt }
          }
        }
      }
    `;
    const pick = (d: any) => d.trainingSession.bookings;
    const paged = await everyPage(admin, bookingsOf, pick, { id: sessionId, first: 2 });
    expect(paged.items.map((b: any) => [b.id, b.status, b.waitlistPosition])).toEqual([
      [made[0], 'BOOKED', null],
      [made[1], 'BOOKED', null],
      [made[3], 'WAITING', 1],
      [made[4], 'WAITING', 2],
      [made[5], 'WAITING', 3],
      [made[2], 'CANCELLED', null],
    ]);
    expect(paged.sizes).toEqual([2, 2, 2]);
    expect(paged.totalCount).toBe(6);

    const waiting = pick((await ask(admin, bookingsOf, { id: sessionId, filter: { status: ['WAITING', 'WAITING'] } })).data);
    expect(waiting.nodes.map((b: any) => b.waitlistPosition)).toEqual([1, 2, 3]);
    expect(waiting.totalCount).toBe(3);
    const none = pick((await ask(admin, bookingsOf, { id: sessionId, filter: { status: [] } })).data);
    expect(none).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const times = paged.items.map((b: any) => b.createdAt).sort();
    const later = pick((await ask(admin, bookingsOf, { id: sessionId, filter: { createdAt: { from: times[3] } } })).data);
    expect(later.nodes.every((b: any) => b.createdAt >= times[3])).toBe(true);
    expect(later.totalCount).toBe(paged.items.filter((b: any) => b.createdAt >= times[3]).length);
  });

  it("pages the caller's bookings newest first through its Viewer, with the same filters", async () => {
    const mine = /* GraphQL */ `
      query ($r: [_Any!]!, $first: Int, $after: String, $filter: BookingFilter) {
        _entities(representations: $r) {
          ... on Viewer {
            bookings(first: $first, after: $after, filter: $filter) {
              totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
              edges { cursor node { id status createdAt session { id } } }
              nodes { id status createdAt session { id } }
            }
          }
        }
      }
    `;
    const r = [{ __typename: 'Viewer', id: 'owner-lists' }];
    const all = await everyPage(owner, mine, (d) => d._entities[0].bookings, { r, first: 4 });
    expect(all.items.length).toBe(6);
    expect(all.totalCount).toBe(6);
    const created = all.items.map((b: any) => b.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const cancelled = (await ask(owner, mine, { r, filter: { status: ['CANCELLED'] } })).data._entities[0].bookings;
    expect(cancelled.nodes.map((b: any) => b.status)).toEqual(['CANCELLED']);
    expect(cancelled.totalCount).toBe(1);
  });

  it('pages courses by title and their upcoming sessions, and narrows courses by crime type, level and provider', async () => {
    const coursesQuery = /* GraphQL */ `
      query ($first: Int, $after: String, $filter: CourseFilter) {
        courses(first: $first, after: $after, filter: $filter) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { id title level provider { id } crimeTypes { code } sessions(first: 2) { totalCount nodes { id startsAt online seatsLeft course { id } district { code } } pageInfo { hasNextPage } } } }
          nodes { id title level provider { id } crimeTypes { code } sessions(first: 2) { totalCount nodes { id startsAt online seatsLeft course { id } district { code } } pageInfo { hasNextPage } } }
        }
      }
    `;
    const all = await everyPage(admin, coursesQuery, (d) => d.courses, { first: 3 });
    expect(all.items).toHaveLength(8);
    const byTitle = await db.prisma.course.findMany({ orderBy: [{ title: 'asc' }, { id: 'asc' }], select: { id: true } });
    expect(all.items.map((c: any) => c.id)).toEqual(byTitle.map((c) => c.id));
    const intro = all.items.find((c: any) => c.id === 'course-intro');
    const introSessions = (await ask(admin, sessionsQuery, { first: 100, filter: { course: 'course-intro' } })).data.trainingSessions;
    // The same sessions, read by the one-statement nested page as by the root list.
    expect(intro.sessions.nodes).toEqual(introSessions.nodes.slice(0, 2));
    expect(intro.sessions.totalCount).toBe(introSessions.totalCount);
    expect(intro.sessions.pageInfo.hasNextPage).toBe(true);

    const narrowed = async (filter: Record<string, unknown>, keep: (c: any) => boolean) => {
      const got = (await ask(admin, coursesQuery, { first: 100, filter })).data.courses;
      expect(got.nodes).toEqual(all.items.filter(keep));
      expect(got.nodes.length).toBeGreaterThan(0);
      expect(got.totalCount).toBe(got.nodes.length);
    };
    await narrowed({ crimeType: 'cyber-ransomware' }, (c) => c.crimeTypes.some((t: any) => t.code === 'cyber-ransomware'));
    await narrowed({ level: ['PRACTITIONER', 'ADVANCED'] }, (c) => c.level !== 'INTRODUCTORY');
    await narrowed({ provider: 'wmrocu' }, (c) => c.provider.id === 'wmrocu');
  });

  it('pages the champions register most recently trained first, and narrows it by course and by the days trained', async () => {
    const champions = /* GraphQL */ `
      query ($first: Int, $after: String, $filter: CyberChampionFilter) {
        cyberChampions(first: $first, after: $after, filter: $filter) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { id trainedOn course { id } } }
          nodes { id trainedOn course { id } }
        }
      }
    `;
    const all = await everyPage(admin, champions, (d) => d.cyberChampions, { first: 3 });
    expect(all.items.length).toBe(8);
    const days = all.items.map((c: any) => c.trainedOn);
    expect(days).toEqual([...days].sort().reverse());
    const intro = (await ask(admin, champions, { filter: { course: 'course-intro' } })).data.cyberChampions;
    expect(intro.nodes).toEqual(all.items.filter((c: any) => c.course.id === 'course-intro'));
    // 2026-01-22 counts from its midnight: in a period from that midnight, not in one from noon.
    const from = async (instant: string) =>
      (await ask(admin, champions, { first: 100, filter: { trainedOn: { from: instant, to: '2026-06-09T00:00:00Z' } } })).data.cyberChampions.nodes.map((c: any) => c.trainedOn);
    expect(await from('2026-01-22T00:00:00Z')).toEqual(['2026-04-16', '2026-03-10', '2026-02-03', '2026-01-22']);
    expect(await from('2026-01-22T12:00:00Z')).toEqual(['2026-04-16', '2026-03-10', '2026-02-03']);
  });

  it('looks records up by id, null when there is none', async () => {
    const found = await ask(admin, `{ trainingSession(id: "sess-intro-past-01") { id title } cyberChampion(id: "champ-0001") { id trainedOn } course(id: "course-intro") { id } }`);
    expect(found.data).toEqual({
      trainingSession: { id: 'sess-intro-past-01', title: expect.any(String) },
      cyberChampion: { id: 'champ-0001', trainedOn: '2025-10-14' },
      course: { id: 'course-intro' },
    });
    const missing = await ask(admin, `query ($long: ID!) { trainingSession(id: "nope") { id } cyberChampion(id: "nope") { id } course(id: $long) { id } }`, { long: 'x'.repeat(10_000) });
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ trainingSession: null, cyberChampion: null, course: null });
  });

  describe('bad page arguments and filters: the field named, no query run', () => {
    const sessions = `query ($first: Int, $after: String, $filter: TrainingSessionFilter) { trainingSessions(first: $first, after: $after, filter: $filter) { nodes { id } } }`;
    const champions = `query ($after: String, $filter: CyberChampionFilter) { cyberChampions(after: $after, filter: $filter) { nodes { id } } }`;
    const bookings = `query ($after: String, $filter: BookingFilter) { trainingSession(id: "sess-intro-past-01") { bookings(after: $after, filter: $filter) { nodes { id } } } }`;
    const courses = `query ($first: Int) { courses(first: $first) { nodes { id } } }`;
    const farFuture = encodeCursor([new Date('+020000-01-01T00:00:00Z'), 'sess-x']);
    const cases: [string, string, Record<string, unknown>, string, string][] = [
      ['first 0', sessions, { first: 0 }, 'BAD_USER_INPUT', 'first'],
      ['first 101', courses, { first: 101 }, 'BAD_USER_INPUT', 'first'],
      ['a cursor this list did not give out', sessions, { after: 'not-a-cursor' }, 'BAD_USER_INPUT', 'after'],
      ["another list's cursor", champions, { after: encodeCursor(['BOOKED']) }, 'BAD_USER_INPUT', 'after'],
      ['a cursor of a year PostgreSQL cannot hold', sessions, { after: farFuture }, 'BAD_USER_INPUT', 'after'],
      ['a register cursor of a year PostgreSQL cannot hold', champions, { after: encodeCursor([new Date('-000100-01-01T00:00:00Z'), 'champ-x']) }, 'BAD_USER_INPUT', 'after'],
      ['an unknown district', sessions, { filter: { district: 'E0' } }, 'UNKNOWN_DISTRICT', 'filter.district'],
      ['a period that ends before it starts', sessions, { filter: { startsAt: { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } } }, 'BAD_USER_INPUT', 'filter.startsAt'],
      ['an empty period', champions, { filter: { trainedOn: { from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, 'BAD_USER_INPUT', 'filter.trainedOn'],
      ['a booking period that ends before it starts', bookings, { filter: { createdAt: { from: '2026-12-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, 'BAD_USER_INPUT', 'filter.createdAt'],
    ];
    it.each(cases)('%s', async (_, query, variables, code, field) => {
      const answer = await ask(admin, query, variables);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code, field });
      // The session lookup in the bookings query runs first; nothing else does.
      expect(answer.queries).toBeLessThanOrEqual(query === bookings ? 1 : 0);
    });

    it('lists every bad field of a filter in one answer', async () => {
      const answer = await ask(admin, sessions, { first: 0, filter: { district: 'E0', startsAt: { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } } });
      expect(answer.errors?.[0]?.extensions?.fieldErrors.map((e: any) => [e.field, e.code])).toEqual([
        ['first', 'BAD_USER_INPUT'],
        ['filter.district', 'UNKNOWN_DISTRICT'],
        ['filter.startsAt', 'BAD_USER_INPUT'],
      ]);
    });

    it.each([
      ['a variable', sessions, { filter: { startsAt: { from: 'yesterday' } } }],
      ['a literal', `{ trainingSessions(filter: { startsAt: { from: "2026-13-01T00:00:00Z" } }) { nodes { id } } }`, {}],
      ['a date-time with no offset', sessions, { filter: { startsAt: { to: '2026-12-01T10:00:00' } } }],
    ])('a DateTime that is not one, as %s: BAD_USER_INPUT', async (_, query, variables) => {
      const answer = await ask(admin, query, variables);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/DateTime/);
      expect(answer.queries).toBe(0);
    });
  });
});
