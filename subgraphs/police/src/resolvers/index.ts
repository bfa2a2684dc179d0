// Resolvers of the police subgraph: the root of the help question, crime types and routes,
// districts and policing teams. Lists go through the request's DataLoaders.
import { ErrorCode, foundEntity, inputChecks, requireDistrictCode, toHelpKey, userError, type HelpKey } from '@crimehub/common';
import type { CrimeType, District, PolicingTeam } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { districtOfPostcode, requireCrimeType } from './lookups.ts';
import { reportResolvers } from './reports.ts';
import { workflowResolvers } from './workflow.ts';

interface BusinessContextInput {
  district?: string | null;
  postcode?: string | null;
  sector: string;
  size: string;
  rural?: boolean | null;
}

/** Turns the business context into the help key: validates every part (reporting every bad one at once), resolves the district. */
async function helpKeyFor(ctx: Context, crimeType: string, business: BusinessContextInput): Promise<HelpKey> {
  const check = inputChecks();
  // One after the other, so that the errors come in the order of the fields.
  const type = await check.runAsync(() => requireCrimeType(ctx, crimeType, 'crimeType'));
  const postcodeDistrict = business.postcode != null ? await check.runAsync(() => districtOfPostcode(ctx, business.postcode!, 'business.postcode')) : undefined;
  let districtCode: string | undefined;
  if (business.district != null) districtCode = check.run(() => requireDistrictCode(business.district!, 'business.district'));
  else if (postcodeDistrict) districtCode = postcodeDistrict;
  else if (!check.failed('business.postcode')) check.fail('business.district', 'Say where the business is: give business.district (an ONS code from the districts query) or business.postcode.');
  check.done();
  return { crimeTypeCode: type!.code, districtCode: districtCode!, sector: business.sector, size: business.size, rural: business.rural === true };
}

export const resolvers = {
  Query: {
    help: (_: unknown, args: { crimeType: string; business: BusinessContextInput }, ctx: Context) => helpKeyFor(ctx, args.crimeType, args.business),
    crimeTypes: (_: unknown, args: { cyber?: boolean | null }, ctx: Context) =>
      ctx.prisma.crimeType.findMany({ where: args.cyber == null ? {} : { cyber: args.cyber }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    crimeType: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.crimeType.load(args.code.trim().toLowerCase()),
    districts: (_: unknown, __: unknown, ctx: Context) => ctx.prisma.district.findMany({ orderBy: { name: 'asc' } }),
    district: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.district.load(args.code.trim().toUpperCase()),
    districtForPostcode: async (_: unknown, args: { postcode: string }, ctx: Context) =>
      ctx.loaders.district.load(await districtOfPostcode(ctx, args.postcode, 'postcode')),
    policingTeams: (_: unknown, __: unknown, ctx: Context) => ctx.prisma.policingTeam.findMany({ orderBy: { name: 'asc' } }),
    ...reportResolvers.Query,
    ...workflowResolvers.Query,
  },
  Mutation: workflowResolvers.Mutation,
  CrimeReport: { ...reportResolvers.CrimeReport, ...workflowResolvers.CrimeReport },
  CrimeReportUpdate: workflowResolvers.CrimeReportUpdate,
  CrimeStatistic: reportResolvers.CrimeStatistic,
  ReportAccess: reportResolvers.ReportAccess,
  Help: {
    __resolveReference: (ref: HelpKey) => toHelpKey(ref),
    crimeType: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.crimeType.load(help.crimeTypeCode),
    district: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.district.load(help.districtCode),
    reportingRoutes: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.routesByCrimeType.load(help.crimeTypeCode),
    evidenceGuidance: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.evidenceByCrimeType.load(help.crimeTypeCode),
    policingTeams: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.teamsByDistrict.load(help.districtCode),
  },
  CrimeType: {
    __resolveReference: async (ref: { code: string }, ctx: Context) =>
      foundEntity(await ctx.loaders.crimeType.load(ref.code), `The police know no crime type with the code "${ref.code}".`),
    reportingRoutes: (type: CrimeType, _: unknown, ctx: Context) => ctx.loaders.routesByCrimeType.load(type.code),
    evidenceGuidance: (type: CrimeType, _: unknown, ctx: Context) => ctx.loaders.evidenceByCrimeType.load(type.code),
  },
  District: {
    __resolveReference: async (ref: { code: string }, ctx: Context) =>
      foundEntity(await ctx.loaders.district.load(ref.code), `No district has the ONS code "${ref.code}".`),
    postcodeDistricts: (district: District, _: unknown, ctx: Context) => ctx.loaders.postcodesByDistrict.load(district.code),
    policingTeams: (district: District, _: unknown, ctx: Context) => ctx.loaders.teamsByDistrict.load(district.code),
  },
  PolicingTeam: {
    district: (team: PolicingTeam, _: unknown, ctx: Context) => ctx.loaders.district.load(team.districtCode),
  },
};
