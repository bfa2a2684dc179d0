// The write side of crime reports: a business reports a crime (idempotently, with a referral to
// victim services written to the outbox in the same transaction), police staff add updates and
// outcomes, and the business reads its report's timeline.
import {
  ErrorCode,
  createOnce,
  foundEntity,
  inputChecks,
  isUniqueViolation,
  optionalText,
  quoteInput,
  requireEmail,
  requireIdempotencyKey,
  requireCount,
  requireMoneyPence,
  requirePastDate,
  requireRole,
  requireText,
  requireUkPhone,
  userError,
} from '@crimehub/common';
import { randomUUID } from 'node:crypto';
import { Prisma, type CrimeReport, type CrimeReportUpdate, type PrismaClient } from '../generated/prisma/client.ts';
import type { AddCrimeReportUpdateInput, AddCrimeReportUpdatePayload, ReportBusinessCrimeInput, ReportBusinessCrimePayload, Resolvers } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { crimeOutcomes, outcomeByCode } from '../outcomes.ts';
import { meetsNpccDefinition, nextStepFor, priorityOf } from '../triage.ts';
import { businessPlace, requireCrimeType } from './lookups.ts';
import { audit, visibleReport } from './reports.ts';
import { recordFirstUpdate } from '../statistics.ts';

/** The outbox entry kind the relay delivers to the victims subgraph's acceptReferral. */
export const referralKind = 'victims.referral';

export interface ReferralPayload {
  reportReference: string;
  businessId: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  crimeTypeCode: string;
  districtCode: string;
}

/** One entry of a report's timeline: its receipt (made up from the report), or a police update or outcome (a row). */
export interface TimelineEntry {
  id: string;
  reportReference: string;
  kind: 'RECEIVED' | 'UPDATE' | 'OUTCOME';
  message: string;
  outcomeCode: string | null;
  createdAt: Date;
}

/** What the mutations answer, with the records as their resolvers receive them. */
type ReportPayload = Omit<ReportBusinessCrimePayload, 'crimeReport'> & { crimeReport: CrimeReport };
type UpdatePayload = Omit<AddCrimeReportUpdatePayload, 'crimeReport' | 'crimeReportUpdate'> & { crimeReport: CrimeReport; crimeReportUpdate: TimelineEntry };

const field = (name: string) => `input.${name}`;
const badInput = (name: string, message: string) => userError(ErrorCode.BAD_USER_INPUT, message, { field: field(name) });

/** Checks every field, before anything is written, reporting every bad one at once; returns the row to create. */
async function validateReport(ctx: Context, businessId: string, input: ReportBusinessCrimeInput) {
  const check = inputChecks();
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, field('idempotencyKey')));
  const crimeType = await check.runAsync(() => requireCrimeType(ctx, input.crimeType ?? '', field('crimeType')));
  const occurredAt = check.run(() => {
    const date = requirePastDate(input.occurredAt, field('occurredAt'));
    if (date.getTime() < Date.UTC(2000, 0, 1)) throw badInput('occurredAt', 'input.occurredAt must be in 2000 or later.');
    return date;
  });
  // The Postcode scalar has already refused a malformed postcode and normalised this one.
  const postcode = input.postcode ?? undefined;
  const { districtCode } = businessPlace(
    check,
    { postcode, district: input.district },
    { postcode: field('postcode'), district: field('district') },
    'Say where it happened: give input.district (an ONS code from the districts query) or input.postcode.',
  );
  const narrative = check.run(() => requireText(input.narrative, field('narrative'), { min: 10, max: 4000, multiline: true }));
  const lossPence = input.loss == null ? null : check.run(() => requireMoneyPence(input.loss!, field('loss')));
  const contactName = check.run(() => requireText(input.contactName, field('contactName'), { min: 2, max: 120 }));
  const contactEmail = input.contactEmail == null || input.contactEmail.trim() === '' ? null : check.run(() => requireEmail(input.contactEmail!, field('contactEmail')));
  const contactPhone = input.contactPhone == null || input.contactPhone.trim() === '' ? null : check.run(() => requireUkPhone(input.contactPhone!, field('contactPhone')));
  if (contactEmail === null && contactPhone === null) {
    check.fail(field('contactEmail'), 'Give the point of contact an email (input.contactEmail) or a UK telephone (input.contactPhone).');
  }
  if (typeof input.impactStatementWanted !== 'boolean') check.fail(field('impactStatementWanted'), 'input.impactStatementWanted is required.');
  if (typeof input.referralConsent !== 'boolean') check.fail(field('referralConsent'), 'input.referralConsent is required.');
  check.done();
  const ongoing = input.ongoing === true;
  const priority = priorityOf(crimeType!, ongoing);
  return {
    idempotencyKey,
    businessId,
    crimeTypeCode: crimeType!.code,
    districtCode: districtCode!,
    postcode: postcode ?? null,
    occurredAt,
    narrative,
    lossPence: lossPence ?? null,
    contactName,
    contactEmail,
    contactPhone,
    ongoing,
    priority,
    meetsNpccDefinition: meetsNpccDefinition(true),
    impactStatementWanted: input.impactStatementWanted,
    referralConsent: input.referralConsent,
    // For analysts' figures by sector and size (the support subgraph owns the profile): as the reporter gave them.
    businessSector: input.businessSector ?? null,
    businessSize: input.businessSize ?? null,
  } satisfies Omit<Prisma.CrimeReportUncheckedCreateInput, 'reference'>;
}

