// cyberStatistics in process, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: sessions,
// bookings and register entries written with known dates in early 2024, then every measure by
// every grouping, zeros and small counts withheld, counts rounded to 5, totals rounded from the
// unrounded sum, sessions not yet held left out, filters, and bad input refused with its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase, type Backend } from '../../../tests/utils/processes.ts';
import { openCyberDatabase, type CyberDb } from './db.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'cyber-statistics-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const analyst: Identity = { kind: 'user', subject: 'analyst-1', role: 'analyst' };
const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const statisticsQuery = /* GraphQL */ `
  query ($measure: CyberMeasure!, $groupBy: CyberGrouping!, $filter: CyberStatisticsFilter) {
    cyberStatistics(measure: $measure, groupBy: $groupBy, filter: $filter) {
      measure groupBy definition period { from to } lastUpdated
      disclosure { threshold roundingBase minimumForTimes description }
      cells { key label count suppressed medianDays p90Days }
      total { key label count suppressed medianDays p90Days }
    }
  }
`;

/** January to March 2024, London time (British Summer Time began on 31 March at 01:00 UTC). */
const firstQuarter = { from: '2024-01-01T00:00:00Z', to: '2024-03-31T23:00:00Z' };
const stafford = 'E07000197';
const hour = 3_600_000;

