// The rule: the number of database queries one help request causes does not grow with the
// number of offers, sessions or services it returns. Each subgraph runs in process on an
// in-memory PGlite database; a request for its part of a help answer (`_entities` on Help) is
// counted, many more matching rows are added, and the same request must cost exactly as many
// queries again while returning longer lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import type { QueryCounter } from '../common/src/db.ts';
import { openCyberDatabase, type CyberDb } from '../subgraphs/cyber/src/db.ts';
import { helpSessionLimit } from '../subgraphs/cyber/src/loaders.ts';
import { seed as seedCyber, seedDemo as seedCyberDemo } from '../subgraphs/cyber/src/seed.ts';
import { createServer as createCyberServer } from '../subgraphs/cyber/src/server.ts';
import { openPoliceDatabase, type PoliceDb } from '../subgraphs/police/src/db.ts';
import { seed as seedPolice, seedDemo as seedPoliceDemo } from '../subgraphs/police/src/seed.ts';
import { createServer as createPoliceServer } from '../subgraphs/police/src/server.ts';
import { openSupportDatabase, type SupportDb } from '../subgraphs/support/src/db.ts';
import { seed as seedSupport, seedDemo as seedSupportDemo } from '../subgraphs/support/src/seed.ts';
import { createServer as createSupportServer } from '../subgraphs/support/src/server.ts';
import { openVictimsDatabase, type VictimsDb } from '../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../subgraphs/victims/src/seed.ts';
import { createServer as createVictimsServer } from '../subgraphs/victims/src/server.ts';

type App = Awaited<ReturnType<typeof createPoliceServer>>;

/** What one request cost and what it answered. */
interface Measured {
  queries: number;
  data: any;
}

/**
 * The most queries a subgraph's part of a help answer may take, however many questions or rows:
 * about one statement per kind of record it reads. The police answer reads six kinds (crime
 * types, districts, route links, evidence guidance, policing teams, postcode districts) and
 * Prisma fetches the routes a link includes with a second statement, hence 7.
 */
const maxQueries = { police: 7, support: 6, cyber: 6, victims: 6 } as const;

const memory = { kind: 'pglite', dir: 'memory://' } as const;
/** Subgraphs answer only signed requests: these tests sign as the gateway would. */
const signing: SigningConfig = { secret: 'query-count-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';
const STOKE = 'E06000021';

/** The example question: a small Stafford shop hit by ransomware. */
const ransomwareInStafford = { __typename: 'Help', crimeTypeCode: 'cyber-ransomware', districtCode: STAFFORD, sector: 'RETAIL', size: 'SMALL', rural: false };
/** A second, different question, for the two-questions-in-one-call requests. */
const ddosInStoke = { __typename: 'Help', crimeTypeCode: 'cyber-ddos', districtCode: STOKE, sector: 'HOSPITALITY', size: 'MICRO', rural: true };

/** Which subgraph each app is: requests are signed for it. */
const audiences = new WeakMap<App, string>();
const named = <T extends App>(app: T, name: string): T => (audiences.set(app, name), app);

/** Posts one GraphQL request to the app (as `identity`, anonymous by default) and counts the SQL statements it sent. */
async function measure(app: App, queries: QueryCounter, query: string, variables: Record<string, unknown>, identity: Identity = anonymous): Promise<Measured> {
  const before = queries.count;
  const payload = JSON.stringify({ query, variables });
  const headers = { 'content-type': 'application/json', ...signRequest(signing, { audience: audiences.get(app)! }, identity, payload) };
  const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload });
  const spent = queries.count - before;
  const body = response.json() as { data?: any; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(response.statusCode).toBe(200);
  expect(body.data).toBeTruthy();
  return { queries: spent, data: body.data };
}

/** Asks for the Help part of a subgraph for each representation. */
const helpEntities = (selection: string) => /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Help { crimeTypeCode districtCode sector size rural ${selection} }
    }
  }
