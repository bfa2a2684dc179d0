// The cyber team's part of a help answer, in process on in-memory PGlite with the reference and
// demonstration data: the sessions a business can attend (online or in its own district, never
// another; upcoming, with seats left, of courses open to it) in date order, soonest first, each
// saying why it is there; the top N, the workstream, the pages behind a cursor, the cap; bad
// `first` and `after` refused with BAD_USER_INPUT and the field named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, crimeTypeReason, signRequest, type SigningConfig } from '@crimehub/common';
import { openCyberDatabase, type CyberDb } from './db.ts';
import { createLoaders, helpSessionLimit } from './loaders.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'cyber-help-sessions-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const STAFFORD = 'E07000197';
const CANNOCK = 'E07000192';
const day = 86_400_000;
/** A small Stafford shop under a denial of service attack. */
const question = { __typename: 'Help', crimeTypeCode: 'cyber-ddos', districtCode: STAFFORD, sector: 'RETAIL', size: 'SMALL', rural: false };

type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };

const listQuery = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $workstream: Workstream) {
    _entities(representations: $r) {
      ... on Help { trainingSessions(first: $first, workstream: $workstream) { id startsAt online district { code } seatsLeft workstream reasons { kind text } } }
    }
  }
`;
const pageQuery = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $r) {
      ... on Help { trainingSessionsConnection(first: $first, after: $after) { totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }
    }
  }
`;