describe.each(backends)('cyberStatistics on %s', (backend) => {
  let db: CyberDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;

  async function ask(variables: Record<string, unknown>, identity: Identity = analyst) {
    const payload = JSON.stringify({ query: statisticsQuery, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'cyber' }, identity, payload) }, payload });
    return response.json() as { data?: any; errors?: { message: string; extensions?: { code?: string; field?: string; fieldErrors?: { field: string }[] } }[] };
  }
  const figures = async (variables: Record<string, unknown>) => {
    const answer = await ask(variables);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.cyberStatistics;
  };
  const cell = (answer: { cells: { key: string }[] }, key: string) => answer.cells.find((c) => c.key === key);
  const fault = async (filter: Record<string, unknown>) => (await ask({ measure: 'SESSIONS_DELIVERED', groupBy: 'MONTH', filter })).errors?.[0]?.extensions;

  beforeAll(async () => {
    if (backend === 'postgres') {
      const pg = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'cyberstats');
      drop = pg.drop;
      db = await openCyberDatabase({ kind: 'postgres', url: pg.url });
    } else {
      db = await openCyberDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma); // the courses only: no sessions, bookings or champions in 2024
    app = await createServer(db, { logLevel: 'silent', signing });

    const session = (id: string, courseId: string, startsAt: Date, districtCode: string | null) => ({
      id,
      courseId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * hour),
      venue: districtCode ? 'Staffordshire Place, Stafford' : 'Online',
      online: districtCode === null,
      districtCode,
      capacity: 12,
    });
    // 11 introductory sessions in Stafford in January, 1 advanced (IT practitioner) session online in February,
    // 1 in Stafford tomorrow (not yet held).
    const sessions = [
      ...Array.from({ length: 11 }, (_, i) => session(`s-jan-${i}`, 'course-intro', new Date(Date.UTC(2024, 0, 3 + i, 9)), stafford)),
      session('s-feb', 'course-it-practitioner', new Date(Date.UTC(2024, 1, 7, 9)), null),
      session('s-soon', 'course-intro', new Date(Date.now() + 24 * hour), stafford),
    ];
    await db.prisma.trainingSession.createMany({ data: sessions });
    const booking = (sessionId: string, n: number, status: 'BOOKED' | 'WAITING' | 'CANCELLED') => ({
      id: `b-${sessionId}-${n}`,
      sessionId,
      businessId: `biz-${sessionId}-${n}`,
      attendeeName: `Attendee ${n}`,
      attendeeEmail: `attendee${n}@example.com`,
      status,
      waitlistPosition: status === 'WAITING' ? n : null,
      idempotencyKey: `key-${sessionId}-${n}`,
      createdAt: new Date(Date.UTC(2023, 11, 1 + n)),
    });
    await db.prisma.booking.createMany({
      data: [
        ...Array.from({ length: 12 }, (_, n) => booking('s-jan-0', n, 'BOOKED')),
        ...Array.from({ length: 3 }, (_, n) => booking('s-jan-0', 12 + n, 'WAITING')),
        ...Array.from({ length: 2 }, (_, n) => booking('s-jan-0', 15 + n, 'CANCELLED')),
        ...Array.from({ length: 7 }, (_, n) => booking('s-feb', n, 'BOOKED')),
        ...Array.from({ length: 5 }, (_, n) => booking('s-soon', n, 'BOOKED')),
      ],
    });
    // Champions: 6 from the January session, one online one with no booking trained on the
    // last day of March, and one trained on 1 April (outside the period).
    await db.prisma.cyberChampion.createMany({
      data: [
        ...Array.from({ length: 6 }, (_, n) => ({ id: `c-${n}`, businessId: `biz-s-jan-0-${n}`, courseId: 'course-intro', trainedOn: new Date('2024-01-03'), bookingId: `b-s-jan-0-${n}` })),
        { id: 'c-march', businessId: 'biz-march', courseId: 'course-it-practitioner', trainedOn: new Date('2024-03-31') },
        { id: 'c-april', businessId: 'biz-april', courseId: 'course-it-practitioner', trainedOn: new Date('2024-04-01'), createdAt: new Date(Date.UTC(2024, 3, 2)) },
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('counts sessions delivered by district: all nine and the online group, 11 shown as 10, 1 withheld, the total 12 as 10', async () => {
    const answer = await figures({ measure: 'SESSIONS_DELIVERED', groupBy: 'DISTRICT', filter: { period: firstQuarter } });
    expect(answer.cells.map((c: any) => c.key)).toEqual([...districts.map((d) => d.code), 'none']);
    expect(cell(answer, stafford)).toMatchObject({ label: 'Stafford', count: 10, suppressed: false });
    expect(cell(answer, 'none')).toMatchObject({ count: null, suppressed: true });
    expect(answer.cells.filter((c: any) => c.suppressed)).toHaveLength(9);
    expect(answer.total).toMatchObject({ key: 'total', count: 10, medianDays: null });
    expect(answer.period).toEqual({ from: '2024-01-01T00:00:00.000Z', to: '2024-03-31T23:00:00.000Z' });
    expect(answer.definition).toMatch(/sessions held/);
    // The last session held before now is the February one (the session tomorrow is not held yet).
    expect(answer.lastUpdated).toBe('2024-02-07T09:00:00.000Z');
  });

  it('leaves out sessions not yet held, even when the period runs past now', async () => {
    const untilNextMonth = { from: firstQuarter.from, to: new Date(Date.now() + 30 * 24 * hour).toISOString() };
    // 12 held (10); counting tomorrow's would make 13 (15). Seats: 19 (20); with tomorrow's 5, 24 (25).
    expect((await figures({ measure: 'SESSIONS_DELIVERED', groupBy: 'LEVEL', filter: { period: untilNextMonth } })).total.count).toBe(10);
    expect((await figures({ measure: 'SEATS_FILLED', groupBy: 'LEVEL', filter: { period: untilNextMonth } })).total.count).toBe(20);
  });

  it('counts seats filled, waiting lists and champions by month, course and level', async () => {
    const seats = await figures({ measure: 'SEATS_FILLED', groupBy: 'MONTH', filter: { period: firstQuarter } });
    expect(seats.cells.map((c: any) => [c.key, c.count])).toEqual([
      ['2024-01', 10],
      ['2024-02', 5],
      ['2024-03', null],
    ]);
    expect(seats.total.count).toBe(20); // 19, not the 15 of the rounded cells
    const waiting = await figures({ measure: 'WAITING_LIST', groupBy: 'COURSE', filter: { period: firstQuarter } });
    expect(waiting.cells).toHaveLength(await db.prisma.course.count());
    expect(waiting.total).toMatchObject({ count: null, suppressed: true });
    const champions = await figures({ measure: 'CHAMPIONS_TRAINED', groupBy: 'MONTH', filter: { period: firstQuarter } });
    expect(champions.cells.map((c: any) => [c.key, c.count])).toEqual([
      ['2024-01', 5],
      ['2024-02', null],
      ['2024-03', null],
    ]);
    expect(champions.total.count).toBe(5); // 7: the six of January and 31 March, not 1 April
    const byDistrict = await figures({ measure: 'CHAMPIONS_TRAINED', groupBy: 'DISTRICT', filter: { period: firstQuarter } });
    expect(cell(byDistrict, stafford)).toMatchObject({ count: 5 });
    expect(cell(byDistrict, 'none')).toMatchObject({ count: null, suppressed: true });
    const byLevel = await figures({ measure: 'SEATS_FILLED', groupBy: 'LEVEL', filter: { period: firstQuarter } });
    expect(byLevel.cells.map((c: any) => [c.key, c.count])).toEqual([
      ['INTRODUCTORY', 10],
      ['PRACTITIONER', null],
      ['ADVANCED', 5],
    ]);
    const byCourse = await figures({ measure: 'SESSIONS_DELIVERED', groupBy: 'COURSE', filter: { period: firstQuarter } });
    expect(cell(byCourse, 'course-intro')).toMatchObject({ count: 10 });
    const registered = await figures({ measure: 'CHAMPIONS_TRAINED', groupBy: 'LEVEL', filter: { period: firstQuarter } });
    expect(registered.lastUpdated).not.toBeNull();
  });

  it('lists every group of every grouping for every measure', async () => {
    const courses = await db.prisma.course.count();
    const sizes: Record<string, number> = { DISTRICT: 10, MONTH: 3, COURSE: courses, LEVEL: 3 };
    for (const measure of ['SESSIONS_DELIVERED', 'SEATS_FILLED', 'WAITING_LIST', 'CHAMPIONS_TRAINED']) {
      for (const [groupBy, size] of Object.entries(sizes)) {
        const answer = await figures({ measure, groupBy, filter: { period: firstQuarter } });
        expect(answer.cells, `${measure} by ${groupBy}`).toHaveLength(size);
        for (const c of answer.cells) expect(c.count === null ? c.suppressed : c.count % 5 === 0 && c.count >= 5).toBe(true);
      }
    }
  });

  it('narrows by each filter', async () => {
    const total = async (measure: string, filter: Record<string, unknown>) => (await figures({ measure, groupBy: 'MONTH', filter: { period: firstQuarter, ...filter } })).total;
    expect(await total('SESSIONS_DELIVERED', { districts: [stafford.toLowerCase()] })).toMatchObject({ count: 10 });
    expect(await total('SESSIONS_DELIVERED', { districts: ['E06000021'] })).toMatchObject({ count: null, suppressed: true });
    expect(await total('SEATS_FILLED', { courses: ['course-it-practitioner'] })).toMatchObject({ count: 5 });
    expect(await total('SEATS_FILLED', { levels: ['INTRODUCTORY'] })).toMatchObject({ count: 10 });
    expect(await total('CHAMPIONS_TRAINED', { districts: [stafford] })).toMatchObject({ count: 5 });
    expect(await total('SEATS_FILLED', { levels: [] })).toMatchObject({ count: null, suppressed: true });
  });

  it('refuses bad input with its field, every field at once', async () => {
    expect(await fault({ districts: ['E99999999'] })).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.districts' });
    expect(await fault({ courses: ['course-nothing'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.courses' });
    expect(await fault({ courses: Array.from({ length: 21 }, (_, i) => `c${i}`) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.courses' });
    expect(await fault({ period: { from: '2024-03-01T00:00:00Z', to: '2024-02-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    expect(await fault({ period: { from: '2019-12-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.period' });
    const several = await fault({ districts: ['nowhere'], levels: Array.from({ length: 21 }, () => 'ADVANCED'), period: { from: '2024-03-01T00:00:00Z', to: '2024-02-01T00:00:00Z' } });
    expect(several?.fieldErrors?.map((e) => e.field)).toEqual(['filter.period', 'filter.districts', 'filter.levels']);
  });

  it('answers analysts, police and administrators only', async () => {
    const variables = { measure: 'SEATS_FILLED', groupBy: 'LEVEL' };
    for (const role of ['analyst', 'police', 'admin'] as const) expect((await ask(variables, { kind: 'user', subject: `${role}-1`, role })).errors).toBeUndefined();
    expect((await ask(variables, { kind: 'anonymous' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask(variables, { kind: 'user', subject: 'owner', role: 'business', businessId: 'biz-0001' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
