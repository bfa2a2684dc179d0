// Reporting a business crime, police updates and outcomes, the business's timeline, and the
// outbox that referrals leave through: against the police subgraph in-process, on PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { createPostgresDatabase } from '../../../tests/utils/processes.ts';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'police-workflow-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const business: Identity = { kind: 'user', subject: 'owner-biz-0001', role: 'business', businessId: 'biz-0001' };
const otherBusiness: Identity = { kind: 'user', subject: 'owner-biz-0002', role: 'business', businessId: 'biz-0002' };
const police: Identity = { kind: 'user', subject: 'pc-1234', role: 'police' };
const partner: Identity = { kind: 'user', subject: 'pabcis-1', role: 'partner', organizationId: 'pabcis' };

const reportMutation = /* GraphQL */ `
  mutation Report($input: ReportBusinessCrimeInput!) {
    reportBusinessCrime(input: $input) {
      replayed
      crimeReport {
        reference business { id } crimeType { code } district { code } status priority nextStep meetsNpccDefinition
        impactStatementWanted referralConsent loss { amount currencyCode } contactName contactEmail contactPhone occurredAt reportedAt
        evidenceToPreserve { id kind title }
        timeline { kind message }
      }
    }
  }
`;

const updateMutation = /* GraphQL */ `
  mutation Update($input: AddCrimeReportUpdateInput!) {
    addCrimeReportUpdate(input: $input) {
      replayed
      crimeReportUpdate { id crimeReport { reference } kind message outcome { code name final } at }
      crimeReport { reference status outcome { code } timeline { kind } }
    }
  }
`;

let counter = 0;
const key = () => `test-key-${Date.now().toString(36)}-${++counter}`;

const validReport = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: key(),
  crimeType: 'shoplifting',
  occurredAt: '2026-11-20T14:30:00Z',
  postcode: 'ST16 2AB',
  narrative: 'Two people took razors from the display and left without paying.',
  loss: { amount: '240.5' },
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  contactPhone: '07700 900123',
  impactStatementWanted: true,
  referralConsent: true,
  ...overrides,
});

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server (where the race is a real one). */
const backends = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;

