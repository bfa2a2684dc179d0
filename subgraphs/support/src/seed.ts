// Seeds the support database. Idempotent: adds missing rows, leaves existing ones as they are.
// `seed` is the reference data (partner organisations and their support offers); `seedDemo`
// adds the synthetic business profiles, for development and demonstrations only.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';

export async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction([
    prisma.organization.createMany({ data: data.organizations, skipDuplicates: true }),
    prisma.supportOffer.createMany({ data: data.supportOffers, skipDuplicates: true }),
  ]);
}

/** The ten synthetic business profiles (biz-0001 … biz-0010). */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.business.createMany({ data: data.businesses, skipDuplicates: true });
}

/** Seeds an empty database: reference data, and demonstration data when `demo` says so. */
export async function seedIfEmpty(prisma: PrismaClient, { demo }: { demo: boolean }): Promise<boolean> {
  if ((await prisma.organization.count()) > 0) return false;
  await seed(prisma);
  if (demo) await seedDemo(prisma);
  return true;
}
