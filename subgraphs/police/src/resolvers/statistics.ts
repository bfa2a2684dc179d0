// Resolvers of analysts' figures: `crimeStatistics` and the deprecated `crimeReportStatistics`
// (the work is in ../statistics.ts).
import type { Resolvers } from '../generated/graphql.ts';
import { crimeStatistics, crimeTypeByDistrict } from '../statistics.ts';

export const statisticsResolvers = {
  Query: {
    crimeStatistics: (_, args, ctx) => crimeStatistics(ctx, args.measure, args.groupBy, args.filter),
    crimeReportStatistics: (_, __, ctx) => crimeTypeByDistrict(ctx),
  },
  CrimeStatistic: {
    crimeType: (stat, _, ctx) => ctx.loaders.crimeType.load(stat.crimeTypeCode).then((type) => type!),
    district: (stat, _, ctx) => ctx.loaders.district.load(stat.districtCode).then((district) => district!),
  },
} satisfies Pick<Resolvers, 'Query' | 'CrimeStatistic'>;