describe('cyber help: training sessions', () => {
  let db: CyberDb;
  let app: Awaited<ReturnType<typeof createServer>>;
  let counter = 0;

  async function ask(query: string, variables: Record<string, unknown>): Promise<Answer> {
    const payload = JSON.stringify({ query, variables: { r: [question], ...variables } });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'cyber' }, anonymous, payload) },
      payload,
    });
    return response.json() as Answer;
  }

  async function sessions(variables: Record<string, unknown> = {}) {
    const answer = await ask(listQuery, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data._entities[0].trainingSessions as any[];
  }

  async function addSession(startsIn: number, more: Record<string, unknown> = {}) {
    const id = `sess-help-${String(++counter).padStart(3, '0')}`;
    const startsAt = new Date(Date.now() + startsIn);
    await db.prisma.trainingSession.create({
      data: { id, courseId: 'course-help-retail', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), venue: 'Online', online: true, capacity: 10, ...more },
    });
    return id;
  }

  const ids = (list: { id: string }[]) => list.map((s) => s.id);
  const inStafford = { online: false, venue: 'Staffordshire Place, Stafford', districtCode: STAFFORD };
  const placed: Record<string, string> = {};

  beforeAll(async () => {
    db = await openCyberDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    await seedDemo(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
    // A course for retailers only, against denial of service attacks.
    await db.prisma.course.create({
      data: {
        id: 'course-help-retail',
        title: 'Keeping a shop online',
        description: 'For retailers.',
        level: 'INTRODUCTORY',
        workstream: 'PREPARE',
        providerId: 'wmcrc',
        durationMinutes: 60,
        crimeTypeCodes: ['cyber-ddos'],
        eligibleSectors: ['RETAIL'],
      },
    });
    placed.staffordLater = await addSession(9 * day, inStafford);
    placed.online = await addSession(3 * day);
    placed.staffordSoon = await addSession(1 * day, inStafford);
    placed.cannock = await addSession(2 * day, { online: false, venue: 'Cannock Library', districtCode: CANNOCK });
    placed.past = await addSession(-2 * day);
    placed.full = await addSession(4 * day, { seatsBooked: 10 });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists the sessions online or in the business district, soonest first, never another district, past or full', async () => {
    const list = await sessions();
    const times = list.map((s) => Date.parse(s.startsAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const s of list) {
      expect(s.online || s.district.code === STAFFORD).toBe(true);
      expect(s.seatsLeft).toBeGreaterThan(0);
      expect(Date.parse(s.startsAt)).toBeGreaterThan(Date.now());
    }
    const mine = ids(list).filter((id) => id.startsWith('sess-help-'));
    expect(mine).toEqual([placed.staffordSoon, placed.online, placed.staffordLater]);
    // Sessions of other courses for this crime type, open to a small retailer, are listed too.
    expect(list.length).toBeGreaterThan(mine.length);
  });

  it('says why: the crime type, the sector when the course is limited to it, and where', async () => {
    const list = await sessions();
    const byId = new Map(list.map((s) => [s.id, s]));
    expect(byId.get(placed.staffordSoon).reasons).toEqual([crimeTypeReason('cyber-ddos'), { kind: 'SECTOR', text: 'For shops and retailers' }, { kind: 'AREA', text: 'In Stafford' }]);
    expect(byId.get(placed.online).reasons.at(-1)).toEqual({ kind: 'AREA', text: 'Online' });
    // The incident response course is for micro, small and medium businesses.
    const sized = list.find((s) => s.reasons.some((r: any) => r.kind === 'SIZE'));
    expect(sized.reasons.find((r: any) => r.kind === 'SIZE').text).toBe('For small businesses (10 to 49 staff)');
  });

  it('first: the soonest N; workstream: only its sessions', async () => {
    const whole = await sessions();
    expect(ids(await sessions({ first: 2 }))).toEqual(ids(whole).slice(0, 2));
    const prepare = await sessions({ workstream: 'PREPARE' });
    expect(prepare.length).toBeGreaterThan(0);
    expect(prepare.every((s) => s.workstream === 'PREPARE')).toBe(true);
    expect(ids(prepare)).toEqual(ids(whole.filter((s) => s.workstream === 'PREPARE')));
  });

  it('pages the same list 2 at a time, without repeats', async () => {
    const whole = ids(await sessions());
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const answer = await ask(pageQuery, { first: 2, after });
      expect(answer.errors).toBeUndefined();
      const page = answer.data._entities[0].trainingSessionsConnection;
      expect(page.totalCount).toBe(whole.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.edges.map((e: any) => e.node)).toEqual(page.nodes);
      seen.push(...ids(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
  });

  it.each([
    ['first 0 on the list', listQuery, { first: 0 }, 'first'],
    ['first 51 on the list', listQuery, { first: 51 }, 'first'],
    ['first 0 on the connection', pageQuery, { first: 0 }, 'first'],
    ['an after that is no cursor', pageQuery, { after: 'not-a-cursor' }, 'after'],
    ['an after of another shape', pageQuery, { after: Buffer.from(JSON.stringify(['x', 'y', 'z'])).toString('base64url') }, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, query, variables, field) => {
    const answer = await ask(query, variables);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('never lists a session that began earlier in the same minute, however many did', async () => {
    // A clock 40 s into a minute far ahead: every other session has begun by then.
    const minute = Date.UTC(2031, 0, 6, 10, 0, 0);
    const loaders = () => createLoaders(db.prisma, () => new Date(minute + 40_000));
    const at = async (offsetMs: number) => {
      const id = `sess-minute-${String(++counter).padStart(3, '0')}`;
      const startsAt = new Date(minute + offsetMs);
      await db.prisma.trainingSession.create({ data: { id, courseId: 'course-help-retail', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), venue: 'Online', online: true, capacity: 10 } });
      return id;
    };
    const later = await at(50_000);
    const began = await at(10_000);
    const sessionIds = async () => ((await loaders().sessionsForHelp.load(question)) as { session: { id: string } }[]).map(({ session }) => session.id);
    expect(await sessionIds()).toEqual([later]);
    expect(await sessionIds()).not.toContain(began);
    // More sessions began this minute than the list and its margin hold: asked again from now.
    for (let i = 0; i < helpSessionLimit + 10; i++) await at(1_000 + i * 100);
    const nextMinute = [await at(61_000), await at(62_000)];
    expect(await sessionIds()).toEqual([later, ...nextMinute]);
    await db.prisma.trainingSession.deleteMany({ where: { id: { startsWith: 'sess-minute-' } } });
  });

  it(`holds at most ${helpSessionLimit} sessions, the soonest`, async () => {
    // Runs last: many online sessions within the next hours, before every other.
    const added: string[] = [];
    for (let i = 0; i < helpSessionLimit + 5; i++) added.push(await addSession(3_600_000 + i * 60_000));
    const list = await sessions();
    expect(list).toHaveLength(helpSessionLimit);
    expect(ids(list)).toEqual(added.slice(0, helpSessionLimit));
    const page = (await ask(pageQuery, { first: 50 })).data._entities[0].trainingSessionsConnection;
    expect(page.totalCount).toBe(helpSessionLimit);
  });
});
