// Crime reports, their statistics and the audit trail. The gateway enforces the schema's
// @requiresScopes first; these resolvers enforce the rules again, row by row, so that a request
// that reaches the police subgraph some other way still sees only what it may.
import { ErrorCode, requireCount, requireRole, userError, type Identity } from '@crimehub/common';
import type { CrimeReport, Prisma } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';

/** Counts below this are suppressed in statistics, so no victim can be singled out. */
export const smallCountThreshold = 5;

type Reader = Extract<Identity, { kind: 'user' }>;

/** Only the police and the reporting business may read reports; returns the rows this reader may see. */
export function reportsVisibleTo(identity: Identity): { reader: Reader; where: Prisma.CrimeReportWhereInput } {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Sign in to read crime reports.');
  if (identity.role === 'police') return { reader: identity, where: {} };
  if (identity.role === 'business' && identity.businessId) return { reader: identity, where: { businessId: identity.businessId } };
  throw userError(ErrorCode.FORBIDDEN, 'Only the police and the reporting business may read crime reports.');
}

/** Writes one audit row per report read, in one statement, before the reports are returned. */
export async function audited<T extends CrimeReport | null | CrimeReport[]>(ctx: Context, reader: Reader, result: T): Promise<T> {
  const reports = (Array.isArray(result) ? result : result ? [result] : []) as CrimeReport[];
  if (reports.length > 0) {
    await ctx.prisma.reportAccess.createMany({
      data: reports.map((report) => ({ reportReference: report.reference, subject: reader.subject, role: reader.role })),
    });
  }
  return result;
}

export const reportResolvers = {
  Query: {
    crimeReport: async (_: unknown, args: { reference: string }, ctx: Context) => {
      const { reader, where } = reportsVisibleTo(ctx.identity);
      return audited(ctx, reader, await ctx.prisma.crimeReport.findFirst({ where: { ...where, reference: args.reference.trim().toUpperCase() } }));
    },
    crimeReports: async (_: unknown, args: { first?: number | null }, ctx: Context) => {
      const { reader, where } = reportsVisibleTo(ctx.identity);
      const take = requireCount(args.first, 'first', { fallback: 20, max: 100 });
      return audited(ctx, reader, await ctx.prisma.crimeReport.findMany({ where, orderBy: [{ reportedAt: 'desc' }, { reference: 'asc' }], take }));
    },
    crimeReportStatistics: async (_: unknown, __: unknown, ctx: Context) => {
      requireRole(ctx.identity, ['analyst', 'police', 'admin'], 'read crime statistics');
      const groups = await ctx.prisma.crimeReport.groupBy({ by: ['crimeTypeCode', 'districtCode'], _count: { _all: true }, orderBy: [{ crimeTypeCode: 'asc' }, { districtCode: 'asc' }] });
      return groups.map((group) => {
        const suppressed = group._count._all < smallCountThreshold;
        return { crimeTypeCode: group.crimeTypeCode, districtCode: group.districtCode, count: suppressed ? null : group._count._all, suppressed };
      });
    },
    reportAccessLog: (_: unknown, args: { reference?: string | null; first?: number | null }, ctx: Context) => {
      requireRole(ctx.identity, ['police'], 'read the audit trail');
      return ctx.prisma.reportAccess.findMany({
        where: args.reference ? { reportReference: args.reference.trim().toUpperCase() } : {},
        orderBy: [{ at: 'desc' }, { id: 'asc' }],
        take: requireCount(args.first, 'first', { fallback: 100, max: 500 }),
      });
    },
  },
  CrimeReport: {
    __resolveReference: async (ref: { reference: string }, ctx: Context) => {
      const { reader, where } = reportsVisibleTo(ctx.identity);
      const report = await ctx.loaders.crimeReport.load(ref.reference);
      return audited(ctx, reader, report && (where.businessId === undefined || report.businessId === where.businessId) ? report : null);
    },
    business: (report: CrimeReport) => ({ id: report.businessId }),
    crimeType: (report: CrimeReport, _: unknown, ctx: Context) => ctx.loaders.crimeType.load(report.crimeTypeCode),
    district: (report: CrimeReport, _: unknown, ctx: Context) => ctx.loaders.district.load(report.districtCode),
    occurredAt: (report: CrimeReport) => report.occurredAt.toISOString(),
    reportedAt: (report: CrimeReport) => report.reportedAt.toISOString(),
    // Whole pence up to £100M are exact in a double, so pounds are too (to the penny).
    lossPounds: (report: CrimeReport) => (report.lossPence == null ? null : Number(report.lossPence) / 100),
  },
  CrimeStatistic: {
    crimeType: (stat: { crimeTypeCode: string }, _: unknown, ctx: Context) => ctx.loaders.crimeType.load(stat.crimeTypeCode),
    district: (stat: { districtCode: string }, _: unknown, ctx: Context) => ctx.loaders.district.load(stat.districtCode),
  },
  ReportAccess: {
    at: (access: { at: Date }) => access.at.toISOString(),
  },
};
