// Seeds the police database. Idempotent: adds missing rows, leaves existing ones as they are.
// `seed` is the reference data every deployment needs (crime types, reporting routes, evidence
// guidance, districts, postcode districts, policing teams); `seedDemo` adds the synthetic crime
// reports, for development and demonstrations only — never in production, where they would
// reach police lists and analysts' figures.
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
  ]);
}

/** The 40 synthetic crime reports of the demonstration businesses (needs the reference data). */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.crimeReport.createMany({ data: crimeReports, skipDuplicates: true });
}

/** Seeds an empty database: reference data, and demonstration data when `demo` says so. */
export async function seedIfEmpty(prisma: PrismaClient, { demo }: { demo: boolean }): Promise<boolean> {
  if ((await prisma.crimeType.count()) > 0) return false;
  await seed(prisma);
  if (demo) await seedDemo(prisma);
  return true;
}
