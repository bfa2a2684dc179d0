// Resolvers of the victims subgraph (mercurius): the victim services directory, the Victims'
// Code, and the directory's part of a help answer. mercurius calls __resolveReference(ref, args, ctx).
import { requireDistrictCode, toHelpKey, type HelpKey } from '@crimehub/common';
import type { VictimService } from '../generated/prisma/client.ts';
import { serviceOrder, type Context } from '../loaders.ts';
import { referralResolvers } from './referrals.ts';

/** Telephone first, then email, then website: what a person in a hurry needs. */
function contactOf(service: VictimService): string {
  return service.phone ?? service.email ?? service.url ?? service.howToBeReferred;
}

export const resolvers = {
  Query: {
    victimServices: (_: unknown, args: { forBusinesses?: boolean | null; district?: string | null }, ctx: Context) => {
      const districtCode = args.district == null ? null : requireDistrictCode(args.district, 'district');
      return ctx.prisma.victimService.findMany({
        where: {
          ...(args.forBusinesses == null ? {} : args.forBusinesses ? { servesBusinesses: true } : { servesIndividuals: true }),
          ...(districtCode ? { districtCodes: { has: districtCode } } : {}),
        },
        orderBy: serviceOrder,
      });
    },
    victimsCodeRights: (_: unknown, args: { forBusinesses?: boolean | null }, ctx: Context) =>
      ctx.prisma.victimsCodeRight.findMany({
        where: args.forBusinesses ? { appliesToBusinesses: true } : {},
        orderBy: { number: 'asc' },
      }),
    ...referralResolvers.Query,
  },
  Mutation: referralResolvers.Mutation,
  Referral: referralResolvers.Referral,
  Help: {
    __resolveReference: (ref: HelpKey) => toHelpKey(ref),
    victimServices: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.servicesForHelp.load(help),
    victimsCodeRights: (_: HelpKey, __: unknown, ctx: Context) => ctx.loaders.businessRights.load('business'),
  },
  VictimService: {
    contact: contactOf,
    provider: (service: VictimService) => ({ id: service.providerId }),
    crimeTypes: (service: VictimService) => (service.allCrimeTypes ? [] : service.crimeTypeCodes.map((code) => ({ code }))),
    workstream: () => 'PURSUE',
  },
};