`;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function expectSameCost(subgraph: keyof typeof maxQueries, before: Measured, after: Measured): void {
  expect(before.queries).toBeGreaterThan(0);
  expect(before.queries).toBeLessThanOrEqual(maxQueries[subgraph]);
  expect(after.queries).toBe(before.queries);
}

/** Closes an app, then its database. */
async function closeAll(app: App | undefined, db: { close(): Promise<void> } | undefined): Promise<void> {
  await app?.close();
  await db?.close();
}

// --- police ------------------------------------------------------------------------------------

describe('police', () => {
  const query = helpEntities(/* GraphQL */ `
    crimeType {
      code name description policeUkCategory cyber fraud
      reportingRoutes { id name urgency }
      evidenceGuidance { id title }
    }
    district {
      code name area postcodeDistricts
      policingTeams { id name district { code } }
    }
    urgency
    reportingRoutes { id channel name contact url urgency anonymous whenToUse workstream reasons { kind text } }
    reportingRoutesConnection(first: 50) { totalCount nodes { id reasons { kind } } }
    evidenceGuidance { id kind title advice workstream }
    policingTeams { id name covers url district { code name area } }
  `);
  const extra = 40;
  let db: PoliceDb;
  let app: App;
  const before: { single?: Measured; pair?: Measured } = {};

  beforeAll(async () => {
    db = await openPoliceDatabase(memory);
    await seedPolice(db.prisma);
    await seedPoliceDemo(db.prisma); // demonstration data: the synthetic reports
    // Reference data read for every request (not once a minute): this test adds evidence guidance meanwhile.
    app = named(await createPoliceServer(db, { logLevel: 'silent', signing, referenceDataMaxAgeMs: 0 }), 'police');
    before.single = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    before.pair = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });

    // Many more routes, evidence guidance and teams that answer both questions.
    const crimeTypeCodes = [ransomwareInStafford.crimeTypeCode, ddosInStoke.crimeTypeCode];
    await db.prisma.reportingRoute.createMany({
      data: range(extra).map((i) => ({
        id: `qc-route-${i}`,
        channel: (['PHONE', 'ONLINE', 'EMAIL'] as const)[i % 3]!,
        name: `Extra reporting route ${i}`,
        contact: `0300 000 ${String(i).padStart(4, '0')}`,
        url: i % 2 ? `https://example.org/report/${i}` : null,
        urgency: 'NON_EMERGENCY' as const,
        whenToUse: 'When nobody is in danger.',
      })),
    });
    await db.prisma.crimeTypeRoute.createMany({
      data: crimeTypeCodes.flatMap((crimeTypeCode) => range(extra).map((i) => ({ crimeTypeCode, routeId: `qc-route-${i}`, rank: 100 + i }))),
    });
    await db.prisma.evidenceGuidance.createMany({
      data: range(extra).map((i) => ({
        id: `qc-evidence-${i}`,
        kind: (['DIGITAL', 'DOCUMENTS', 'WITNESS'] as const)[i % 3]!,
        title: `Extra evidence advice ${i}`,
        advice: 'Keep it safe.',
        crimeTypeCodes,
        sortOrder: 1000 + i,
      })),
    });
    await db.prisma.policingTeam.createMany({
      data: [STAFFORD, STOKE].flatMap((districtCode) =>
        range(extra).map((i) => ({
          id: `qc-team-${districtCode}-${i}`,
          name: `Extra policing team ${districtCode} ${i}`,
          districtCode,
          covers: 'Somewhere',
          url: `https://example.org/teams/${districtCode}/${i}`,
        })),
      ),
    });
  });

  afterAll(() => closeAll(app, db));

  const lengths = (help: any) => ({
    reportingRoutes: help.reportingRoutes.length,
    evidenceGuidance: help.evidenceGuidance.length,
    policingTeams: help.policingTeams.length,
  });

  it('police: a help answer costs the same number of queries with 4 routes, 3 evidence tips and 1 team or 44, 43 and 41', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    const [was] = before.single!.data._entities;
    const [now] = after.data._entities;
    expect(now.crimeType.code).toBe('cyber-ransomware');
    expect(now.district.code).toBe(STAFFORD);
    expect(lengths(was)).toEqual({ reportingRoutes: 4, evidenceGuidance: 3, policingTeams: 1 });
    expect(lengths(now)).toEqual({
      reportingRoutes: lengths(was).reportingRoutes + extra,
      evidenceGuidance: lengths(was).evidenceGuidance + extra,
      policingTeams: lengths(was).policingTeams + extra,
    });
    expect(now.crimeType.reportingRoutes).toHaveLength(now.reportingRoutes.length);
    // The ranked list and its pages come from the same query; every route says why it is there.
    expect(now.urgency).toBe('NON_EMERGENCY');
    expect(now.reportingRoutesConnection.totalCount).toBe(now.reportingRoutes.length);
    expect(now.reportingRoutesConnection.nodes.map((r: any) => r.id)).toEqual(now.reportingRoutes.map((r: any) => r.id));
    expect(now.reportingRoutes.every((r: any) => r.reasons.length > 0)).toBe(true);
    expect(now.district.policingTeams).toHaveLength(now.policingTeams.length);
    expectSameCost('police', before.single!, after);
  });

  it('police: two questions in one _entities call cost the same number of queries as one, with or without 40 more routes, tips and teams each', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    expect(after.data._entities.map((h: any) => h.crimeType.code)).toEqual(['cyber-ransomware', 'cyber-ddos']);
    expect(after.data._entities.map((h: any) => h.district.code)).toEqual([STAFFORD, STOKE]);
    for (const [i, now] of after.data._entities.entries()) {
      const was = before.pair!.data._entities[i];
      expect(lengths(now)).toEqual({
        reportingRoutes: lengths(was).reportingRoutes + extra,
        evidenceGuidance: lengths(was).evidenceGuidance + extra,
        policingTeams: lengths(was).policingTeams + extra,
      });
    }
    expectSameCost('police', before.pair!, after);
    // A second question batches into the same queries as the first.
    expect(before.pair!.queries).toBe(before.single!.queries);
  });
});

