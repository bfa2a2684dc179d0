// The Growth Hub's part of a help answer: the offers open to the business (one query per distinct
// question, by DataLoader), ranked by the rules every partner shares (common/src/helpRanking.ts):
// specific to the crime type first, local before national, the business's own sector and size
// before the rest, then the Growth Hub's order; one item per organisation's service.
import {
  areaReason,
  crimeTypeReason,
  helpConnection,
  requireHelpPage,
  rankHelpItems,
  ruralReason,
  scopeScore,
  sectorReason,
  serviceKey,
  sizeReason,
  topHelpItems,
  type Connection,
  type HelpFit,
  type HelpKey,
  type HelpReason,
  type Ranked,
} from '@crimehub/common';
import type { SupportOffer } from '../generated/prisma/client.ts';
import type { Workstream } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';

/** How an offer (already open to this business) fits the question, and why it is shown. */
export function offerFit(offer: SupportOffer, key: HelpKey): HelpFit {
  const forCrimeType = !offer.allCrimeTypes && offer.crimeTypeCodes.includes(key.crimeTypeCode);
  const forSector = offer.eligibleSectors.includes(key.sector);
  const forSize = offer.eligibleSizes.includes(key.size);
  const reasons: HelpReason[] = [];
  if (forCrimeType) reasons.push(crimeTypeReason(key.crimeTypeCode));
  if (forSector) reasons.push(sectorReason(key.sector));
  if (forSize) reasons.push(sizeReason(key.size));
  if (offer.ruralOnly) reasons.push(ruralReason);
  reasons.push(areaReason(offer.scope, key.districtCode));
  return {
    score: [forCrimeType ? 1 : 0, scopeScore[offer.scope], forSector ? 1 : 0, forSize ? 1 : 0],
    order: [offer.sortOrder, offer.id],
    reasons,
  };
}

/** The offers of a help answer, ranked; only one workstream's when it is given. */
export async function rankedOffers(ctx: Context, key: HelpKey, workstream?: Workstream | null): Promise<Ranked<SupportOffer>[]> {
  const offers = await ctx.loaders.offersForHelp.load(key);
  const ranked = rankHelpItems(
    offers,
    (offer) => offerFit(offer, key),
    (offer) => serviceKey(offer.organizationId, offer.title),
  );
  return workstream ? ranked.filter((offer) => offer.workstream === workstream) : ranked;
}

/** Help.supportOffers: the top `first` (all, at most 50, without it); a bad `first` is refused before any query. */
export async function helpSupportOffers(ctx: Context, key: HelpKey, args: { first?: number | null; workstream?: Workstream | null }): Promise<Ranked<SupportOffer>[]> {
  requireHelpPage(args);
  return topHelpItems(await rankedOffers(ctx, key, args.workstream), args.first);
}

/** Help.supportOffersConnection: the same ranked list, a page at a time. */
export async function helpSupportOffersConnection(
  ctx: Context,
  key: HelpKey,
  args: { first?: number | null; after?: string | null; workstream?: Workstream | null },
): Promise<Connection<Ranked<SupportOffer>>> {
  requireHelpPage(args, { fallback: 5 });
  return helpConnection(await rankedOffers(ctx, key, args.workstream), { first: args.first, after: args.after });
}
