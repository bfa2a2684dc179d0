// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { groupBy, helpKeyId, indexBy, type HelpKey, type Identity } from '@crimehub/common';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export interface OfferFilter {
  crimeTypeCode?: string;
  sector?: string | null;
  size?: string | null;
  districtCode?: string | null;
  rural?: boolean;
  workstream?: string | null;
}

/** Offers open to a business: an empty eligibility list means no restriction. */
export function eligibleOffersWhere(filter: OfferFilter): Prisma.SupportOfferWhereInput {
  const and: Prisma.SupportOfferWhereInput[] = [{ active: true }];
  if (filter.crimeTypeCode) and.push({ OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: filter.crimeTypeCode } }] });
  if (filter.sector) and.push({ OR: [{ eligibleSectors: { isEmpty: true } }, { eligibleSectors: { has: filter.sector } }] });
  if (filter.size) and.push({ OR: [{ eligibleSizes: { isEmpty: true } }, { eligibleSizes: { has: filter.size } }] });
  if (filter.districtCode) and.push({ OR: [{ districtCodes: { isEmpty: true } }, { districtCodes: { has: filter.districtCode } }] });
  if (filter.rural === false) and.push({ ruralOnly: false });
  if (filter.workstream) and.push({ workstream: filter.workstream as never });
  return { AND: and };
}

export const offerOrder: Prisma.SupportOfferOrderByWithRelationInput[] = [{ sortOrder: 'asc' }, { title: 'asc' }];

export function createLoaders(prisma: PrismaClient) {
  return {
    organization: new DataLoader(async (ids: readonly string[]) =>
      indexBy(ids, await prisma.organization.findMany({ where: { id: { in: [...ids] } } }), (o) => o.id),
    ),
    offersByOrganization: new DataLoader(async (ids: readonly string[]) =>
      groupBy(ids, await prisma.supportOffer.findMany({ where: { organizationId: { in: [...ids] }, active: true }, orderBy: offerOrder }), (o) => o.organizationId),
    ),
    offer: new DataLoader(async (ids: readonly string[]) =>
      indexBy(ids, await prisma.supportOffer.findMany({ where: { id: { in: [...ids] } } }), (o) => o.id),
    ),
    business: new DataLoader(async (ids: readonly string[]) =>
      indexBy(ids, await prisma.business.findMany({ where: { id: { in: [...ids] } } }), (b) => b.id),
    ),
    /** One query per distinct question in the request. */
    offersForHelp: new DataLoader(
      (keys: readonly HelpKey[]) =>
        Promise.all(
          keys.map((key) =>
            prisma.supportOffer.findMany({
              where: eligibleOffersWhere({ ...key, crimeTypeCode: key.crimeTypeCode }),
              orderBy: offerOrder,
            }),
          ),
        ),
      { cacheKeyFn: helpKeyId },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  /** Who is asking, as the gateway signed it. */
  identity: Identity;
  prisma: PrismaClient;
  loaders: Loaders;
}
