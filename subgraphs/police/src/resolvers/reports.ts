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

/**
 * Notes that the request hands out these reports: the server writes every read of the request to
 * the audit trail in one statement before the answer leaves (auditTrail.ts).
 */
export function audit(ctx: Context, reports: readonly CrimeReport[]): void {
  ctx.reads.add(reports.map((report) => report.reference));
}

/**
 * The report with this reference if the caller may read it (null when there is none or it is
 * another business's: the two look the same), its read written to the audit trail.
 */
export async function visibleReport(ctx: Context, reference: string): Promise<CrimeReport | null> {
  const { reader } = reportsVisibleTo(ctx.identity);
  const report = await ctx.loaders.crimeReport.load(reference);
  if (!report || (reader.role === 'business' && report.businessId !== reader.businessId)) return null;
  audit(ctx, [report]);
  return report;
}

/** A CrimeReportFilter, checked: the Prisma `where` of its parts, and the count the police work list can add up without reading reports. */
interface ReportFilter {
  where: Prisma.CrimeReportWhereInput[];
  /**
   * The rows of CrimeReportCount that hold the matching reports' count, when the filter names no
   * period (a period cuts across those rows, so its count is a COUNT over the reports).
   */
  counts: Prisma.CrimeReportCountWhereInput | null;
}

/** Checks a CrimeReportFilter; every bad field is refused in one answer (with `first` and `after`). */
async function reportFilter(ctx: Context, filter: CrimeReportFilter | null | undefined, check: ReturnType<typeof inputChecks>): Promise<ReportFilter> {
  if (!filter) return { where: [], counts: {} };
  const status = check.run(() => requireFilterList(filter.status, 'filter.status'));
  const priority = check.run(() => requireFilterList(filter.priority, 'filter.priority'));
  const districts = check.run(() => requireFilterList(filter.district, 'filter.district'))?.map((raw) => check.run(() => requireDistrictCode(raw, 'filter.district')));
  const rawTypes = check.run(() => requireFilterList(filter.crimeType, 'filter.crimeType'));
  // Looked up together: one query for every code however many are given (at most 20).
  const crimeTypes = rawTypes && (await Promise.all(rawTypes.map((raw) => check.runAsync(() => requireCrimeType(ctx, raw, 'filter.crimeType')))));
  const reportedAt = check.run(() => dateTimeRangeWhere(filter.reportedAt, 'filter.reportedAt'));
  const occurredAt = check.run(() => dateTimeRangeWhere(filter.occurredAt, 'filter.occurredAt'));
  const codes: Prisma.CrimeReportCountWhereInput = {
    ...(status ? { status: { in: status } } : {}),
    ...(priority ? { priority: { in: priority } } : {}),
    ...(districts ? { districtCode: { in: districts as string[] } } : {}),
    ...(crimeTypes ? { crimeTypeCode: { in: crimeTypes.map((type) => type?.code) as string[] } } : {}),
  };
  const where: Prisma.CrimeReportWhereInput[] = Object.keys(codes).length > 0 ? [codes as Prisma.CrimeReportWhereInput] : [];
  if (reportedAt) where.push({ reportedAt });
  if (occurredAt) where.push({ occurredAt });
  return { where, counts: reportedAt || occurredAt ? null : codes };
}

/**
 * One page of the reports in `scope`, narrowed by the filter, in keyset order: the page and (when
 * asked for) its count are one query each, and every report on it is audited with the request's
 * other reads. The police work list (`workList`) counts from CrimeReportCount unless the filter
 * names a period; a business's own reports are counted on its index (a few hundred at most).
 */
async function reportPage(ctx: Context, scope: Prisma.CrimeReportWhereInput, args: ViewerCrimeReportsArgs, workList: boolean): Promise<CrimeReportPage> {
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, reportOrder));
  const filter = await reportFilter(ctx, args.filter, check);
  check.done();
  const connection = await findPage(ctx.prisma.crimeReport, { AND: [scope, ...filter.where] }, reportOrder, page);
  audit(ctx, connection.nodes);
  const counts = workList ? filter.counts : null;
  if (!counts) return connection;
  let counted: Promise<number> | undefined;
  const fromCounts = () => ctx.prisma.crimeReportCount.aggregate({ where: counts, _sum: { reports: true } }).then((sum) => sum._sum.reports ?? 0);
  return { ...connection, totalCount: () => (counted ??= fromCounts()) };
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
      return reportPage(ctx, {}, args, true);
    },
    reportAccessLog: (_, args, ctx) => accessPage(ctx, args),
  },
  Viewer: {
    // Answers only for the caller itself (the gateway builds the representation from `me`).
    __resolveReference: (ref, ctx) => (isCallersViewer(ref, ctx.identity) ? { id: String(ref.id) } : null),
    crimeReports: (_, args, ctx) => {
      const user = requireRole(ctx.identity, ['business'], "read your business's crime reports");
      if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, 'Your sign-in does not name the business you act for.');
      return reportPage(ctx, { businessId: user.businessId }, args, false);
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
