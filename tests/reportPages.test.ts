// Pages of crime reports at any depth: the police subgraph in process on a fresh database
// (in-memory PGlite, and PostgreSQL too when TEST_DATABASE_URL is set) with 500 reports, requests
// signed as the gateway signs them. A page of 50 with a deep selection costs the same small number
// of database queries on page 1, page 5 and the last page, and as a page of 10; paging through
// sees every report exactly once, also while new reports arrive; every report on a page reaches
// the audit trail in one statement; filters narrow as they say; bad cursors and filters are refused
// with a code and the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import type { Prisma } from '../subgraphs/police/src/generated/prisma/client.ts';
import { openPoliceDatabase, type PoliceDb } from '../subgraphs/police/src/db.ts';
import { seed } from '../subgraphs/police/src/seed.ts';
import { createServer } from '../subgraphs/police/src/server.ts';
import { createPostgresDatabase, type Backend } from './utils/processes.ts';

const signing: SigningConfig = { secret: 'report-pages-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const officer: Identity = { kind: 'user', subject: 'pc-pages', role: 'police' };
const owner: Identity = { kind: 'user', subject: 'owner-biz-pages-1', role: 'business', businessId: 'biz-pages-1' };

const STAFFORD = 'E07000197';
const districts = [STAFFORD, 'E07000199', 'E06000021', 'E07000193', 'E07000195'];
const crimeTypes = ['shoplifting', 'burglary', 'cyber-phishing', 'robbery', 'fraud', 'vehicle-crime'];
const statuses = ['RECEIVED', 'UNDER_INVESTIGATION', 'CLOSED'] as const;
const priorities = ['EMERGENCY', 'PRIORITY', 'STANDARD', 'SCHEDULED'] as const;
const total = 500;

/**
 * 500 reports from 10 businesses, reported from 2026-01-01 on, three to the minute so that the
 * reference must break ties in the order; every third has an update and every fifth an outcome.
 */
function reportRows(): Prisma.CrimeReportCreateManyInput[] {
  return Array.from({ length: total }, (_, i) => {
    const reportedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 60_000);
    return {
      reference: `BCH-26-${String(900_000 + i).padStart(6, '0')}`,
      businessId: `biz-pages-${(i % 10) + 1}`,
      crimeTypeCode: crimeTypes[i % crimeTypes.length]!,
      districtCode: districts[i % districts.length]!,
      occurredAt: new Date(reportedAt.getTime() - 86_400_000),
      reportedAt,
      status: statuses[i % statuses.length],
      priority: priorities[i % priorities.length],
      lossPence: i % 4 === 0 ? null : BigInt(i * 1001),
      narrative: `Synthetic narrative ${i}: an incident at the premises.`,
      contactName: 'Pat Fictional',
      contactEmail: `pat.${i}@example.com`,
      outcomeCode: i % 5 === 0 ? 'under-investigation' : null,
    };
  });
}

const deepPage = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: CrimeReportFilter) {
    crimeReports(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor
        node {
          reference reportedAt occurredAt status priority nextStep narrative loss { amount currencyCode }
          business { id }
          crimeType { code name reportingRoutes { id name } evidenceGuidance { id } }
          district { code name policingTeams { id name district { code } } }
          evidenceToPreserve { id title }
          outcome { code name }
          timeline { id kind message at outcome { code name final } crimeReport { reference } }
        }
      }
    }
  }
