// Seeds the police database with Staffordshire reference data. Idempotent: adds missing rows,
// leaves existing ones as they are.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';
import { crimeReports } from './seedReports.ts';

export async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction([
    prisma.crimeType.createMany({ data: data.crimeTypes, skipDuplicates: true }),
    prisma.reportingRoute.createMany({ data: data.reportingRoutes, skipDuplicates: true }),
    prisma.crimeTypeRoute.createMany({ data: data.crimeTypeRoutes, skipDuplicates: true }),
    prisma.evidenceGuidance.createMany({ data: data.evidenceGuidance, skipDuplicates: true }),
    prisma.district.createMany({ data: data.districts, skipDuplicates: true }),
    prisma.postcodeDistrict.createMany({ data: data.postcodeDistricts, skipDuplicates: true }),
    prisma.policingTeam.createMany({ data: data.policingTeams, skipDuplicates: true }),
    prisma.crimeReport.createMany({ data: crimeReports, skipDuplicates: true }),
  ]);
}

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.crimeType.count()) > 0) return false;
  await seed(prisma);
  return true;
}
