// The victim services directory, the Victims' Code, and the directory's part of a help answer.
import { ErrorCode, findPage, inputChecks, pageRequest, requireDistrictCode, requireText, toHelpKey, userError, type Connection } from '@crimehub/common';
import type { Prisma, VictimService } from '../generated/prisma/client.ts';
import type { QueryResolvers, QueryVictimServicesArgs, VictimServiceResolvers } from '../generated/graphql.ts';
import { serviceKey, type Context } from '../loaders.ts';
import type { VictimsResolvers } from './index.ts';

/** A page of the directory, as the VictimServiceConnection type's resolvers receive it. */
export type VictimServicePage = Connection<VictimService>;

/** The shape of a crime type code (`shoplifting`, `cyber-ransomware`); which codes exist is the police's list. */
const crimeTypeCodePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function requireCrimeTypeCode(raw: string, field: string): string {
  const code = requireText(raw, field, { max: 64 }).toLowerCase();
  if (!crimeTypeCodePattern.test(code)) throw userError(ErrorCode.BAD_USER_INPUT, `${field} must be a crime type code such as "shoplifting" (the crimeTypes query lists them).`, { field });
  return code;
}

/** Telephone first, then email, then website: what a person in a hurry needs. */
function contactOf(service: VictimService): string {
  return service.phone ?? service.email ?? service.url ?? service.howToBeReferred;
}

/** One page of the directory; every argument is checked, and every fault reported, before any query runs. */
async function victimServices(ctx: Context, args: QueryVictimServicesArgs): Promise<VictimServicePage> {
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, serviceKey));
  const filter = args.filter ?? {};
  const districtCode = filter.district == null ? undefined : check.run(() => requireDistrictCode(filter.district!, 'filter.district'));
  const crimeTypeCode = filter.crimeType == null ? undefined : check.run(() => requireCrimeTypeCode(filter.crimeType!, 'filter.crimeType'));
  check.done();
  const where: Prisma.VictimServiceWhereInput = {
    ...(filter.forBusinesses == null ? {} : filter.forBusinesses ? { servesBusinesses: true } : { servesIndividuals: true }),
    ...(districtCode ? { districtCodes: { has: districtCode } } : {}),
    ...(crimeTypeCode ? { OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: crimeTypeCode } }] } : {}),
  };
  return findPage(ctx.prisma.victimService, where, serviceKey, page);
}

export const serviceQueries: QueryResolvers<Context> = {
  victimServices: (_, args, ctx) => victimServices(ctx, args),
  victimService: (_, args, ctx) => ctx.loaders.service.load(requireText(args.id, 'id', { max: 128 })),
  victimsCodeRights: (_, args, ctx) =>
    ctx.prisma.victimsCodeRight.findMany({
      where: args.forBusinesses ? { appliesToBusinesses: true } : {},
      orderBy: { number: 'asc' },
    }),
};

export const victimServiceResolvers: VictimServiceResolvers<Context> = {
  contact: contactOf,
  provider: (service) => ({ id: service.providerId }),
  crimeTypes: (service) => (service.allCrimeTypes ? [] : service.crimeTypeCodes.map((code) => ({ code }))),
  districts: (service) => service.districtCodes.map((code) => ({ code })),
  workstream: () => 'PURSUE',
};

export const helpResolvers: VictimsResolvers['Help'] = {
  __resolveReference: (ref) => toHelpKey(ref),
  victimServices: (help, _, ctx) => ctx.loaders.servicesForHelp.load(help),
  victimsCodeRights: (_, __, ctx) => ctx.loaders.businessRights.load('business'),
};