`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: any }[];
}

describe.each(backends)('pages of crime reports on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;

  /** Posts one request and counts the SQL statements it cost. */
  const post = async (identity: Identity, query: string, variables: Record<string, unknown> = {}) => {
    const payload = JSON.stringify({ query, variables });
    const before = db.queries.count;
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, identity, payload) },
      payload,
    });
    const body = response.json() as { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
    return { ...body, queries: db.queries.count - before };
  };

  /** One page of the work list, which must answer without errors. */
  const page = async (variables: Record<string, unknown>) => {
    const answer = await post(officer, deepPage, variables);
    expect(answer.errors).toBeUndefined();
    return { page: answer.data.crimeReports as Page, queries: answer.queries };
  };

  /** The references of every report, in the order the list must give them: newest first, then by reference. */
  const expectedOrder = async (where: Prisma.CrimeReportWhereInput = {}) =>
    (await db.prisma.crimeReport.findMany({ where, orderBy: [{ reportedAt: 'desc' }, { reference: 'asc' }], select: { reference: true } })).map((r) => r.reference);

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_pages');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    const rows = reportRows();
    await db.prisma.crimeReport.createMany({ data: rows });
    await db.prisma.crimeReportUpdate.createMany({
      data: rows.flatMap((row, i) => [
        ...(i % 3 === 0
          ? [
              {
                reportReference: row.reference,
                author: 'pc-pages',
                kind: 'UPDATE' as const,
                message: 'An officer has viewed the CCTV.',
                idempotencyKey: `update-${i}`,
                createdAt: new Date((row.reportedAt as Date).getTime() + 3_600_000),
              },
            ]
          : []),
        ...(i % 5 === 0
          ? [
              {
                reportReference: row.reference,
                author: 'pc-other',
                kind: 'OUTCOME' as const,
                message: 'Under investigation.',
                outcomeCode: 'under-investigation',
                idempotencyKey: `outcome-${i}`,
                createdAt: new Date((row.reportedAt as Date).getTime() + 7_200_000),
              },
            ]
          : []),
      ]),
    });
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('answers page 1, page 5 and the last page of 50, with every list inside them, for the same small number of queries, and a page of 10 for as many', async () => {
    // The police read their reference data (crime types, districts, evidence guidance) once a
    // minute, not per request: a first request reads it, if no earlier one has.
    await page({ first: 1 });
    const costs: number[] = [];
    let after: string | null = null;
    const pages: Page[] = [];
    for (let n = 1; n <= total / 50; n++) {
      const { page: current, queries } = await page({ first: 50, after });
      pages.push(current);
      costs.push(queries);
      after = current.pageInfo.endCursor;
    }
    const [first, fifth, last] = [pages[0]!, pages[4]!, pages.at(-1)!];
    for (const current of [first, fifth, last]) {
      expect(current.edges).toHaveLength(50);
      expect(current.totalCount).toBe(total);
      for (const { node } of current.edges) {
        expect(node.crimeType.reportingRoutes.length).toBeGreaterThan(0);
        expect(node.district.policingTeams.length).toBeGreaterThan(0);
        expect(node.evidenceToPreserve.length).toBeGreaterThan(0);
        expect(node.timeline[0].kind).toBe('RECEIVED');
        for (const entry of node.timeline) expect(entry.crimeReport.reference).toBe(node.reference);
      }
    }
    // The deep parts are really there: updates and outcomes on the timelines, losses as Money.
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes.filter((node) => node.timeline.some((entry: any) => entry.kind === 'UPDATE'))).toHaveLength(Math.ceil(total / 3));
    expect(nodes.filter((node) => node.timeline.some((entry: any) => entry.outcome?.code === 'under-investigation'))).toHaveLength(total / 5);
    expect(nodes.find((node) => node.reference === 'BCH-26-900001').loss).toEqual({ amount: '10.01', currencyCode: 'GBP' });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor });
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, endCursor: last.edges.at(-1)!.cursor });

    // The page, its count, the audit statement, and one query per kind of record inside it that is
    // not reference data: the crime types' route links and the routes (Prisma's include is a second
    // statement), policing teams, the timelines' updates, the timelines' reports: 8.
    expect(costs[0]).toBeGreaterThan(0);
    expect(costs[0]).toBeLessThanOrEqual(8);
    expect(new Set(costs)).toEqual(new Set([costs[0]]));
    const small = await page({ first: 10, after: fifth.pageInfo.endCursor });
    expect(small.page.edges).toHaveLength(10);
    expect(small.queries).toBe(costs[0]);
  });

  it("gives a timeline's first N entries, oldest first, in one statement for the page whatever N; N out of 1 to 100 is refused naming first", async () => {
    const timelines = /* GraphQL */ `
      query Timelines($first: Int, $entries: Int) {
        crimeReports(first: $first) { nodes { reference full: timeline(first: 100) { id kind } short: timeline(first: $entries) { id kind } } }
      }
    `;
    const whole = await post(officer, `{ crimeReports(first: 45) { nodes { reference timeline { id } } } }`);
    expect(whole.errors).toBeUndefined();
    for (const entries of [1, 2]) {
      const answer = await post(officer, timelines, { first: 45, entries });
      expect(answer.errors).toBeUndefined();
      const nodes = answer.data.crimeReports.nodes as { full: { id: string; kind: string }[]; short: { id: string; kind: string }[] }[];
      // Reports 0, 15 and 30 have an update and an outcome: three entries, cut to `entries`.
      expect(nodes.some((node) => node.full.length === 3)).toBe(true);
      for (const node of nodes) {
        expect(node.short).toEqual(node.full.slice(0, entries));
        expect(node.short[0]!.kind).toBe('RECEIVED');
      }
      // Two lengths asked for: one statement of updates each (none for first: 1, which is the receipt alone), however many reports.
      expect(answer.queries).toBe(whole.queries + (entries === 1 ? 0 : 1));
    }
    for (const entries of [0, 101]) {
      const answer = await post(officer, timelines, { first: 5, entries });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(answer.errors?.[0]?.path).toEqual(['crimeReports', 'nodes', 0, 'short']);
    }
  });

  it('writes every report on a page to the audit trail, once each, in one statement', async () => {
    const before = await db.prisma.reportAccess.count({ where: { subject: 'pc-pages' } });
    const [from, { page: current }, to] = [Date.now(), await page({ first: 50 }), Date.now()];
    const audited = await db.prisma.reportAccess.findMany({ where: { subject: 'pc-pages' }, orderBy: { at: 'desc' }, take: 50 });
    expect(await db.prisma.reportAccess.count({ where: { subject: 'pc-pages' } })).toBe(before + 50);
    expect(new Set(audited.map((row) => row.reportReference))).toEqual(new Set(current.edges.map((e) => e.node.reference)));
    // One statement: every row of the page carries the same instant, the request's, and an id of its own.
    expect(new Set(audited.map((row) => row.at.getTime())).size).toBe(1);
    expect(audited[0]!.at.getTime()).toBeGreaterThanOrEqual(from);
    expect(audited[0]!.at.getTime()).toBeLessThanOrEqual(to);
    expect(new Set(audited.map((row) => row.id)).size).toBe(50);
    expect(audited[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('pages through every report exactly once, in order, while new reports arrive mid-way', async () => {
    const expected = await expectedOrder();
    const seen: string[] = [];
    let after: string | null = null;
    let arrived = 0;
    for (;;) {
      const { page: current } = await page({ first: 45, after });
      seen.push(...current.edges.map((e) => e.node.reference));
      if (seen.length >= 180 && arrived === 0) {
        // Reports made while the officer pages: newer than any seen, and one back-dated among the
        // reports still to come (a late-entered report keeps its own place in the order).
        const now = new Date();
        await db.prisma.crimeReport.createMany({
          data: [
            ...Array.from({ length: 20 }, (_, i) => ({ ...reportRows()[i]!, reference: `BCH-26-95${String(i).padStart(4, '0')}`, reportedAt: now })),
            { ...reportRows()[0]!, reference: 'BCH-26-959999', reportedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 30)) },
          ],
        });
        arrived = 21;
      }
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Every report there was when paging began, in order, plus the back-dated one where it belongs.
    expect(seen.filter((reference) => reference !== 'BCH-26-959999')).toEqual(expected);
    expect(seen).toContain('BCH-26-959999');
    expect(seen.some((reference) => reference.startsWith('BCH-26-95') && reference !== 'BCH-26-959999')).toBe(false);
    // A new first page starts with the new reports.
    const { page: fresh } = await page({ first: 20 });
    expect(fresh.totalCount).toBe(expected.length + arrived);
    expect(fresh.edges.every((e) => e.node.reference.startsWith('BCH-26-95'))).toBe(true);
    await db.prisma.crimeReport.deleteMany({ where: { reference: { startsWith: 'BCH-26-95' } } });
  });

  it('narrows by status, district, crime type, priority and the two periods, each list matching any of its values', async () => {
    const filter = {
      status: ['RECEIVED', 'CLOSED'],
      district: [STAFFORD.toLowerCase(), 'E06000021'],
      crimeType: ['SHOPLIFTING', 'burglary', 'robbery'],
      priority: ['STANDARD', 'SCHEDULED', 'EMERGENCY'],
      reportedAt: { from: '2026-01-01T00:30:00Z', to: '2026-01-01T02:00:00Z' },
      occurredAt: { from: '2025-12-31T01:40:00+01:00' },
    };
    const where: Prisma.CrimeReportWhereInput = {
      status: { in: ['RECEIVED', 'CLOSED'] },
      districtCode: { in: [STAFFORD, 'E06000021'] },
      crimeTypeCode: { in: ['shoplifting', 'burglary', 'robbery'] },
      priority: { in: ['STANDARD', 'SCHEDULED', 'EMERGENCY'] },
      reportedAt: { gte: new Date('2026-01-01T00:30:00Z'), lt: new Date('2026-01-01T02:00:00Z') },
      occurredAt: { gte: new Date('2025-12-31T00:40:00Z') },
    };
    const expected = await expectedOrder(where);
    expect(expected.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { page: current } = await page({ first: 3, after, filter });
      expect(current.totalCount).toBe(expected.length);
      seen.push(...current.edges.map((e) => e.node.reference));
      after = current.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
    // An empty list matches nothing; an open-ended period only bounds one end.
    expect((await page({ filter: { status: [] } })).page).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } });
    expect((await page({ first: 1, filter: { reportedAt: { to: '2026-01-01T00:01:00Z' } } })).page.totalCount).toBe(3);
  });

  it('refuses a cursor it did not give out, a page size out of range and bad filters, with the code and the field, before reading any report', async () => {
    const stale = Buffer.from(JSON.stringify(['k0', '2026-01-01T00:00:00.000Z', 'BCH-26-900000'])).toString('base64url');
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['a cursor that is not one', { after: 'not-a-cursor!' }, 'BAD_USER_INPUT', 'after'],
      ['a cursor of another version', { after: stale }, 'BAD_USER_INPUT', 'after'],
      ['a cursor whose key is not a date', { after: Buffer.from(JSON.stringify(['k1', 'yesterday', 'BCH-26-900000'])).toString('base64url') }, 'BAD_USER_INPUT', 'after'],
      ['no reports at all', { first: 0 }, 'BAD_USER_INPUT', 'first'],
      ['more than 100 reports', { first: 101 }, 'BAD_USER_INPUT', 'first'],
      ['an unknown district', { filter: { district: [STAFFORD, 'E09999999'] } }, 'UNKNOWN_DISTRICT', 'filter.district'],
      ['an unknown crime type', { filter: { crimeType: ['burglery'] } }, 'UNKNOWN_CRIME_TYPE', 'filter.crimeType'],
      ['more than 20 districts', { filter: { district: Array.from({ length: 21 }, () => STAFFORD) } }, 'BAD_USER_INPUT', 'filter.district'],
      ['a period that ends before it starts', { filter: { occurredAt: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, 'BAD_USER_INPUT', 'filter.occurredAt'],
    ];
    for (const [what, variables, code, field] of cases) {
      const before = await db.prisma.reportAccess.count();
      const answer = await post(officer, deepPage, variables);
      expect(answer.data?.crimeReports ?? null, what).toBeNull();
      expect(answer.errors?.[0]?.extensions, what).toMatchObject({ code, field });
      expect(await db.prisma.reportAccess.count(), what).toBe(before);
    }
    // Every bad field in one answer.
    const several = await post(officer, deepPage, { first: 500, filter: { district: ['nowhere'], crimeType: ['burglery'] } });
    expect(several.errors?.[0]?.extensions?.fieldErrors).toEqual([
      expect.objectContaining({ field: 'first', code: 'BAD_USER_INPUT' }),
      expect.objectContaining({ field: 'filter.district', code: 'UNKNOWN_DISTRICT' }),
      expect.objectContaining({ field: 'filter.crimeType', code: 'UNKNOWN_CRIME_TYPE' }),
    ]);
  });

  it("keeps the work list to the police; a business pages its own reports as me.crimeReports, and only its own Viewer's", async () => {
    const forbidden = await post(owner, '{ crimeReports { totalCount } }');
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viewer = /* GraphQL */ `
      query ($r: [_Any!]!, $after: String) {
        _entities(representations: $r) { ... on Viewer { id crimeReports(first: 30, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { reference business { id } } } } }
      }
    `;
    const own = await post(owner, viewer, {
      r: [
        { __typename: 'Viewer', id: 'owner-biz-pages-1' },
        { __typename: 'Viewer', id: 'pc-pages' },
      ],
    });
    expect(own.errors).toBeUndefined();
    expect(own.data._entities[1]).toBeNull();
    const mine = own.data._entities[0].crimeReports;
    const expected = await expectedOrder({ businessId: 'biz-pages-1' });
    expect(mine.totalCount).toBe(expected.length);
    const next = await post(owner, viewer, { r: [{ __typename: 'Viewer', id: 'owner-biz-pages-1' }], after: mine.pageInfo.endCursor });
    const seen = [...mine.nodes, ...next.data._entities[0].crimeReports.nodes];
    expect(seen.map((node: any) => node.reference)).toEqual(expected);
    expect(new Set(seen.map((node: any) => node.business.id))).toEqual(new Set(['biz-pages-1']));
    const police = await post(officer, viewer, { r: [{ __typename: 'Viewer', id: 'pc-pages' }] });
    expect(police.errors?.[0]).toMatchObject({ path: ['_entities', 0, 'crimeReports'], extensions: { code: 'FORBIDDEN' } });
  });

  it('pages the audit trail, narrowed to one report and a period', async () => {
    const reference = 'BCH-26-900007';
    const read = '{ crimeReport(reference: "BCH-26-900007") { reference } }';
    for (let i = 0; i < 3; i++) await post(officer, read);
    await post(owner, read); // biz-pages-8's report: not this owner's, so no read and no row
    const log = /* GraphQL */ `
      query ($after: String, $filter: ReportAccessFilter) {
        reportAccessLog(first: 2, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { subject role at crimeReport { reference } } } }
      }
    `;
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const rows = await db.prisma.reportAccess.count({ where: { reportReference: reference } });
    expect(rows).toBeGreaterThanOrEqual(3);
    const first = await post(officer, log, { filter: { reference: reference.toLowerCase(), at: { from: since } } });
    expect(first.errors).toBeUndefined();
    expect(first.data.reportAccessLog.totalCount).toBe(rows);
    // Reading the report through the audit trail is a read of it too: one more row, for this request.
    expect(await db.prisma.reportAccess.count({ where: { reportReference: reference } })).toBe(rows + 1);
    const second = await post(officer, log, { filter: { reference }, after: first.data.reportAccessLog.pageInfo.endCursor });
    const entries = [...first.data.reportAccessLog.edges, ...second.data.reportAccessLog.edges].map((e: any) => e.node);
    expect(entries).toHaveLength(Math.min(4, rows));
    for (const entry of entries) expect(entry).toMatchObject({ subject: 'pc-pages', role: 'police', crimeReport: { reference } });
    expect(entries.map((e: any) => e.at)).toEqual([...entries.map((e: any) => e.at)].sort().reverse());
    const none = await post(officer, log, { filter: { reference, at: { to: since } } });
    expect(none.data.reportAccessLog.totalCount).toBe(0);
    const refused = await post(officer, log, { filter: { at: { from: since, to: since } } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.at' });
    expect((await post(owner, log, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
