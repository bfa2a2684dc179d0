// The victim services directory, the Victims' Code, and the directory's part of a help answer.
import {
  areaReason,
  crimeTypeReason,
  ErrorCode,
  findPage,
  helpConnection,
  requireHelpPage,
  inputChecks,
  pageRequest,
  rankHelpItems,
  requireDistrictCode,
  requireText,
  ruralReason,
  scopeScore,
  serviceKey as sameServiceKey,
  toHelpKey,
  topHelpItems,
  userError,
  type Connection,
  type HelpFit,
  type HelpKey,
  type HelpReason,
  type Ranked,
} from '@crimehub/common';
import type { CaseStage, Prisma, VictimService, VictimsCodeRight } from '../generated/prisma/client.ts';
import type { QueryResolvers, QueryVictimServicesArgs, VictimServiceResolvers, VictimsCodeRightResolvers, Workstream } from '../generated/graphql.ts';
import { serviceKey, type Context } from '../loaders.ts';
import type { VictimsResolvers } from './index.ts';

/** A service as the VictimService type's resolvers receive it: with why it is shown, in a help answer. */
export type VictimServiceRow = VictimService & { reasons?: HelpReason[] };

/** A page of the directory, or of a help answer's services, as the VictimServiceConnection type's resolvers receive it. */
export type VictimServicePage = Connection<VictimServiceRow>;

/** A right as the VictimsCodeRight type's resolvers receive it: in a help answer, with that question's services for later in the case. */
export type VictimsCodeRightRow = VictimsCodeRight & { helpServices?: VictimService[] };

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

/** Every victim service serves the strategy's PURSUE workstream. */
const victimServiceWorkstream: Workstream = 'PURSUE';

/** The stages at which a service applies straight away: a help answer lists those services. */
const nowStages: readonly CaseStage[] = ['AFTER_THE_CRIME', 'AFTER_REPORTING'];
const appliesNow = (service: VictimService): boolean => service.stages.some((stage) => nowStages.includes(stage));

/** Whether the business may use it at all: a rural-only service is for a rural business only. */
const eligible =
  (key: HelpKey) =>
  (service: VictimService): boolean =>
    !service.ruralOnly || key.rural;

/** How a service fits the question (common/src/helpRanking.ts): crime-specific first, then local before national; directory order after. */
function fitFor(key: HelpKey) {
  return (service: VictimService): HelpFit => {
    const specific = !service.allCrimeTypes;
    const scope = service.scope;
    const reasons: HelpReason[] = [];
    if (specific) reasons.push(crimeTypeReason(key.crimeTypeCode));
    if (service.ruralOnly) reasons.push(ruralReason);
    reasons.push(areaReason(scope, key.districtCode));
    return { score: [specific ? 1 : 0, scopeScore[scope]], order: [service.sortOrder, service.name, service.id], reasons };
  };
}

/**
 * The services of a help answer, from the question's candidates (one query per question): `now`,
 * ranked, those that apply straight away; `later`, in directory order, those the business may use
 * later in the case (after a charge, at court), which the answer gives under the rights they deliver.
 */
function helpServices(key: HelpKey, candidates: readonly VictimService[]) {
  const usable = candidates.filter(eligible(key));
  return {
    now: rankHelpItems(usable.filter(appliesNow), fitFor(key), (service) => sameServiceKey(service.providerId, service.name)),
    later: usable.filter((service) => !appliesNow(service)),
  };
}

/** The ranked services of the section, narrowed to a workstream when one is asked for. */
async function rankedForHelp(ctx: Context, help: HelpKey, workstream: Workstream | null | undefined): Promise<Ranked<VictimService>[]> {
  const { now } = helpServices(help, await ctx.loaders.servicesForHelp.load(help));
  return workstream == null || workstream === victimServiceWorkstream ? now : [];
}

export const victimServiceResolvers: VictimServiceResolvers<Context> = {
  contact: contactOf,
  provider: (service) => ({ id: service.providerId }),
  crimeTypes: (service) => (service.allCrimeTypes ? [] : service.crimeTypeCodes.map((code) => ({ code }))),
  districts: (service) => service.districtCodes.map((code) => ({ code })),
  workstream: () => victimServiceWorkstream,
  rights: (service) => [...service.rights].sort((a, b) => a - b),
  scope: (service) => service.scope,
  reasons: (service) => service.reasons ?? null,
};

export const victimsCodeRightResolvers: VictimsCodeRightResolvers<Context> = {
  services: (right, _, ctx) => right.helpServices ?? ctx.loaders.servicesByRight.load(right.number),
};

export const helpResolvers: VictimsResolvers['Help'] = {
  __resolveReference: (ref) => toHelpKey(ref),
  // `first` and `after` are checked before any query.
  victimServices: async (help, args, ctx) => {
    requireHelpPage(args);
    return topHelpItems(await rankedForHelp(ctx, help, args.workstream), args.first);
  },
  victimServicesConnection: async (help, args, ctx) => {
    requireHelpPage(args, { fallback: 5 });
    return helpConnection(await rankedForHelp(ctx, help, args.workstream), args);
  },
  victimsCodeRights: async (help, _, ctx) => {
    const [rights, candidates] = await Promise.all([ctx.loaders.businessRights.load('business'), ctx.loaders.servicesForHelp.load(help)]);
    const { later } = helpServices(help, candidates);
    // New objects: the loaded rows are shared by every question in the request.
    return rights.map((right): VictimsCodeRightRow => ({ ...right, helpServices: later.filter((service) => service.rights.includes(right.number)) }));
  },
};