/**
 * The first counter of a year: it starts at the highest reference of that year already held
 * (seeded or imported rows), or 0. This reads the year's references, once a year only: afterwards
 * fileReportStatement adds one to it. A race of two first reports leaves one row (the other does
 * nothing); it is written in its own statement, before the report that needs it.
 */
const startReferenceCounter = (yy: number, prefix: string) => Prisma.sql`
  INSERT INTO "ReferenceCounter" ("year", "last")
  VALUES (${yy}, (SELECT COALESCE(MAX(CAST(SUBSTRING("reference" FROM 8) AS INTEGER)), 0) FROM "CrimeReport" WHERE "reference" LIKE ${`${prefix}%`}))
  ON CONFLICT ("year") DO NOTHING`;

/** A new report's row, checked (validateReport), without its reference and time. */
export type NewReport = Awaited<ReturnType<typeof validateReport>>;

/**
 * Files a report in ONE statement (its own transaction), unless the business already filed one
 * with this idempotency key: the statement answers that report instead (`replayed`), writing
 * nothing but the read. Otherwise it takes the next reference from the year's counter, inserts the
 * report with it and, with consent, the referral's outbox entry. Either way it writes the `reader`'s
 * read of the report it answers to the audit trail (ReportAccess), as the request's other reads are. The counter's row stays locked until the
 * statement commits, so references are handed out in order with no gap (a statement that fails,
 * e.g. on a key another request used meanwhile, gives its number back) and no duplicate, however
 * many report at once. As one statement, the lock is held only while PostgreSQL inserts the rows
 * (the count triggers included) and commits: no round trip to this process and no wait for its
 * event loop while every other report waits for the counter. The key and the counter are each one
 * index lookup: nothing else of CrimeReport is read, so its cost does not grow with the reports held
 * (tests/policeAtScale.test.ts checks the plan). Answers no row when the year has no counter yet
 * (see startReferenceCounter).
 */
export const fileReportStatement = (data: NewReport, prefix: string, yy: number, now: Date, outboxId: string, reader: { subject: string; role: string }) => {
  // Every field of the checked row, cast to its column's type (a new field that is not written here does not compile).
  const values: Record<keyof NewReport, Prisma.Sql> = {
    idempotencyKey: Prisma.sql`CAST(${data.idempotencyKey} AS TEXT)`,
    businessId: Prisma.sql`CAST(${data.businessId} AS TEXT)`,
    crimeTypeCode: Prisma.sql`CAST(${data.crimeTypeCode} AS TEXT)`,
    districtCode: Prisma.sql`CAST(${data.districtCode} AS TEXT)`,
    postcode: Prisma.sql`CAST(${data.postcode} AS TEXT)`,
    occurredAt: Prisma.sql`CAST(${data.occurredAt} AS TIMESTAMP(3))`,
    narrative: Prisma.sql`CAST(${data.narrative} AS TEXT)`,
    lossPence: Prisma.sql`CAST(${data.lossPence} AS BIGINT)`,
    contactName: Prisma.sql`CAST(${data.contactName} AS TEXT)`,
    contactEmail: Prisma.sql`CAST(${data.contactEmail} AS TEXT)`,
    contactPhone: Prisma.sql`CAST(${data.contactPhone} AS TEXT)`,
    ongoing: Prisma.sql`CAST(${data.ongoing} AS BOOLEAN)`,
    priority: Prisma.sql`CAST(${data.priority} AS "ReportPriority")`,
    meetsNpccDefinition: Prisma.sql`CAST(${data.meetsNpccDefinition} AS BOOLEAN)`,
    impactStatementWanted: Prisma.sql`CAST(${data.impactStatementWanted} AS BOOLEAN)`,
    referralConsent: Prisma.sql`CAST(${data.referralConsent} AS BOOLEAN)`,
    businessSector: Prisma.sql`CAST(${data.businessSector} AS TEXT)`,
    businessSize: Prisma.sql`CAST(${data.businessSize} AS TEXT)`,
  };
  const columns = Prisma.raw(
    Object.keys(values)
      .map((name) => `"${name}"`)
      .join(', '),
  );
  return Prisma.sql`
  WITH "existing" AS (
    SELECT * FROM "CrimeReport" WHERE "businessId" = ${data.businessId} AND "idempotencyKey" = ${data.idempotencyKey}
  ),
  "counter" AS (
    UPDATE "ReferenceCounter" SET "last" = "last" + 1 WHERE "year" = ${yy} AND NOT EXISTS (SELECT FROM "existing") RETURNING "last"
  ),
  "report" AS (
    INSERT INTO "CrimeReport" ("reference", "reportedAt", "updatedAt", ${columns})
    SELECT ${prefix} || LPAD(CAST("last" AS TEXT), 6, '0'), CAST(${now} AS TIMESTAMP(3)), CAST(${now} AS TIMESTAMP(3)), ${Prisma.join(Object.values(values))}
    FROM "counter"
    RETURNING *
  ),
  "outbox" AS (
    INSERT INTO "OutboxEntry" ("id", "kind", "payload", "createdAt", "nextAttemptAt")
    SELECT ${outboxId}, ${referralKind},
      JSONB_BUILD_OBJECT('reportReference', "reference", 'businessId', "businessId", 'contactName', "contactName", 'contactEmail', "contactEmail",
        'contactPhone', "contactPhone", 'crimeTypeCode', "crimeTypeCode", 'districtCode', "districtCode"),
      CAST(${now} AS TIMESTAMP(3)), CAST(${now} AS TIMESTAMP(3))
    FROM "report" WHERE "referralConsent"
  ),
  "access" AS (
    INSERT INTO "ReportAccess" ("id", "reportReference", "subject", "role", "at")
    SELECT gen_random_uuid()::text, "reference", ${reader.subject}, ${reader.role}, CAST(${now} AS TIMESTAMP(3))
    FROM (SELECT "reference" FROM "report" UNION ALL SELECT "reference" FROM "existing") AS "answered"
  )
  SELECT *, FALSE AS "replayed" FROM "report"
  UNION ALL
  SELECT *, TRUE AS "replayed" FROM "existing"`;
};

