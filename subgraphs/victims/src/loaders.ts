// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { helpKeyId, indexBy, keysetOrderBy, type HelpKey, type Identity, type KeyColumn } from '@crimehub/common';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

/**
 * Directory order, as the victimServices connection pages through it and help answers list
 * services: ends in the unique id so a cursor names one place (index on sortOrder, name, id).
 */
export const serviceKey: readonly KeyColumn[] = [
  { field: 'sortOrder', direction: 'asc', type: 'number' },
  { field: 'name', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'string' },
];

/** Services that support businesses, for this crime type, covering this district. */
export function servicesForBusinessWhere(key: Pick<HelpKey, 'crimeTypeCode' | 'districtCode'>): Prisma.VictimServiceWhereInput {
  return {
    servesBusinesses: true,
    districtCodes: { has: key.districtCode },
    OR: [{ allCrimeTypes: true }, { crimeTypeCodes: { has: key.crimeTypeCode } }],
  };
}

export function createLoaders(prisma: PrismaClient) {
  return {
    service: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.victimService.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id)),
    /** One query per distinct question in the request. */
    servicesForHelp: new DataLoader(
      (keys: readonly HelpKey[]) => Promise.all(keys.map((key) => prisma.victimService.findMany({ where: servicesForBusinessWhere(key), orderBy: keysetOrderBy(serviceKey) }))),
      { cacheKeyFn: helpKeyId },
    ),
    /** The services that deliver each Victims' Code right (by its number), in directory order: one query for every right asked. */
    servicesByRight: new DataLoader(async (numbers: readonly number[]) => {
      const rows = await prisma.victimService.findMany({ where: { rights: { hasSome: [...numbers] } }, orderBy: keysetOrderBy(serviceKey) });
      return numbers.map((number) => rows.filter((row) => row.rights.includes(number)));
    }),
    /** The Victims' Code rights of a business; the same for every question, so loaded once. */
    businessRights: new DataLoader(async (keys: readonly string[]) => {
      const rows = await prisma.victimsCodeRight.findMany({ where: { appliesToBusinesses: true }, orderBy: { number: 'asc' } });
      return keys.map(() => rows);
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
