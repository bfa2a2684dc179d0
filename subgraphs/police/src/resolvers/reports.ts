// Crime reports and the audit trail (their statistics: statistics.ts). The gateway enforces the schema's
// @requiresScopes first; these resolvers enforce the rules again, row by row, so that a request
// that reaches the police subgraph some other way still sees only what it may. Every report handed
// out, wherever in the graph, goes through `visibleReport` or `reportPage`, which write the read to
// the audit trail.
import {
  ErrorCode,
  dateTimeRangeWhere,
  findPage,
  inputChecks,
  isCallersViewer,
  moneyOf,
  pageRequest,
  requireDistrictCode,
  requireFilterList,
  requireRole,
  requireText,
  userError,
  type Connection,
  type Identity,
  type KeyColumn,
} from '@crimehub/common';
import type { CrimeReport, Prisma, ReportAccess } from '../generated/prisma/client.ts';
import type { CrimeReportFilter, QueryReportAccessLogArgs, Resolvers, ViewerCrimeReportsArgs } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { requireCrimeType } from './lookups.ts';

/** A page of reports, as the resolvers of CrimeReportConnection receive it. */
export type CrimeReportPage = Connection<CrimeReport>;
/** A page of the audit trail. */
export type ReportAccessPage = Connection<ReportAccess>;
/** The caller's Viewer, as the police subgraph knows it: its key alone. */
export interface ViewerRef {
  id: string;
}
/** A business the police know by its id only (the support subgraph owns it). */
export interface BusinessRef {
  id: string;
}

/** Newest reported first, then by reference (unique): the order of every list of reports. */
export const reportOrder: readonly KeyColumn[] = [
  { field: 'reportedAt', direction: 'desc', type: 'date' },
  { field: 'reference', direction: 'asc', type: 'string' },
];
/** Newest first, then by id (unique): the order of the audit trail. */
export const accessOrder: readonly KeyColumn[] = [
  { field: 'at', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'string' },
];

type Reader = Extract<Identity, { kind: 'user' }>;

/** Only the police and the reporting business may read reports; returns the rows this reader may see. */
export function reportsVisibleTo(identity: Identity): { reader: Reader; where: Prisma.CrimeReportWhereInput } {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Sign in to read crime reports.');
  if (identity.role === 'police') return { reader: identity, where: {} };
  if (identity.role === 'business' && identity.businessId) return { reader: identity, where: { businessId: identity.businessId } };
  throw userError(ErrorCode.FORBIDDEN, 'Only the police and the reporting business may read crime reports.');
}

/** Writes the reads of these reports to the audit trail (one statement for all handed out together). */
export async function audit(ctx: Context, reports: readonly CrimeReport[]): Promise<void> {
  await Promise.all(reports.map((report) => ctx.loaders.reportRead.load(report.reference)));
}

/**
 * The report with this reference if the caller may read it (null when there is none or it is
 * another business's: the two look the same), its read written to the audit trail.
 */
export async function visibleReport(ctx: Context, reference: string): Promise<CrimeReport | null> {
  const { reader } = reportsVisibleTo(ctx.identity);
  const report = await ctx.loaders.crimeReport.load(reference);
  if (!report || (reader.role === 'business' && report.businessId !== reader.businessId)) return null;
  await audit(ctx, [report]);
  return report;
}