/**
 * Files the report (fileReportStatement), starting the year's counter first when it has none;
 * answers the report and whether it was filed before with the same key. A request that loses a
 * race for the key to another (a unique violation) answers the winner's report.
 */
async function fileReport(prisma: PrismaClient, data: NewReport, reader: { subject: string; role: string }): Promise<{ record: CrimeReport; created: boolean; audited: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const now = new Date();
    const yy = now.getUTCFullYear() % 100;
    const prefix = `BCH-${String(yy).padStart(2, '0')}-`;
    let rows: (CrimeReport & { replayed: boolean })[];
    try {
      rows = await prisma.$queryRaw<(CrimeReport & { replayed: boolean })[]>(fileReportStatement(data, prefix, yy, now, randomUUID(), reader));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await prisma.crimeReport.findUnique({ where: { businessId_idempotencyKey: { businessId: data.businessId, idempotencyKey: data.idempotencyKey } } });
      if (!winner) throw error;
      return { record: winner, created: false, audited: false };
    }
    if (rows[0]) {
      const { replayed, ...record } = rows[0];
      return { record, created: !replayed, audited: true };
    }
    if (attempt > 0) throw new Error(`the reference counter of ${now.getUTCFullYear()} could not be started`);
    await prisma.$executeRaw(startReferenceCounter(yy, prefix));
  }
}

export async function reportBusinessCrime(ctx: Context, input: ReportBusinessCrimeInput): Promise<ReportPayload> {
  const user = requireRole(ctx.identity, ['business'], 'report a business crime');
  if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name the business you act for.');
  // Keys are the business's own: another business's key never answers for this one.
  const { record, created, audited } = await fileReport(ctx.prisma, await validateReport(ctx, user.businessId, input), user);
  // The statement that files (or finds) the report writes its filer's read to the audit trail itself.
  if (audited) ctx.reads.writtenAlready([record.reference]);
  else audit(ctx, [record]);
  return { crimeReport: record, replayed: !created };
}

