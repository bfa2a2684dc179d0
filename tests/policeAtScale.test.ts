// What keeps the police subgraph fast at a million reports, checked by what it does rather than by
// timings (the figures are in the README): the police subgraph in process on a fresh database
// (in-memory PGlite, and PostgreSQL too when TEST_DATABASE_URL is set).
// - Each order and filter of the work list, the audit trail of one report and the audit purge are
//   served by an index, with no sort (EXPLAIN with sequential scans and sorts priced out).
// - The work list's totalCount comes from CrimeReportCount, which the triggers keep equal to a
//   COUNT of the reports through creations, status changes, bulk inserts and deletes.
// - Creating a report reads nothing of CrimeReport for its reference; reports created concurrently
//   get consecutive references, with no gap and no duplicate.
// - Every request writes its reads to the audit trail in ONE insert statement (counted by a
//   statement trigger), before its answer leaves; when that write fails, no data leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { purgeAuditTrail, purgeBatch, startAuditPurge } from '../subgraphs/police/src/auditTrail.ts';
import { readAuditRetention } from '../subgraphs/police/src/config.ts';
import { openPoliceDatabase, type PoliceDb } from '../subgraphs/police/src/db.ts';
import { Prisma, type PrismaClient } from '../subgraphs/police/src/generated/prisma/client.ts';
import { fileReportStatement, type NewReport } from '../subgraphs/police/src/resolvers/workflow.ts';
import { seed } from '../subgraphs/police/src/seed.ts';
import { createServer } from '../subgraphs/police/src/server.ts';
import { createPostgresDatabase, type Backend } from './utils/processes.ts';

const signing: SigningConfig = { secret: 'police-at-scale-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
const officer: Identity = { kind: 'user', subject: 'pc-scale', role: 'police' };
const businessOf = (n: number): Identity => ({ kind: 'user', subject: `owner-biz-scale-${n}`, role: 'business', businessId: `biz-scale-${n}` });

const districts = ['E07000197', 'E07000199', 'E06000021', 'E07000193'];
const crimeTypes = ['shoplifting', 'burglary', 'cyber-phishing', 'robbery', 'fraud'];
const statuses = ['RECEIVED', 'UNDER_INVESTIGATION', 'CLOSED'] as const;
const priorities = ['EMERGENCY', 'PRIORITY', 'STANDARD', 'SCHEDULED'] as const;

/** `count` reports of 2025, from reference number `from` on. */
const reportRows = (from: number, count: number): Prisma.CrimeReportCreateManyInput[] =>
  Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const reportedAt = new Date(Date.UTC(2025, 0, 1) + i * 600_000);
    return {
      reference: `BCH-25-${String(i).padStart(6, '0')}`,
      businessId: `biz-scale-${(i % 8) + 1}`,
      crimeTypeCode: crimeTypes[i % crimeTypes.length]!,
      districtCode: districts[i % districts.length]!,
      occurredAt: new Date(reportedAt.getTime() - 3_600_000),
      reportedAt,
      status: statuses[i % statuses.length],
      priority: priorities[i % priorities.length],
      narrative: `Synthetic narrative ${i}.`,
      contactName: 'Pat Fictional',
      contactEmail: `pat.${i}@example.com`,
    };
  });

/** The plan of `query` with sequential scans and sorts priced out: what an index can serve. */
async function planOf(prisma: PrismaClient, query: Prisma.Sql): Promise<string> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
    await tx.$executeRawUnsafe('SET LOCAL enable_sort = off');
    const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${query}`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

const reportMutation = /* GraphQL */ `
  mutation Report($input: ReportBusinessCrimeInput!) {
    reportBusinessCrime(input: $input) { replayed crimeReport { reference } }
  }
`;
const updateMutation = /* GraphQL */ `
  mutation Update($input: AddCrimeReportUpdateInput!) {
    addCrimeReportUpdate(input: $input) { crimeReport { reference status } }
  }
