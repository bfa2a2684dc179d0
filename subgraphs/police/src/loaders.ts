// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { groupBy, indexBy, type Identity } from '@crimehub/common';
import type { PrismaClient } from './generated/prisma/client.ts';

export function createLoaders(prisma: PrismaClient) {
  return {
    crimeType: new DataLoader(async (codes: readonly string[]) =>
      indexBy(codes, await prisma.crimeType.findMany({ where: { code: { in: [...codes] } } }), (c) => c.code),
    ),
    routesByCrimeType: new DataLoader(async (codes: readonly string[]) => {
      const links = await prisma.crimeTypeRoute.findMany({
        where: { crimeTypeCode: { in: [...codes] } },
        include: { route: true },
        orderBy: { rank: 'asc' },
      });
      return groupBy(codes, links, (link) => link.crimeTypeCode).map((list) => list.map((link) => link.route));
    }),
    evidenceByCrimeType: new DataLoader(async (codes: readonly string[]) => {
      const rows = await prisma.evidenceGuidance.findMany({
        where: { crimeTypeCodes: { hasSome: [...codes] } },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      });
      return groupBy(codes, rows, (row) => row.crimeTypeCodes);
    }),
    district: new DataLoader(async (codes: readonly string[]) =>
      indexBy(codes, await prisma.district.findMany({ where: { code: { in: [...codes] } } }), (d) => d.code),
    ),
    postcodesByDistrict: new DataLoader(async (codes: readonly string[]) => {
      const rows = await prisma.postcodeDistrict.findMany({ where: { districtCode: { in: [...codes] } }, orderBy: { outwardCode: 'asc' } });
      return groupBy(codes, rows, (row) => row.districtCode).map((list) => list.map((row) => row.outwardCode));
    }),
    districtByOutwardCode: new DataLoader(async (outwardCodes: readonly string[]) =>
      indexBy(outwardCodes, await prisma.postcodeDistrict.findMany({ where: { outwardCode: { in: [...outwardCodes] } } }), (r) => r.outwardCode),
    ),
    crimeReport: new DataLoader(async (references: readonly string[]) =>
      indexBy(references, await prisma.crimeReport.findMany({ where: { reference: { in: [...references] } } }), (r) => r.reference),
    ),
    teamsByDistrict: new DataLoader(async (codes: readonly string[]) => {
      const rows = await prisma.policingTeam.findMany({ where: { districtCode: { in: [...codes] } }, orderBy: { name: 'asc' } });
      return groupBy(codes, rows, (row) => row.districtCode);
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
