// Seeds the support database: partner organisations, support offers and synthetic business
// profiles. Idempotent: adds missing rows, leaves existing ones as they are.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';

export async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction([
    prisma.organization.createMany({ data: data.organizations, skipDuplicates: true }),
    prisma.supportOffer.createMany({ data: data.supportOffers, skipDuplicates: true }),
    prisma.business.createMany({ data: data.businesses, skipDuplicates: true }),
  ]);
}

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.organization.count()) > 0) return false;
  await seed(prisma);
  return true;
}