export async function addCrimeReportUpdate(ctx: Context, input: AddCrimeReportUpdateInput): Promise<UpdatePayload> {
  const officer = requireRole(ctx.identity, ['police'], 'add updates to crime reports');
  const check = inputChecks();
  const idempotencyKey = check.run(() => requireIdempotencyKey(input.idempotencyKey, field('idempotencyKey')));
  const reference = check.run(() => requireText(input.reference, field('reference'), { max: 32 }).toUpperCase());
  const message = check.run(() => requireText(input.message, field('message'), { max: 2000, multiline: true }));
  const outcome = check.run(() => {
    const outcomeCode = optionalText(input.outcomeCode, field('outcomeCode'), { max: 80 })?.toLowerCase();
    const found = outcomeCode === undefined ? null : outcomeByCode(outcomeCode);
    if (outcomeCode !== undefined && !found) {
      throw badInput('outcomeCode', `input.outcomeCode ${quoteInput(outcomeCode)} is not a data.police.uk outcome code; the crimeOutcomes query lists them.`);
    }
    return found;
  });
  check.done();
  const findExisting = () => ctx.prisma.crimeReportUpdate.findUnique({ where: { author_idempotencyKey: { author: officer.subject, idempotencyKey } } });
  const replayedPayload = async (update: TimelineEntry): Promise<UpdatePayload> => ({
    crimeReportUpdate: update,
    crimeReport: foundEntity(await visibleReport(ctx, update.reportReference), `No crime report has the reference ${quoteInput(update.reportReference)}.`),
    replayed: true,
  });
  const existing = await findExisting();
  if (existing) return replayedPayload(existing);
  const report = await ctx.prisma.crimeReport.findUnique({ where: { reference } });
  if (!report) throw userError(ErrorCode.NOT_FOUND, `No crime report has the reference ${quoteInput(reference)}.`, { field: field('reference') });
  const { record, created } = await createOnce<{ update: CrimeReportUpdate; updated: CrimeReport | null }>(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const update = await tx.crimeReportUpdate.create({
          data: { reportReference: reference, author: officer.subject, kind: outcome ? 'OUTCOME' : 'UPDATE', message, outcomeCode: outcome?.code ?? null, idempotencyKey },
        });
        await recordFirstUpdate(tx, reference, update.createdAt);
        const status = outcome ? (outcome.final ? 'CLOSED' : 'UNDER_INVESTIGATION') : report.status === 'RECEIVED' ? 'UNDER_INVESTIGATION' : report.status;
        const updated = await tx.crimeReport.update({ where: { reference }, data: { status, ...(outcome ? { outcomeCode: outcome.code } : {}) } });
        return { update, updated };
      }),
    async () => {
      const update = await findExisting();
      return update && { update, updated: null };
    },
  );
  if (!created || !record.updated) return replayedPayload(record.update);
  // The report as it is now: later reads in this request (its timeline too) see the change.
  ctx.loaders.crimeReport.clear(reference).prime(reference, record.updated);
  ctx.loaders.clearUpdates(reference);
  audit(ctx, [record.updated]);
  return { crimeReportUpdate: record.update, crimeReport: record.updated, replayed: false };
}

/** The first `first` entries of a report's timeline: its receipt, then the police's updates and outcomes, oldest first. */
async function timelineOf(report: CrimeReport, ctx: Context, first: number): Promise<TimelineEntry[]> {
  const [type, updates] = await Promise.all([ctx.loaders.crimeType.load(report.crimeTypeCode), ctx.loaders.updatesByReport(first - 1).load(report.reference)]);
  const received: TimelineEntry = {
    id: `${report.reference}-received`,
    reportReference: report.reference,
    kind: 'RECEIVED',
    message: `Report received. ${nextStepFor(report.priority, type ?? { cyber: false, fraud: false })}`,
    outcomeCode: null,
    createdAt: report.reportedAt,
  };
  return [received, ...updates];
}

export const workflowResolvers = {
  Query: {
    crimeOutcomes: () => [...crimeOutcomes],
    crimeOutcome: (_, args) => outcomeByCode(args.code.trim().toLowerCase()),
  },
  Mutation: {
    reportBusinessCrime: (_, args, ctx) => reportBusinessCrime(ctx, args.input),
    addCrimeReportUpdate: (_, args, ctx) => addCrimeReportUpdate(ctx, args.input),
  },
  CrimeReport: {
    nextStep: async (report, _, ctx) => {
      const type = await ctx.loaders.crimeType.load(report.crimeTypeCode);
      return nextStepFor(report.priority, type ?? { cyber: false, fraud: false });
    },
    evidenceToPreserve: (report, _, ctx) => ctx.loaders.evidenceByCrimeType.load(report.crimeTypeCode),
    outcome: (report) => outcomeByCode(report.outcomeCode),
    timeline: (report, args, ctx) => timelineOf(report, ctx, requireCount(args.first, 'first', { fallback: 20, max: 100 })),
  },
  CrimeReportUpdate: {
    crimeReport: async (entry, _, ctx) => foundEntity(await visibleReport(ctx, entry.reportReference), `No crime report has the reference ${quoteInput(entry.reportReference)}.`),
    outcome: (entry) => outcomeByCode(entry.outcomeCode),
    at: (entry) => entry.createdAt,
  },
} satisfies Pick<Resolvers, 'Query' | 'Mutation' | 'CrimeReport' | 'CrimeReportUpdate'>;
