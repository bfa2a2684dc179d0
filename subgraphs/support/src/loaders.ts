// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { groupBy, helpKeyId, indexBy, keysetOrderBy, type HelpKey, type Identity, type KeyColumn } from '@crimehub/common';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

/** What narrows the directory's offers; eligibility lists left empty mean no restriction. */
export interface OfferFilter {
  crimeTypeCode?: string | null;
  sector?: string | null;
  size?: string | null;
  districtCode?: string | null;
  rural?: boolean;
  workstreams?: readonly string[] | null;
  free?: boolean | null;
}

/** Offers in the directory (active) that are open to a business: an empty eligibility list means no restriction. */
export function eligibleOffersWhere(filter: OfferFilter): Prisma.SupportOfferWhereInput {
  const and: Prisma.SupportOfferWhereInput[] = [{ active: true }];
  if (filter.crimeTypeCode) and.push({ OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: filter.crimeTypeCode } }] });
  if (filter.sector) and.push({ OR: [{ eligibleSectors: { isEmpty: true } }, { eligibleSectors: { has: filter.sector } }] });
  if (filter.size) and.push({ OR: [{ eligibleSizes: { isEmpty: true } }, { eligibleSizes: { has: filter.size } }] });
  if (filter.districtCode) and.push({ OR: [{ districtCodes: { isEmpty: true } }, { districtCodes: { has: filter.districtCode } }] });
  if (filter.rural === false) and.push({ ruralOnly: false });
  if (filter.workstreams) and.push({ workstream: { in: [...new Set(filter.workstreams)] as Prisma.EnumWorkstreamFilter['in'] } });
  if (filter.free != null) and.push({ free: filter.free });
  return { AND: and };
}

/** The Growth Hub's order of its offers (featured first, then by title), ending in the unique id: the supportOffers keyset. */
export const offerKey: readonly KeyColumn[] = [
  { field: 'sortOrder', direction: 'asc', type: 'number' },
  { field: 'title', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'string' },
];
const offerOrder = keysetOrderBy(offerKey) as Prisma.SupportOfferOrderByWithRelationInput[];

export function createLoaders(prisma: PrismaClient) {
  return {
    organization: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.organization.findMany({ where: { id: { in: [...ids] } } }), (o) => o.id)),
    offersByOrganization: new DataLoader(async (ids: readonly string[]) =>
      groupBy(ids, await prisma.supportOffer.findMany({ where: { organizationId: { in: [...ids] }, active: true }, orderBy: offerOrder }), (o) => o.organizationId),
    ),
    /** Any offer, withdrawn ones too: an enquiry keeps the offer it was about. */
    offer: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.supportOffer.findMany({ where: { id: { in: [...ids] } } }), (o) => o.id)),
    business: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.business.findMany({ where: { id: { in: [...ids] } } }), (b) => b.id)),
    enquiry: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.enquiry.findMany({ where: { id: { in: [...ids] } } }), (e) => e.id)),
    /** One query per distinct question in the request. */
    offersForHelp: new DataLoader((keys: readonly HelpKey[]) => Promise.all(keys.map((key) => prisma.supportOffer.findMany({ where: eligibleOffersWhere(key), orderBy: offerOrder }))), {
      cacheKeyFn: helpKeyId,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  /** Who is asking, as the gateway signed it. */
  identity: Identity;
  prisma: PrismaClient;
  loaders: Loaders;
}