`;
const reportInput = (key: string) => ({
  idempotencyKey: key,
  crimeType: 'shoplifting',
  occurredAt: '2026-01-20T14:30:00Z',
  district: 'E07000197',
  narrative: 'Two people took razors from the display and left without paying.',
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  impactStatementWanted: false,
  referralConsent: false,
});

describe.each(backends)('the police subgraph at scale, on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;

  const post = async (identity: Identity, query: string, variables: Record<string, unknown> = {}) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, identity, payload) },
      payload,
    });
    return response.json() as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  /** The police work list's totalCount for this filter, and the count of the reports themselves. */
  const counts = async (filter: Record<string, unknown> | null, where: Prisma.CrimeReportWhereInput) => {
    const answer = await post(officer, `query ($filter: CrimeReportFilter) { crimeReports(first: 1, filter: $filter) { totalCount } }`, { filter });
    expect(answer.errors).toBeUndefined();
    return { totalCount: answer.data.crimeReports.totalCount as number, reports: await db.prisma.crimeReport.count({ where }) };
  };

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_scale');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await db.prisma.crimeReport.createMany({ data: reportRows(1, 600) });
    // Counts the statements that insert into the audit trail, whatever their number of rows.
    await db.prisma.$executeRawUnsafe(`CREATE TABLE "AuditStatements" ("n" INT NOT NULL)`);
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION "countAuditStatement"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO "AuditStatements" VALUES (1); RETURN NULL; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER "countAuditStatements" AFTER INSERT ON "ReportAccess" FOR EACH STATEMENT EXECUTE FUNCTION "countAuditStatement"()`);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it.each([
    [
      'the work list, any page',
      // A later page as common's keysetWhere writes it: the index starts at the cursor (an Index Cond), it does not skip to it.
      Prisma.sql`SELECT "reference" FROM "CrimeReport" WHERE "reportedAt" <= now() AND ("reportedAt" < now() OR ("reportedAt" = now() AND "reference" > '')) ORDER BY "reportedAt" DESC, "reference" LIMIT 51`,
      'CrimeReport_reportedAt_reference_idx',
    ],
    [
      'a district',
      Prisma.sql`SELECT "reference" FROM "CrimeReport" WHERE "districtCode" = 'E07000197' ORDER BY "reportedAt" DESC, "reference" LIMIT 51`,
      'CrimeReport_districtCode_reportedAt_reference_idx',
    ],
    [
      'a crime type',
      Prisma.sql`SELECT "reference" FROM "CrimeReport" WHERE "crimeTypeCode" = 'robbery' ORDER BY "reportedAt" DESC, "reference" LIMIT 51`,
      'CrimeReport_crimeTypeCode_reportedAt_reference_idx',
    ],
    ['a status', Prisma.sql`SELECT "reference" FROM "CrimeReport" WHERE "status" = 'RECEIVED' ORDER BY "reportedAt" DESC, "reference" LIMIT 51`, 'CrimeReport_status_reportedAt_reference_idx'],
    [
      'a business',
      Prisma.sql`SELECT "reference" FROM "CrimeReport" WHERE "businessId" = 'biz-scale-1' ORDER BY "reportedAt" DESC, "reference" LIMIT 51`,
      'CrimeReport_businessId_reportedAt_reference_idx',
    ],
    ['who read a report', Prisma.sql`SELECT "id" FROM "ReportAccess" WHERE "reportReference" = 'BCH-25-000001' ORDER BY "at" DESC, "id" LIMIT 51`, 'ReportAccess_reportReference_at_id_idx'],
    ['the audit purge', purgeBatch(new Date(Date.UTC(2024, 0, 1)), 1000), 'ReportAccess_at_id_idx'],
  ])('an index serves %s in its order, with no sort', async (_, query, index) => {
    const plan = await planOf(db.prisma, query);
    expect(plan).toContain(index);
    expect(plan).toMatch(/Index Cond/);
    expect(plan).not.toMatch(/\bSort\b|Seq Scan/);
  });

  it('files a report in one statement that reads no more of CrimeReport than its key: one lookup for the key, one for the counter', async () => {
    const report: NewReport = {
      idempotencyKey: 'scale-plan-key',
      businessId: 'biz-scale-1',
      crimeTypeCode: 'shoplifting',
      districtCode: 'E07000197',
      postcode: null,
      occurredAt: new Date(Date.UTC(2025, 0, 1)),
      narrative: 'A plan is all this asks for.',
      lossPence: null,
      contactName: 'Plan',
      contactEmail: 'plan@example.invalid',
      contactPhone: null,
      ongoing: false,
      priority: 'SCHEDULED',
      meetsNpccDefinition: true,
      impactStatementWanted: false,
      referralConsent: true,
      businessSector: null,
      businessSize: null,
    };
    const plan = await planOf(db.prisma, fileReportStatement(report, 'BCH-26-', 26, new Date(), 'plan-outbox-id', { subject: 'plan-reader', role: 'business' }));
    expect(plan).toContain('ReferenceCounter_pkey');
    expect(plan).toContain('CrimeReport_businessId_idempotencyKey_key');
    expect(plan).not.toMatch(/Seq Scan|Bitmap Heap Scan on "CrimeReport"|\bSort\b/);
  });

  it('counts the work list from CrimeReportCount, equal to the reports through creations, status changes, bulk inserts and deletes', async () => {
    const filters: [Record<string, unknown> | null, Prisma.CrimeReportWhereInput][] = [
      [null, {}],
      [{ status: ['RECEIVED', 'CLOSED'] }, { status: { in: ['RECEIVED', 'CLOSED'] } }],
      [
        { district: ['E07000197'], crimeType: ['shoplifting', 'robbery'] },
        { districtCode: 'E07000197', crimeTypeCode: { in: ['shoplifting', 'robbery'] } },
      ],
      [
        { priority: ['EMERGENCY'], status: ['UNDER_INVESTIGATION'] },
        { priority: 'EMERGENCY', status: 'UNDER_INVESTIGATION' },
      ],
      // A period cuts across the counts: counted on the reports (the field's description says so).
      [{ reportedAt: { from: '2025-01-02T00:00:00Z', to: '2025-01-03T00:00:00Z' } }, { reportedAt: { gte: new Date('2025-01-02T00:00:00Z'), lt: new Date('2025-01-03T00:00:00Z') } }],
    ];
    const expectAllEqual = async () => {
      for (const [filter, where] of filters) {
        const { totalCount, reports } = await counts(filter, where);
        expect(totalCount, JSON.stringify(filter)).toBe(reports);
      }
    };
    await expectAllEqual();
    const created = await post(businessOf(1), reportMutation, { input: reportInput('scale-count-key-0001') });
    expect(created.errors).toBeUndefined();
    const reference = created.data.reportBusinessCrime.crimeReport.reference as string;
    await expectAllEqual();
    const updated = await post(officer, updateMutation, {
      input: { idempotencyKey: 'scale-count-update-0001', reference, message: 'Closed.', outcomeCode: 'investigation-complete-no-suspect-identified' },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.addCrimeReportUpdate.crimeReport.status).toBe('CLOSED');
    await expectAllEqual();
    await db.prisma.crimeReport.createMany({ data: reportRows(601, 150) });
    await db.prisma.crimeReport.updateMany({ where: { reference: { lte: 'BCH-25-000040' } }, data: { status: 'CLOSED' } });
    await db.prisma.crimeReport.deleteMany({ where: { reference: { gte: 'BCH-25-000700', lte: 'BCH-25-000750' } } });
    await expectAllEqual();
    const rows = await db.prisma.crimeReportCount.aggregate({ _sum: { reports: true }, _min: { reports: true } });
    expect(rows._sum.reports).toBe(await db.prisma.crimeReport.count());
    expect(rows._min.reports).toBeGreaterThanOrEqual(0);
  });

  it('gives reports created concurrently consecutive references: no gap, no duplicate', async () => {
    const clients = 8;
    const each = 5;
    const answers = await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const references: string[] = [];
        for (let i = 0; i < each; i++) {
          const answer = await post(businessOf(c + 1), reportMutation, { input: reportInput(`scale-concurrent-${c}-${i}-key`) });
          expect(answer.errors).toBeUndefined();
          references.push(answer.data.reportBusinessCrime.crimeReport.reference);
        }
        return references;
      }),
    );
    const numbers = answers.flat().map((reference) => Number(reference.slice(7)));
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(clients * each);
    expect(sorted.at(-1)! - sorted[0]! + 1).toBe(clients * each);
    const counter = await db.prisma.referenceCounter.findUniqueOrThrow({ where: { year: new Date().getUTCFullYear() % 100 } });
    expect(counter.last).toBe(sorted.at(-1));
  });

  it('writes every read of a request to the audit trail in one statement, however many reports, root fields and nested reads', async () => {
    const [a, b] = ['BCH-25-000100', 'BCH-25-000101'];
    const before = await db.prisma.reportAccess.count();
    const [statementsBefore] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*)::int AS "n" FROM "AuditStatements"`);
    const answer = await post(
      officer,
      /* GraphQL */ `
        query ($a: ID!, $b: ID!) {
          page: crimeReports(first: 30) { nodes { reference timeline { crimeReport { reference } } } }
          other: crimeReports(first: 20, filter: { status: [CLOSED] }) { nodes { reference } }
          a: crimeReport(reference: $a) { reference }
          b: crimeReport(reference: $b) { reference }
          log: reportAccessLog(first: 5) { nodes { crimeReport { reference } } }
        }
      `,
      { a, b },
    );
    expect(answer.errors).toBeUndefined();
    const handedOut = new Set<string>([
      ...answer.data.page.nodes.map((n: any) => n.reference),
      ...answer.data.other.nodes.map((n: any) => n.reference),
      a,
      b,
      ...answer.data.log.nodes.map((n: any) => n.crimeReport.reference),
    ]);
    const [statementsAfter] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*)::int AS "n" FROM "AuditStatements"`);
    expect(statementsAfter!.n - statementsBefore!.n).toBe(1);
    expect(await db.prisma.reportAccess.count()).toBe(before + handedOut.size);
    const rows = await db.prisma.reportAccess.findMany({ where: { subject: 'pc-scale' }, orderBy: { at: 'desc' }, take: handedOut.size });
    expect(new Set(rows.map((row) => row.reportReference))).toEqual(handedOut);

    // A request that hands out no report writes nothing.
    await post(officer, `{ crimeTypes { code } }`);
    const [statementsLast] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*)::int AS "n" FROM "AuditStatements"`);
    expect(statementsLast!.n).toBe(statementsAfter!.n);
  });

  it('withholds the answer when its reads cannot be written to the audit trail', async () => {
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION "refuseAudit"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit trail unavailable'; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER "refuseAudit" BEFORE INSERT ON "ReportAccess" FOR EACH STATEMENT EXECUTE FUNCTION "refuseAudit"()`);
    try {
      const answer = await post(officer, `{ crimeReports(first: 3) { nodes { reference contactName } } }`);
      expect(answer.data).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer)).not.toContain('Pat Fictional');
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER "refuseAudit" ON "ReportAccess"`);
    }
  });

  it('purges audit rows past the retention period in batches, on a timer that does not keep the process alive', async () => {
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db.prisma.reportAccess.deleteMany({});
    await db.prisma.reportAccess.createMany({
      data: [
        ...Array.from({ length: 25 }, (_, i) => ({ reportReference: 'BCH-25-000001', subject: 'pc-old', role: 'police', at: daysAgo(731 + i) })),
        ...Array.from({ length: 5 }, (_, i) => ({ reportReference: 'BCH-25-000001', subject: 'pc-recent', role: 'police', at: daysAgo(729 - i) })),
      ],
    });
    expect(await purgeAuditTrail(db.prisma, { retentionDays: 730, batchSize: 10 }, now)).toBe(25);
    expect(await db.prisma.reportAccess.count({ where: { subject: 'pc-old' } })).toBe(0);
    expect(await db.prisma.reportAccess.count({ where: { subject: 'pc-recent' } })).toBe(5);

    await db.prisma.reportAccess.createMany({ data: Array.from({ length: 7 }, () => ({ reportReference: 'BCH-25-000002', subject: 'pc-old', role: 'police', at: daysAgo(40) })) });
    const logged: object[] = [];
    const purge = startAuditPurge({ prisma: db.prisma, retentionDays: 30, intervalMs: 60_000, batchSize: 3, log: { info: (obj) => logged.push(obj), error: (obj) => logged.push(obj) } });
    expect(purge.timer.hasRef()).toBe(false);
    await purge.idle();
    await purge.stop();
    expect(await db.prisma.reportAccess.count({ where: { subject: 'pc-old' } })).toBe(0);
    // The 7 rows of 40 days ago and the 5 of about two years ago (kept above at 730 days) are all past 30 days.
    expect(logged).toEqual([{ deleted: 12, retentionDays: 30 }]);
  });
});

describe('audit retention settings', () => {
  it('keeps two years by default and refuses a period out of range', () => {
    expect(readAuditRetention({})).toMatchObject({ retentionDays: 730, intervalMs: 3_600_000 });
    expect(readAuditRetention({ AUDIT_RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(() => readAuditRetention({ AUDIT_RETENTION_DAYS: '7' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => readAuditRetention({ AUDIT_RETENTION_DAYS: 'forever' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });
});
