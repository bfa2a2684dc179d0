// The write side of crime reports: a business reports a crime (idempotently, with a referral to
// victim services written to the outbox in the same transaction), police staff add updates and
// outcomes, and the business reads its report's timeline.
import {
  ErrorCode,
  createOnce,
  inputChecks,
  optionalText,
  quoteInput,
  requireAmountPence,
  requireDistrictCode,
  requireEmail,
  requireIdempotencyKey,
  requirePastDate,
  requirePostcode,
  requireRole,
  requireText,
  requireUkPhone,
  userError,
} from '@crimehub/common';
import type { CrimeReport, CrimeReportUpdate, Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { crimeOutcomes, outcomeByCode } from '../outcomes.ts';
import { meetsNpccDefinition, nextStepFor, priorityOf } from '../triage.ts';
import { districtOfPostcode, requireCrimeType } from './lookups.ts';
import { audited, reportsVisibleTo } from './reports.ts';

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

export interface ReportBusinessCrimeInput {
  idempotencyKey: string;
  crimeType: string;
  occurredAt: string;
  district?: string | null;
  postcode?: string | null;
  ongoing?: boolean | null;
  narrative: string;
  lossPounds?: number | null;
  contactName: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  impactStatementWanted: boolean;
  referralConsent: boolean;
}

export interface CrimeReportUpdateInput {
  idempotencyKey: string;
  reference: string;
  message: string;
  outcomeCode?: string | null;
}

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
  let postcode: string | undefined;
  let postcodeDistrict: string | undefined;
  if (input.postcode != null && input.postcode.trim() !== '') {
    postcode = check.run(() => requirePostcode(input.postcode!, field('postcode')).postcode);
    if (postcode) postcodeDistrict = await check.runAsync(() => districtOfPostcode(ctx, postcode!, field('postcode')));
  }
  let districtCode: string | undefined;
  if (input.district != null && input.district.trim() !== '') districtCode = check.run(() => requireDistrictCode(input.district!, field('district')));
  else if (postcodeDistrict) districtCode = postcodeDistrict;
  else if (!check.failed(field('postcode'))) check.fail(field('district'), 'Say where it happened: give input.district (an ONS code from the districts query) or input.postcode.');
  const narrative = check.run(() => requireText(input.narrative, field('narrative'), { min: 10, max: 4000, multiline: true }));
  const lossPence = input.lossPounds == null ? null : check.run(() => requireAmountPence(input.lossPounds!, field('lossPounds')));
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
  } satisfies Omit<Prisma.CrimeReportUncheckedCreateInput, 'reference'>;
}

type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** The next reference, `BCH-<yy>-<6 digits>`, from a per-year counter that starts after the highest reference already held. */
async function nextReference(tx: Tx, now: Date): Promise<string> {
  const yy = now.getUTCFullYear() % 100;
  const prefix = `BCH-${String(yy).padStart(2, '0')}-`;
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "ReferenceCounter" ("year", "last")
    VALUES (${yy}, (SELECT COALESCE(MAX(CAST(SUBSTRING("reference" FROM 8) AS INTEGER)), 0) + 1 FROM "CrimeReport" WHERE "reference" LIKE ${`${prefix}%`}))
    ON CONFLICT ("year") DO UPDATE SET "last" = "ReferenceCounter"."last" + 1
    RETURNING "last"`;
  return `${prefix}${String(Number(rows[0]!.last)).padStart(6, '0')}`;
}

export async function reportBusinessCrime(ctx: Context, input: ReportBusinessCrimeInput): Promise<CrimeReport> {
  const user = requireRole(ctx.identity, ['business'], 'report a business crime');
  if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name the business you act for.');
  const businessId = user.businessId;
  const data = await validateReport(ctx, businessId, input ?? ({} as ReportBusinessCrimeInput));
  // Keys are the business's own: another business's key never answers for this one.
  const findExisting = () => ctx.prisma.crimeReport.findUnique({ where: { businessId_idempotencyKey: { businessId, idempotencyKey: data.idempotencyKey } } });
  const { record } = await createOnce(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const now = new Date();
        const reference = await nextReference(tx, now);
        const report = await tx.crimeReport.create({ data: { ...data, reference, reportedAt: now } });
        if (report.referralConsent) {
          const payload: ReferralPayload = {
            reportReference: report.reference,
            businessId: report.businessId,
            contactName: report.contactName,
            contactEmail: report.contactEmail,
            contactPhone: report.contactPhone,
            crimeTypeCode: report.crimeTypeCode,
            districtCode: report.districtCode,
          };
          await tx.outboxEntry.create({ data: { kind: referralKind, payload: payload as unknown as Prisma.InputJsonValue, nextAttemptAt: now } });
        }
        return report;
      }),
    findExisting,
  );
  return audited(ctx, user, record);
}

export async function addCrimeReportUpdate(ctx: Context, input: CrimeReportUpdateInput): Promise<CrimeReportUpdate> {
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
  const existing = await findExisting();
  if (existing) return existing;
  const report = await ctx.prisma.crimeReport.findUnique({ where: { reference } });
  if (!report) throw userError(ErrorCode.NOT_FOUND, `No crime report has the reference ${quoteInput(reference)}.`, { field: field('reference') });
  const { record } = await createOnce(
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const update = await tx.crimeReportUpdate.create({
          data: { reportReference: reference, author: officer.subject, kind: outcome ? 'OUTCOME' : 'UPDATE', message, outcomeCode: outcome?.code ?? null, idempotencyKey },
        });
        const status = outcome ? (outcome.final ? 'CLOSED' : 'UNDER_INVESTIGATION') : report.status === 'RECEIVED' ? 'UNDER_INVESTIGATION' : report.status;
        await tx.crimeReport.update({ where: { reference }, data: { status, ...(outcome ? { outcomeCode: outcome.code } : {}) } });
        return update;
      }),
    findExisting,
  );
  return record;
}

/** A report's timeline: its receipt, then the police's updates and outcomes, oldest first. */
async function timelineOf(report: CrimeReport, ctx: Context) {
  const type = await ctx.loaders.crimeType.load(report.crimeTypeCode);
  const updates = await ctx.prisma.crimeReportUpdate.findMany({ where: { reportReference: report.reference }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const received = {
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
    crimeOutcomes: () => crimeOutcomes,
  },
  Mutation: {
    reportBusinessCrime: (_: unknown, args: { input: ReportBusinessCrimeInput }, ctx: Context) => reportBusinessCrime(ctx, args.input),
    addCrimeReportUpdate: (_: unknown, args: { input: CrimeReportUpdateInput }, ctx: Context) => addCrimeReportUpdate(ctx, args.input),
  },
  CrimeReport: {
    nextStep: async (report: CrimeReport, _: unknown, ctx: Context) => {
      const type = await ctx.loaders.crimeType.load(report.crimeTypeCode);
      return nextStepFor(report.priority, type ?? { cyber: false, fraud: false });
    },
    evidenceToPreserve: (report: CrimeReport, _: unknown, ctx: Context) => ctx.loaders.evidenceByCrimeType.load(report.crimeTypeCode),
    outcome: (report: CrimeReport) => outcomeByCode(report.outcomeCode),
    timeline: (report: CrimeReport, _: unknown, ctx: Context) => {
      reportsVisibleTo(ctx.identity);
      return timelineOf(report, ctx);
    },
  },
  CrimeReportUpdate: {
    reference: (update: { reportReference: string }) => update.reportReference,
    outcome: (update: { outcomeCode: string | null }) => outcomeByCode(update.outcomeCode),
    at: (update: { createdAt: Date }) => update.createdAt.toISOString(),
  },
};