describe.each(backends)('police: business crime reports on %s', (backend) => {
  let db: PoliceDb;
  let drop = async () => {};
  let app: Awaited<ReturnType<typeof createServer>>;

  const post = async (identity: Identity, query: string, variables: Record<string, unknown>) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, identity, payload) },
      payload,
    });
    return response.json() as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };

  const counts = async () => ({
    reports: await db.prisma.crimeReport.count(),
    outbox: await db.prisma.outboxEntry.count(),
    updates: await db.prisma.crimeReportUpdate.count(),
    counters: JSON.stringify(await db.prisma.referenceCounter.findMany({ orderBy: { year: 'asc' } })),
  });

  beforeAll(async () => {
    if (backend === 'postgres') {
      const created = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'police_workflow');
      drop = created.drop;
      db = await openPoliceDatabase({ kind: 'postgres', url: created.url });
    } else {
      db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    }
    await seed(db.prisma);
    await seedDemo(db.prisma); // the synthetic businesses' reports
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await drop();
  });

  it('a business user reports a crime: a new reference, the NPCC flag, a priority with the next step, and the evidence to preserve', async () => {
    const before = await counts();
    const { data, errors } = await post(business, reportMutation, { input: validReport() });
    expect(errors).toBeUndefined();
    expect(data.reportBusinessCrime.replayed).toBe(false);
    const report = data.reportBusinessCrime.crimeReport;
    expect(report.reference).toMatch(/^BCH-\d{2}-\d{6}$/);
    expect(report.reference).not.toMatch(/^BCH-26-0000(0\d|[1-3]\d|40)$/);
    expect(report).toMatchObject({
      business: { id: 'biz-0001' },
      crimeType: { code: 'shoplifting' },
      district: { code: 'E07000197' },
      status: 'RECEIVED',
      meetsNpccDefinition: true,
      impactStatementWanted: true,
      referralConsent: true,
      loss: { amount: '240.50', currencyCode: 'GBP' },
      contactPhone: '07700900123',
      priority: 'SCHEDULED',
      occurredAt: '2026-11-20T14:30:00.000Z',
    });
    expect(Date.parse(report.reportedAt)).toBeLessThanOrEqual(Date.now());
    expect(report.nextStep).toMatch(/named point of contact/);
    expect(report.evidenceToPreserve.length).toBeGreaterThan(0);
    expect(report.timeline).toEqual([{ kind: 'RECEIVED', message: expect.stringContaining('Report received') }]);
    const after = await counts();
    expect(after.reports).toBe(before.reports + 1);
    expect(after.outbox).toBe(before.outbox + 1);
    const entry = await db.prisma.outboxEntry.findFirst({ orderBy: { createdAt: 'desc' } });
    expect(entry?.payload).toEqual({
      reportReference: report.reference,
      businessId: 'biz-0001',
      contactName: 'Alex Example',
      contactEmail: 'alex@example.com',
      contactPhone: '07700900123',
      crimeTypeCode: 'shoplifting',
      districtCode: 'E07000197',
    });
    expect(entry).toMatchObject({ kind: 'victims.referral', attempts: 0, deliveredAt: null });
    const row = await db.prisma.crimeReport.findUniqueOrThrow({ where: { reference: report.reference } });
    expect(row.updatedAt.getTime()).toBe(row.reportedAt.getTime());
    expect(row.lossPence).toBe(24050n);
    // The filer's read is written once, by the statement that files the report, however many fields read it.
    const audit = await db.prisma.reportAccess.findMany({ where: { reportReference: report.reference } });
    expect(audit).toEqual([expect.objectContaining({ subject: 'owner-biz-0001', role: 'business' })]);
    expect(Math.abs(audit[0]!.at.getTime() - row.reportedAt.getTime())).toBeLessThan(1000);
  });

  it('an ongoing robbery is an EMERGENCY; without consent no referral is written', async () => {
    const before = await counts();
    const { data, errors } = await post(business, reportMutation, { input: validReport({ crimeType: 'robbery', ongoing: true, referralConsent: false, postcode: null, district: 'E07000197' }) });
    expect(errors).toBeUndefined();
    expect(data.reportBusinessCrime.crimeReport.priority).toBe('EMERGENCY');
    expect(data.reportBusinessCrime.crimeReport.nextStep).toMatch(/999/);
    expect((await counts()).outbox).toBe(before.outbox);
  });

  it('A report, retried with the same key, and raced with the same key, yields exactly one.', async () => {
    const input = validReport();
    const before = await counts();
    const first = await post(business, reportMutation, { input });
    const retry = await post(business, reportMutation, { input });
    expect(first.errors).toBeUndefined();
    expect(retry.data.reportBusinessCrime).toMatchObject({ replayed: true, crimeReport: { reference: first.data.reportBusinessCrime.crimeReport.reference } });
    const raced = validReport();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(business, reportMutation, { input: raced })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data.reportBusinessCrime.crimeReport.reference)).size).toBe(1);
    // Exactly one of the racers wrote the report; the others answer it as a replay.
    expect(answers.filter((a) => !a.data.reportBusinessCrime.replayed)).toHaveLength(1);
    // Every answer handed the report out, so every one of them is in the audit trail (the retry's too).
    const reads = async (reference: string) => db.prisma.reportAccess.count({ where: { reportReference: reference, subject: 'owner-biz-0001' } });
    expect(await reads(first.data.reportBusinessCrime.crimeReport.reference)).toBe(2);
    expect(await reads(answers[0]!.data.reportBusinessCrime.crimeReport.reference)).toBe(answers.length);
    const after = await counts();
    expect(after.reports).toBe(before.reports + 2);
    expect(after.outbox).toBe(before.outbox + 2);
    expect(await db.prisma.crimeReport.count({ where: { idempotencyKey: raced.idempotencyKey } })).toBe(1);
  });

  it('a key raced by several requests gives no reference away: the next report follows the winner', async () => {
    const raced = validReport();
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(business, reportMutation, { input: raced })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const next = await post(business, reportMutation, { input: validReport() });
    const n = (r: string) => Number(r.slice(7));
    expect(n(next.data.reportBusinessCrime.crimeReport.reference)).toBe(n(answers[0]!.data.reportBusinessCrime.crimeReport.reference) + 1);
    const counter = await db.prisma.referenceCounter.findUniqueOrThrow({ where: { year: new Date().getUTCFullYear() % 100 } });
    expect(counter.last).toBe(n(next.data.reportBusinessCrime.crimeReport.reference));
  });

  it('references keep counting up, after the seeded ones', async () => {
    const a = await post(business, reportMutation, { input: validReport() });
    const b = await post(business, reportMutation, { input: validReport() });
    const n = (r: string) => Number(r.slice(7));
    expect(n(b.data.reportBusinessCrime.crimeReport.reference)).toBe(n(a.data.reportBusinessCrime.crimeReport.reference) + 1);
  });

  const badInputs: [string, Record<string, unknown>, string, string][] = [
    ['a short idempotency key', { idempotencyKey: 'short' }, 'input.idempotencyKey', 'BAD_USER_INPUT'],
    ['an unknown crime type', { crimeType: 'shoplift' }, 'input.crimeType', 'UNKNOWN_CRIME_TYPE'],
    ['a date in the future', { occurredAt: '2099-01-01T00:00:00Z' }, 'input.occurredAt', 'BAD_USER_INPUT'],
    ['a date before 2000', { occurredAt: '1999-12-31T23:59:59Z' }, 'input.occurredAt', 'BAD_USER_INPUT'],
    ['a postcode outside Staffordshire', { postcode: 'SW1A 1AA' }, 'input.postcode', 'POSTCODE_OUTSIDE_AREA'],
    ['an unknown district', { postcode: null, district: 'E09999999' }, 'input.district', 'UNKNOWN_DISTRICT'],
    ['no district and no postcode', { postcode: null, district: null }, 'input.district', 'BAD_USER_INPUT'],
    ['a blank narrative', { narrative: '   ' }, 'input.narrative', 'BAD_USER_INPUT'],
    ['a narrative too long', { narrative: 'x'.repeat(4001) }, 'input.narrative', 'BAD_USER_INPUT'],
    ['a negative loss', { loss: { amount: '-1' } }, 'input.loss.amount', 'BAD_USER_INPUT'],
    ['a loss over £100 million', { loss: { amount: '100000000.01' } }, 'input.loss.amount', 'BAD_USER_INPUT'],
    ['no point of contact', { contactName: '' }, 'input.contactName', 'BAD_USER_INPUT'],
    ['a bad email', { contactEmail: 'alex@' }, 'input.contactEmail', 'BAD_USER_INPUT'],
    ['a bad UK phone', { contactPhone: '12345' }, 'input.contactPhone', 'BAD_USER_INPUT'],
    ['neither email nor phone', { contactEmail: null, contactPhone: null }, 'input.contactEmail', 'BAD_USER_INPUT'],
  ];

  it.each(badInputs)('The bad inputs above, each leaving the database as it was: %s', async (_, overrides, field, code) => {
    const before = await counts();
    const { data, errors } = await post(business, reportMutation, { input: validReport(overrides) });
    expect(data?.reportBusinessCrime ?? null).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(await counts()).toEqual(before);
  });

  // The scalars refuse these before any resolver runs (the gateway refuses them first, naming the field).
  it.each([
    ['a date that is not a date', { occurredAt: 'last tuesday' }, 'BAD_USER_INPUT', /RFC 3339/],
    ['a date without its offset', { occurredAt: '2026-11-20T14:30:00' }, 'BAD_USER_INPUT', /with its offset/],
    ['a malformed postcode', { postcode: 'NOT A POSTCODE' }, 'INVALID_POSTCODE', /full UK postcode/],
    ['a loss with 3 decimal places', { loss: { amount: '12.345' } }, 'BAD_USER_INPUT', /at most 2 decimal places/],
    ['a loss given as a number', { loss: { amount: 12.5 } }, 'BAD_USER_INPUT', /Decimal/],
    ['a loss in another currency', { loss: { amount: '12.50', currencyCode: 'EUR' } }, 'BAD_USER_INPUT', /CurrencyCode/],
  ])("refuses %s with the scalar's code, writing nothing", async (_, overrides, code, message) => {
    const before = await counts();
    const { data, errors } = await post(business, reportMutation, { input: validReport(overrides) });
    expect(data?.reportBusinessCrime ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(errors?.[0]?.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses other roles and anonymous callers, writing nothing', async () => {
    const before = await counts();
    for (const [identity, code] of [
      [police, 'FORBIDDEN'],
      [partner, 'FORBIDDEN'],
      [{ kind: 'anonymous' } as Identity, 'UNAUTHENTICATED'],
    ] as const) {
      const { errors } = await post(identity, reportMutation, { input: validReport() });
      expect(errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });

  it('a key another business used gives this business a report of its own', async () => {
    const input = validReport();
    const mine = await post(business, reportMutation, { input });
    const theirs = await post(otherBusiness, reportMutation, { input });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.reportBusinessCrime).toMatchObject({ replayed: false, crimeReport: { business: { id: 'biz-0002' } } });
    expect(theirs.data.reportBusinessCrime.crimeReport.reference).not.toBe(mine.data.reportBusinessCrime.crimeReport.reference);
  });

  it('police staff add updates and an outcome; the business sees its timeline; retries add nothing', async () => {
    const created = await post(business, reportMutation, { input: validReport() });
    const reference = created.data.reportBusinessCrime.crimeReport.reference;
    const update = { idempotencyKey: key(), reference, message: 'An officer has viewed the CCTV.' };
    const first = await post(police, updateMutation, { input: update });
    expect(first.errors).toBeUndefined();
    expect(first.data.addCrimeReportUpdate).toMatchObject({
      replayed: false,
      crimeReportUpdate: { crimeReport: { reference }, kind: 'UPDATE', message: update.message },
      crimeReport: { reference, status: 'UNDER_INVESTIGATION', outcome: null, timeline: [{ kind: 'RECEIVED' }, { kind: 'UPDATE' }] },
    });
    expect(Date.parse(first.data.addCrimeReportUpdate.crimeReportUpdate.at)).toBeLessThanOrEqual(Date.now());
    const retried = await post(police, updateMutation, { input: update });
    expect(retried.data.addCrimeReportUpdate).toMatchObject({ replayed: true, crimeReportUpdate: { id: first.data.addCrimeReportUpdate.crimeReportUpdate.id } });
    const outcome = await post(police, updateMutation, {
      input: { idempotencyKey: key(), reference, message: 'No suspect could be identified.', outcomeCode: 'investigation-complete-no-suspect-identified' },
    });
    expect(outcome.data.addCrimeReportUpdate).toMatchObject({
      replayed: false,
      crimeReportUpdate: { kind: 'OUTCOME', outcome: { code: 'investigation-complete-no-suspect-identified', final: true } },
      crimeReport: { status: 'CLOSED', outcome: { code: 'investigation-complete-no-suspect-identified' }, timeline: [{ kind: 'RECEIVED' }, { kind: 'UPDATE' }, { kind: 'OUTCOME' }] },
    });

    const read = await post(business, `query ($r: ID!) { crimeReport(reference: $r) { status outcome { code } timeline { kind message outcome { code } } } }`, { r: reference });
    expect(read.data.crimeReport).toMatchObject({
      status: 'CLOSED',
      outcome: { code: 'investigation-complete-no-suspect-identified' },
      timeline: [{ kind: 'RECEIVED' }, { kind: 'UPDATE', message: 'An officer has viewed the CCTV.' }, { kind: 'OUTCOME', outcome: { code: 'investigation-complete-no-suspect-identified' } }],
    });
    const other = await post(otherBusiness, `query ($r: ID!) { crimeReport(reference: $r) { reference } }`, { r: reference });
    expect(other.data.crimeReport).toBeNull();
  });

  it('updates are validated (unknown outcome code, unknown report, empty message) and only the police may add them', async () => {
    const created = await post(business, reportMutation, { input: validReport() });
    const reference = created.data.reportBusinessCrime.crimeReport.reference;
    const before = await counts();
    const cases: [Identity, Record<string, unknown>, string, string | undefined][] = [
      [police, { outcomeCode: 'sent-to-the-moon' }, 'BAD_USER_INPUT', 'input.outcomeCode'],
      [police, { reference: 'BCH-26-999999' }, 'NOT_FOUND', 'input.reference'],
      [police, { message: '' }, 'BAD_USER_INPUT', 'input.message'],
      [police, { idempotencyKey: 'no' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
      [business, {}, 'FORBIDDEN', undefined],
    ];
    for (const [identity, overrides, code, field] of cases) {
      const { errors } = await post(identity, updateMutation, { input: { idempotencyKey: key(), reference, message: 'Update', ...overrides } });
      expect(errors?.[0]?.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
    }
    expect(await counts()).toEqual(before);
  });

  it('lists the data.police.uk outcome codes, and looks one up by its code', async () => {
    const { data } = await post(
      { kind: 'anonymous' },
      '{ crimeOutcomes { code name final } one: crimeOutcome(code: "local-resolution") { code name final } none: crimeOutcome(code: "sent-to-the-moon") { code } }',
      {},
    );
    expect(data.crimeOutcomes.map((o: { code: string }) => o.code)).toContain('under-investigation');
    expect(data.one).toEqual({ code: 'local-resolution', name: 'Local resolution', final: true });
    expect(data.none).toBeNull();
  });
});