// --- support -----------------------------------------------------------------------------------

describe('support', () => {
  const query = helpEntities(/* GraphQL */ `
    supportOffers {
      id title description url email phone cost free workstream
      eligibleSectors eligibleSizes districts { code } scope ruralOnly allCrimeTypes reasons { kind text }
      provider { id name kind url supportOffers { id } }
      crimeTypes { code }
    }
  `);
  // A help section lists at most 50 items: 13 seeded offers and 30 more stay under it.
  const extra = 30;
  const providers = ['growth-hub', 'staffordshire-chambers', 'fsb', 'pabcis', 'wmcrc', 'ncsc', 'staffordshire-police'];
  let db: SupportDb;
  let app: App;
  const before: { single?: Measured; pair?: Measured } = {};

  beforeAll(async () => {
    db = await openSupportDatabase(memory);
    await seedSupport(db.prisma);
    await seedSupportDemo(db.prisma); // demonstration data: the synthetic businesses
    app = named(await createSupportServer(db, { logLevel: 'silent', signing }), 'support');
    before.single = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    before.pair = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });

    // Offers open to every business for every crime type, from several existing organisations.
    await db.prisma.supportOffer.createMany({
      data: range(extra).map((i) => ({
        id: `qc-offer-${i}`,
        organizationId: providers[i % providers.length]!,
        title: `Extra support offer ${String(i).padStart(2, '0')}`,
        description: 'Help for any business.',
        url: `https://example.org/offers/${i}`,
        cost: 'Free',
        workstream: (['PREVENT', 'PREPARE', 'PURSUE'] as const)[i % 3]!,
        allCrimeTypes: true,
        sortOrder: 500 + i,
      })),
    });
  });

  afterAll(() => closeAll(app, db));

  it('support: a help answer costs the same number of queries with 13 offers or 43, ranked', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    const was = before.single!.data._entities[0].supportOffers;
    const now = after.data._entities[0].supportOffers;
    expect(was).toHaveLength(13);
    expect(now).toHaveLength(was.length + extra);
    const providerIds = new Set(now.map((offer: any) => offer.provider.id));
    for (const id of providers) expect(providerIds).toContain(id);
    for (const offer of now) expect(offer.provider.name).toBeTruthy();
    // Ranked: the offers for ransomware before the extra ones, which are for every crime type.
    expect(now.slice(0, 12).every((offer: any) => offer.reasons[0].kind === 'CRIME_TYPE')).toBe(true);
    expect(now.slice(13).every((offer: any) => offer.id.startsWith('qc-offer-'))).toBe(true);
    expectSameCost('support', before.single!, after);
  });

  it('support: two questions in one _entities call cost the same number of queries with 13 and 10 offers or 43 and 40', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    expect(after.data._entities.map((h: any) => h.crimeTypeCode)).toEqual(['cyber-ransomware', 'cyber-ddos']);
    expect(before.pair!.data._entities.map((h: any) => h.supportOffers.length)).toEqual([13, 10]);
    for (const [i, help] of after.data._entities.entries()) {
      expect(help.supportOffers).toHaveLength(before.pair!.data._entities[i].supportOffers.length + extra);
    }
    expectSameCost('support', before.pair!, after);
  });
});

