// Resolvers of the police subgraph: the root of the help question, crime types and routes,
// districts and policing teams, crime reports and the audit trail. Lists go through the request's
// DataLoaders; the map is typed by the resolver types generated from the SDL.
import { foundEntity, inputChecks, scalarsDeclaredIn, toHelpKey, type HelpKey, type HelpReason } from '@crimehub/common';
import type { BusinessContext, Resolvers } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { typeDefs } from '../schema.ts';
import { routePage, topRoutes } from '../routes.ts';
import { businessPlace, districtOfPostcode, postcodeSectorOf, requireCrimeType } from './lookups.ts';
import { reportResolvers } from './reports.ts';
import { statisticsResolvers } from './statistics.ts';
import { workflowResolvers } from './workflow.ts';

/**
 * Turns the business context into the help key: validates every part (reporting every bad one at
 * once), resolves the district from the postcode's sector (or checks the one given against it),
 * and works out `rural`: the business's own answer, else true for a farm, else the ONS
 * rural-urban class of the postcode's sector (RURAL → true; URBAN, MIXED or unknown → false).
 */
async function helpKeyFor(ctx: Context, crimeType: string, business: BusinessContext): Promise<HelpKey> {
  const check = inputChecks();
  // One after the other, so that the errors come in the order of the fields.
  const type = await check.runAsync(() => requireCrimeType(ctx, crimeType, 'crimeType'));
  const { districtCode, ruralUrban } = businessPlace(check, business, { postcode: 'business.postcode', district: 'business.district' });
  check.done();
  const rural = business.rural ?? (business.sector === 'AGRICULTURE' || ruralUrban === 'RURAL');
  return { crimeTypeCode: type!.code, districtCode, sector: business.sector, size: business.size, rural };
}

export const resolvers: Resolvers = {
  ...scalarsDeclaredIn(typeDefs),
  Query: {
    help: async (_, args, ctx) => ({ ...(await helpKeyFor(ctx, args.crimeType, args.business)), urgency: args.urgency ?? 'NON_EMERGENCY' }),
    crimeTypes: (_, args, ctx) => ctx.prisma.crimeType.findMany({ where: args.cyber == null ? {} : { cyber: args.cyber }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    crimeType: (_, args, ctx) => ctx.loaders.crimeType.load(args.code.trim().toLowerCase()),
    districts: (_, __, ctx) => ctx.prisma.district.findMany({ orderBy: { name: 'asc' } }),
    district: (_, args, ctx) => ctx.loaders.district.load(args.code.trim().toUpperCase()),
    districtForPostcode: (_, args, ctx) => ctx.loaders.district.load(districtOfPostcode(args.postcode, 'postcode')),
    postcodeSector: (_, args, ctx) => postcodeSectorOf(ctx, args.sector),
    policingTeams: (_, __, ctx) => ctx.prisma.policingTeam.findMany({ orderBy: { name: 'asc' } }),
    policingTeam: (_, args, ctx) => ctx.loaders.policingTeam.load(args.id.trim().toLowerCase()),
    reportingRoute: (_, args, ctx) => ctx.loaders.reportingRoute.load(args.id.trim().toLowerCase()),
    ...reportResolvers.Query,
    ...statisticsResolvers.Query,
    ...workflowResolvers.Query,
  },
  Mutation: workflowResolvers.Mutation,
  Viewer: reportResolvers.Viewer,
  CrimeReport: { ...reportResolvers.CrimeReport, ...workflowResolvers.CrimeReport },
  CrimeReportUpdate: workflowResolvers.CrimeReportUpdate,
  CrimeStatistic: statisticsResolvers.CrimeStatistic,
  ReportAccess: reportResolvers.ReportAccess,
  Help: {
    __resolveReference: (ref) => toHelpKey(ref as HelpKey),
    crimeType: async (help, _, ctx) => foundEntity(await ctx.loaders.crimeType.load(help.crimeTypeCode), `The police know no crime type with the code "${help.crimeTypeCode}".`),
    district: async (help, _, ctx) => foundEntity(await ctx.loaders.district.load(help.districtCode), `No district has the ONS code "${help.districtCode}".`),
    reportingRoutes: (help, args, ctx) => topRoutes(ctx, help, args),
    reportingRoutesConnection: (help, args, ctx) => routePage(ctx, help, args),
    urgency: (help) => help.urgency ?? 'NON_EMERGENCY',
    evidenceGuidance: (help, _, ctx) => ctx.loaders.evidenceByCrimeType.load(help.crimeTypeCode),
    policingTeams: (help, _, ctx) => ctx.loaders.teamsByDistrict.load(help.districtCode),
  },
  ReportingRoute: {
    reasons: (route) => ('reasons' in route ? (route.reasons as HelpReason[]) : null),
  },
  CrimeType: {
    __resolveReference: async (ref, ctx) => foundEntity(await ctx.loaders.crimeType.load(String(ref.code)), `The police know no crime type with the code "${ref.code}".`),
    reportingRoutes: (type, _, ctx) => ctx.loaders.routesByCrimeType.load(type.code),
    evidenceGuidance: (type, _, ctx) => ctx.loaders.evidenceByCrimeType.load(type.code),
  },
  District: {
    __resolveReference: async (ref, ctx) => foundEntity(await ctx.loaders.district.load(String(ref.code)), `No district has the ONS code "${ref.code}".`),
    postcodeDistricts: (district, _, ctx) => ctx.loaders.postcodesByDistrict.load(district.code),
    policingTeams: (district, _, ctx) => ctx.loaders.teamsByDistrict.load(district.code),
  },
  PolicingTeam: {
    district: async (team, _, ctx) => foundEntity(await ctx.loaders.district.load(team.districtCode), `No district has the ONS code "${team.districtCode}".`),
  },
};