/** The Prisma `where` of a CrimeReportFilter; every bad field is refused in one answer (with `first` and `after`). */
async function reportFilterWhere(ctx: Context, filter: CrimeReportFilter | null | undefined, check: ReturnType<typeof inputChecks>): Promise<Prisma.CrimeReportWhereInput[]> {
  if (!filter) return [];
  const status = check.run(() => requireFilterList(filter.status, 'filter.status'));
  const priority = check.run(() => requireFilterList(filter.priority, 'filter.priority'));
  const districts = check.run(() => requireFilterList(filter.district, 'filter.district'))?.map((raw) => check.run(() => requireDistrictCode(raw, 'filter.district')));
  const rawTypes = check.run(() => requireFilterList(filter.crimeType, 'filter.crimeType'));
  // Looked up together: one query for every code however many are given (at most 20).
  const crimeTypes = rawTypes && (await Promise.all(rawTypes.map((raw) => check.runAsync(() => requireCrimeType(ctx, raw, 'filter.crimeType')))));
  const reportedAt = check.run(() => dateTimeRangeWhere(filter.reportedAt, 'filter.reportedAt'));
  const occurredAt = check.run(() => dateTimeRangeWhere(filter.occurredAt, 'filter.occurredAt'));
  const where: Prisma.CrimeReportWhereInput[] = [];
  if (status) where.push({ status: { in: status } });
  if (priority) where.push({ priority: { in: priority } });
  if (districts) where.push({ districtCode: { in: districts } });
  if (crimeTypes) where.push({ crimeTypeCode: { in: crimeTypes.map((type) => type?.code) } });
  if (reportedAt) where.push({ reportedAt });
  if (occurredAt) where.push({ occurredAt });
  return where;
}

/**
 * One page of the reports in `scope`, narrowed by the filter, in keyset order: the page and (when
 * asked for) its count are one query each, and every report on it is audited in one statement.
 */
async function reportPage(ctx: Context, scope: Prisma.CrimeReportWhereInput, args: ViewerCrimeReportsArgs): Promise<CrimeReportPage> {
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, reportOrder));
  const filters = await reportFilterWhere(ctx, args.filter, check);
  check.done();
  const connection = await findPage(ctx.prisma.crimeReport, { AND: [scope, ...filters] }, reportOrder, page);
  await audit(ctx, connection.nodes);
  return connection;
}

/** One page of the audit trail, for police staff. */
async function accessPage(ctx: Context, args: QueryReportAccessLogArgs): Promise<ReportAccessPage> {
  requireRole(ctx.identity, ['police'], 'read the audit trail');
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, accessOrder, { max: 500 }));
  const reference = args.filter?.reference == null ? undefined : check.run(() => requireText(args.filter!.reference, 'filter.reference', { max: 32 }).toUpperCase());
  const at = check.run(() => dateTimeRangeWhere(args.filter?.at, 'filter.at'));
  check.done();
  const where: Prisma.ReportAccessWhereInput = { ...(reference !== undefined ? { reportReference: reference } : {}), ...(at ? { at } : {}) };
  return findPage(ctx.prisma.reportAccess, where, accessOrder, page);
}

export const reportResolvers = {
  Query: {
    crimeReport: (_, args, ctx) => visibleReport(ctx, args.reference.trim().toUpperCase()),
    crimeReports: (_, args, ctx) => {
      requireRole(ctx.identity, ['police'], 'read the police work list (a business reads its own reports as me.crimeReports)');
      return reportPage(ctx, {}, args);
    },
    reportAccessLog: (_, args, ctx) => accessPage(ctx, args),
  },
  Viewer: {
    // Answers only for the caller itself (the gateway builds the representation from `me`).
    __resolveReference: (ref, ctx) => (isCallersViewer(ref, ctx.identity) ? { id: String(ref.id) } : null),
    crimeReports: (_, args, ctx) => {
      const user = requireRole(ctx.identity, ['business'], "read your business's crime reports");
      if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name the business you act for.');
      return reportPage(ctx, { businessId: user.businessId }, args);
    },
  },
  CrimeReport: {
    __resolveReference: (ref, ctx) => visibleReport(ctx, String(ref.reference)),
    business: (report) => ({ id: report.businessId }),
    crimeType: (report, _, ctx) => ctx.loaders.crimeType.load(report.crimeTypeCode).then((type) => type!),
    district: (report, _, ctx) => ctx.loaders.district.load(report.districtCode).then((district) => district!),
    loss: (report) => (report.lossPence == null ? null : moneyOf(report.lossPence)),
  },
  ReportAccess: {
    crimeReport: async (access, _, ctx) => {
      const report = await visibleReport(ctx, access.reportReference);
      if (!report) throw userError(ErrorCode.NOT_FOUND, `No crime report has the reference ${access.reportReference}.`);
      return report;
    },
  },
} satisfies Pick<Resolvers, 'Query' | 'Viewer' | 'CrimeReport' | 'ReportAccess'>;