// --- cyber -------------------------------------------------------------------------------------

describe('cyber', () => {
  const sessionFields = /* GraphQL */ `
    id title startsAt endsAt online venue district { code } capacity seatsLeft workstream
    course { id title level provider { id } crimeTypes { code } sessions { nodes { id } } }
  `;
  const query = helpEntities(`trainingSessions { ${sessionFields} reasons { kind text } } trainingSessionsConnection(first: 50) { totalCount nodes { id } }`);
  const courseEntities = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on Course { id title provider { id } sessions(first: 100) { totalCount nodes { ${sessionFields} } } }
      }
    }
  `;
  const coursesQuery = /* GraphQL */ `{ courses(first: 100) { totalCount nodes { id title provider { id } sessions(first: 100) { totalCount nodes { ${sessionFields} } } } } }`;
  /** A page of sessions with each one's bookings, as the course's organiser reads them. */
  const sessionsPage = /* GraphQL */ `
    query ($first: Int!) {
      trainingSessions(first: $first, filter: { course: "course-incident-response" }) {
        totalCount
        edges { cursor node { ${sessionFields} bookings(first: 100) { totalCount nodes { id status attendeeName session { id title } } } } }
      }
    }
  `;
  /** A page of a business's bookings, each with its session and course. */
  const bookingsPage = /* GraphQL */ `
    query ($r: [_Any!]!, $first: Int!) {
      _entities(representations: $r) {
        ... on Viewer { bookings(first: $first) { totalCount nodes { id status createdAt business { id } session { ${sessionFields} } } } }
      }
    }
  `;
  /** Open to micro and small businesses, addresses both questions' crime types; run by wmcrc. */
  const courseId = 'course-incident-response';
  const organiser: Identity = { kind: 'user', subject: 'wmcrc-staff', role: 'partner', organizationId: 'wmcrc' };
  const owner: Identity = { kind: 'user', subject: 'owner-qc', role: 'business', businessId: 'biz-qc' };
  const viewer = [{ __typename: 'Viewer', id: 'owner-qc' }];
  const courses = [
    { __typename: 'Course', id: courseId },
    { __typename: 'Course', id: 'course-ransomware' },
  ];
  const extra = 40;
  let db: CyberDb;
  let app: App;
  const before: { single?: Measured; pair?: Measured; course?: Measured; courses?: Measured } = {};

  beforeAll(async () => {
    db = await openCyberDatabase(memory);
    await seedCyber(db.prisma);
    await seedCyberDemo(db.prisma); // demonstration data: the invented sessions
    app = named(await createCyberServer(db, { logLevel: 'silent', signing }), 'cyber');
    before.single = await measure(app, db.queries, query, { r: [ddosInStoke] });
    before.pair = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    before.course = await measure(app, db.queries, courseEntities, { r: courses });
    before.courses = await measure(app, db.queries, coursesQuery, {});

    // Upcoming sessions with seats, online and at venues, of a course that answers both questions;
    // each with bookings of the business above.
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    await db.prisma.trainingSession.createMany({
      data: range(extra).map((i) => {
        const startsAt = new Date(now + (i + 2) * day);
        const where = [
          { online: true, venue: 'Online (Microsoft Teams)', districtCode: null },
          { online: false, venue: 'Staffordshire Place, Stafford', districtCode: STAFFORD },
          { online: false, venue: 'Stoke-on-Trent Enterprise Centre', districtCode: STOKE },
          { online: false, venue: 'Burton Library', districtCode: 'E07000193' },
        ][i % 4]!;
        return { id: `qc-session-${i}`, courseId, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 60 * 60 * 1000), ...where, capacity: 20, seatsBooked: i % 10 };
      }),
    });
    await db.prisma.booking.createMany({
      data: range(extra).flatMap((i) =>
        range(3).map((n) => ({
          id: `qc-booking-${i}-${n}`,
          sessionId: `qc-session-${i}`,
          businessId: 'biz-qc',
          attendeeName: `Attendee ${i}-${n}`,
          attendeeEmail: `attendee-${i}-${n}@example.com`,
          status: (['BOOKED', 'WAITING', 'CANCELLED'] as const)[n]!,
          waitlistPosition: n === 1 ? 1 : null,
          idempotencyKey: `qc-key-${i}-${n}`,
          createdAt: new Date(now - (i * 3 + n) * 60_000),
        })),
      ),
    });
  });

  afterAll(() => closeAll(app, db));

  /** The extra sessions a question may list: online, or held in its own district (a quarter of them each). */
  const extraFor = (districtCode: string) => Math.min(helpSessionLimit, range(extra).filter((i) => i % 4 === 0 || [null, STAFFORD, STOKE, 'E07000193'][i % 4] === districtCode).length);
  const startTimes = (sessions: any[]) => sessions.map((s: any) => Date.parse(s.startsAt));

  it(`cyber: a help answer costs the same number of queries with 2 sessions or 22 (online or in its district, soonest first, at most ${helpSessionLimit})`, async () => {
    const after = await measure(app, db.queries, query, { r: [ddosInStoke] });
    const was = before.single!.data._entities[0].trainingSessions;
    const help = after.data._entities[0];
    const now = help.trainingSessions;
    expect(was).toHaveLength(2);
    expect(now).toHaveLength(was.length + extraFor(STOKE));
    expect(startTimes(now)).toEqual([...startTimes(now)].sort((a, b) => a - b));
    expect(help.trainingSessionsConnection.totalCount).toBe(now.length);
    expect(help.trainingSessionsConnection.nodes.map((s: any) => s.id)).toEqual(now.map((s: any) => s.id));
    for (const session of now) {
      expect(session.online || session.district.code === STOKE).toBe(true);
      expect(session.seatsLeft).toBeGreaterThan(0);
      expect(session.course.title).toBe(session.title);
      expect(session.course.provider.id).toBeTruthy();
      expect(session.reasons.map((r: any) => r.kind)).toContain('AREA');
    }
    expectSameCost('cyber', before.single!, after);
  });

  it('cyber: two questions in one _entities call cost the same number of queries as one, with or without 40 more sessions', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    expect(after.data._entities.map((h: any) => h.crimeTypeCode)).toEqual(['cyber-ransomware', 'cyber-ddos']);
    const [wasRansomware, wasDdos] = before.pair!.data._entities.map((h: any) => h.trainingSessions.length);
    const [nowRansomware, nowDdos] = after.data._entities.map((h: any) => h.trainingSessions.length);
    expect(wasRansomware).toBeGreaterThan(0);
    expect(nowRansomware).toBe(Math.min(helpSessionLimit, wasRansomware + extraFor(STAFFORD)));
    expect(wasDdos).toBe(2);
    expect(nowDdos).toBe(wasDdos + extraFor(STOKE));
    expectSameCost('cyber', before.pair!, after);
    expect(before.pair!.queries).toBe(before.single!.queries + 1); // one more query for the second question's sessions
  });

  it('cyber: Course.sessions via _entities costs the same number of queries with 3 sessions or 43', async () => {
    const after = await measure(app, db.queries, courseEntities, { r: courses });
    const sessionsOf = (m: Measured) => Object.fromEntries(m.data._entities.map((c: any) => [c.id, c.sessions.nodes.length]));
    const was = sessionsOf(before.course!);
    const now = sessionsOf(after);
    expect(was[courseId]).toBe(3);
    expect(now[courseId]).toBe(was[courseId] + extra);
    expect(now['course-ransomware']).toBe(was['course-ransomware']);
    const grown = after.data._entities.find((c: any) => c.id === courseId);
    expect(grown.sessions.totalCount).toBe(now[courseId]);
    // The nested page (default first: 20) of each session's course.
    for (const session of grown.sessions.nodes) expect(session.course.sessions.nodes).toHaveLength(20);
    expectSameCost('cyber', before.course!, after);
  });

  it('cyber: the courses page with every upcoming session costs the same number of queries with 29 sessions or 69', async () => {
    const after = await measure(app, db.queries, coursesQuery, {});
    const total = (m: Measured) => m.data.courses.nodes.reduce((sum: number, c: any) => sum + c.sessions.nodes.length, 0);
    expect(total(before.courses!)).toBe(29);
    expect(total(after)).toBe(total(before.courses!) + extra);
    expect(after.data.courses.nodes.reduce((sum: number, c: any) => sum + c.sessions.totalCount, 0)).toBe(total(after));
    expectSameCost('cyber', before.courses!, after);
  });

  it('cyber: a page of 5 sessions or of 40, each with its bookings, costs the same number of queries', async () => {
    const small = await measure(app, db.queries, sessionsPage, { first: 5 }, organiser);
    const large = await measure(app, db.queries, sessionsPage, { first: 40 }, organiser);
    expect(small.data.trainingSessions.edges).toHaveLength(5);
    expect(large.data.trainingSessions.edges).toHaveLength(40);
    const bookings = large.data.trainingSessions.edges.flatMap((e: any) => e.node.bookings.nodes);
    const withBookings = large.data.trainingSessions.edges.filter((e: any) => e.node.id.startsWith('qc-session-')).length;
    expect(withBookings).toBeGreaterThan(30);
    expect(bookings).toHaveLength(withBookings * 3);
    for (const edge of large.data.trainingSessions.edges) {
      expect(edge.node.bookings.totalCount).toBe(edge.node.bookings.nodes.length);
      for (const booking of edge.node.bookings.nodes) expect(booking.session.id).toBe(edge.node.id);
    }
    expectSameCost('cyber', small, large);
  });

  it("cyber: a page of 2 of a business's bookings or of 100, each with its session and course, costs the same number of queries", async () => {
    const small = await measure(app, db.queries, bookingsPage, { r: viewer, first: 2 }, owner);
    const large = await measure(app, db.queries, bookingsPage, { r: viewer, first: 100 }, owner);
    expect(small.data._entities[0].bookings.nodes).toHaveLength(2);
    expect(large.data._entities[0].bookings.nodes).toHaveLength(100);
    expect(large.data._entities[0].bookings.totalCount).toBe(extra * 3);
    expect(new Set(large.data._entities[0].bookings.nodes.map((b: any) => b.session.id)).size).toBeGreaterThan(30);
    expectSameCost('cyber', small, large);
  });
});

// --- victims -----------------------------------------------------------------------------------

describe('victims', () => {
  const query = helpEntities(/* GraphQL */ `
    victimServices {
      id name description contact phone email url hours referralRoute howToBeReferred
      servesBusinesses servesIndividuals allCrimeTypes workstream stages rights ruralOnly scope
      reasons { kind text }
      districts { code }
      provider { id }
      crimeTypes { code }
    }
    victimServicesConnection(first: 3) { totalCount edges { cursor node { id reasons { kind } } } }
    victimsCodeRights { number title summary appliesToBusinesses forBusinesses services { id stages rights provider { id } } }
  `);
  const servicesPage = /* GraphQL */ `
    query ($first: Int, $after: String) {
      victimServices(first: $first, after: $after, filter: { forBusinesses: true }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id } }
        nodes { id name contact referralRoute districts { code } provider { id } crimeTypes { code } workstream }
      }
    }
  `;
  /** me.referrals as the gateway asks the victims subgraph for it: the caller's Viewer. */
  const referralsPage = /* GraphQL */ `
    query ($r: [_Any!]!, $first: Int, $after: String) {
      _entities(representations: $r) {
        ... on Viewer {
          referrals(first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id } }
            nodes {
              id crimeReference contactName receivedAt contactMadeAt
              business { id } district { code } crimeType { code }
              service { id name contact districts { code } provider { id } }
            }
          }
        }
      }
    }
  `;
  const staff: Identity = { kind: 'user', subject: 'qc-staff-1', role: 'partner', organizationId: 'qc-org' };
  const asStaff = { r: [{ __typename: 'Viewer', id: 'qc-staff-1' }] };
  const extra = 40;
  const providers = ['victim-gateway', 'victim-support', 'staffordshire-police', 'citizens-advice-staffordshire', 'pabcis'];
  let db: VictimsDb;
  let app: App;
  const before: { single?: Measured; pair?: Measured; services?: Measured; referrals?: Measured } = {};

  beforeAll(async () => {
    db = await openVictimsDatabase(memory);
    await seedVictims(db.prisma);
    app = named(await createVictimsServer(db, { logLevel: 'silent', signing }), 'victims');
    before.single = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    before.pair = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    before.services = await measure(app, db.queries, servicesPage, { first: 5 });
    // Five referrals to the organisation's two services; measured before 55 more arrive.
    const referral = (i: number) => ({
      reportReference: `BCH-26-9${String(i).padStart(5, '0')}`,
      serviceId: i % 2 ? 'staffordshire-victim-gateway' : 'victim-support-supportline',
      organizationId: 'qc-org',
      businessId: `biz-qc-${i}`,
      contactName: 'Alex Example',
      crimeTypeCode: 'burglary',
      districtCode: i % 2 ? STAFFORD : STOKE,
      receivedAt: new Date(Date.parse('2026-10-01T09:00:00Z') + i * 60_000),
      contactMadeAt: i % 3 ? null : new Date(Date.parse('2026-10-02T09:00:00Z') + i * 60_000),
    });
    await db.prisma.referral.createMany({ data: range(5).map(referral) });
    before.referrals = await measure(app, db.queries, referralsPage, { ...asStaff, first: 5 }, staff);
    await db.prisma.referral.createMany({ data: range(55).map((i) => referral(i + 5)) });

    // Services for businesses, for every crime type, covering both questions' districts: most
    // apply now (victimServices), every fourth only after a charge (under the rights it delivers).
    await db.prisma.victimService.createMany({
      data: range(extra).map((i) => ({
        id: `qc-service-${i}`,
        providerId: providers[i % providers.length]!,
        name: `Extra victim service ${String(i).padStart(2, '0')}`,
        description: 'Support for businesses hit by crime.',
        phone: i % 2 ? `0800 000 ${String(i).padStart(4, '0')}` : null,
        url: `https://example.org/services/${i}`,
        referralRoute: (['SELF_REFERRAL', 'POLICE_REFERRAL', 'SELF_OR_POLICE'] as const)[i % 3]!,
        howToBeReferred: 'Call or ask the police.',
        servesBusinesses: true,
        servesIndividuals: i % 2 === 0,
        allCrimeTypes: true,
        districtCodes: [STAFFORD, STOKE],
        sortOrder: 500 + i,
        stages: i % 4 === 3 ? ['AFTER_A_CHARGE', 'AT_COURT'] : ['AFTER_THE_CRIME'],
        rights: i % 4 === 3 ? [6, 8] : [4],
      })),
    });
  });

  afterAll(() => closeAll(app, db));

  /** Of the extra services, those that apply now (the rest apply after a charge). */
  const extraNow = range(extra).filter((i) => i % 4 !== 3).length;
  const laterUnder = (help: any, number: number) => help.victimsCodeRights.find((r: any) => r.number === number).services.length;

  it('victims: a help answer costs the same number of queries with 4 services or 34, and 1 service under a right or 11', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford] });
    const [was] = before.single!.data._entities;
    const [now] = after.data._entities;
    expect(was.victimServices).toHaveLength(4);
    expect(now.victimServices).toHaveLength(was.victimServices.length + extraNow);
    expect(now.victimServicesConnection.totalCount).toBe(now.victimServices.length);
    expect(now.victimsCodeRights.length).toBeGreaterThan(0);
    expect(now.victimsCodeRights.map((r: any) => r.number)).toEqual(was.victimsCodeRights.map((r: any) => r.number));
    expect(laterUnder(now, 8)).toBe(laterUnder(was, 8) + (extra - extraNow));
    const providerIds = new Set(now.victimServices.map((s: any) => s.provider.id));
    for (const id of providers) expect(providerIds).toContain(id);
    expectSameCost('victims', before.single!, after);
  });

  it('victims: two questions in one _entities call cost the same number of queries with 4 services each or 34', async () => {
    const after = await measure(app, db.queries, query, { r: [ransomwareInStafford, ddosInStoke] });
    expect(after.data._entities.map((h: any) => h.crimeTypeCode)).toEqual(['cyber-ransomware', 'cyber-ddos']);
    expect(before.pair!.data._entities.map((h: any) => h.victimServices.length)).toEqual([4, 4]);
    for (const [i, help] of after.data._entities.entries()) {
      expect(help.victimServices).toHaveLength(before.pair!.data._entities[i].victimServices.length + extraNow);
      expect(laterUnder(help, 6)).toBe(laterUnder(before.pair!.data._entities[i], 6) + (extra - extraNow));
    }
    expectSameCost('victims', before.pair!, after);
  });

  it('victims: a page of 45 services, and a page deep in the directory, cost what a page of 5 did', async () => {
    expect(before.services!.data.victimServices.nodes).toHaveLength(5);
    const big = await measure(app, db.queries, servicesPage, { first: 45 });
    expect(big.data.victimServices.nodes).toHaveLength(45);
    expectSameCost('victims', before.services!, big);
    const deep = await measure(app, db.queries, servicesPage, { first: 5, after: big.data.victimServices.edges[39].cursor });
    expect(deep.data.victimServices.nodes.map((s: any) => s.id)).toEqual(big.data.victimServices.nodes.slice(40).map((s: any) => s.id));
    expectSameCost('victims', before.services!, deep);
  });

  it('victims: a page of 50 referrals with their services, and a page deep in the list, cost what a page of 5 did', async () => {
    const [was] = before.referrals!.data._entities;
    expect(was.referrals.nodes).toHaveLength(5);
    const big = await measure(app, db.queries, referralsPage, { ...asStaff, first: 50 }, staff);
    const [page] = big.data._entities;
    expect(page.referrals.totalCount).toBe(60);
    expect(page.referrals.nodes).toHaveLength(50);
    expect(new Set(page.referrals.nodes.map((r: any) => r.service.id))).toEqual(new Set(['staffordshire-victim-gateway', 'victim-support-supportline']));
    expectSameCost('victims', before.referrals!, big);
    const deep = await measure(app, db.queries, referralsPage, { ...asStaff, first: 5, after: page.referrals.edges[49].cursor }, staff);
    expect(deep.data._entities[0].referrals.nodes).toHaveLength(5);
    expectSameCost('victims', before.referrals!, deep);
  });
});
