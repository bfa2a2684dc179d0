// Seeds the victims database: the services directory and the Victims' Code rights — reference
// data only (this subgraph has no demonstration data). Idempotent: adds missing rows, leaves
// existing ones as they are.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';

export async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction([
    prisma.victimService.createMany({ data: data.victimServices, skipDuplicates: true }),
    prisma.victimsCodeRight.createMany({ data: data.victimsCodeRights, skipDuplicates: true }),
  ]);
}

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.victimsCodeRight.count()) > 0) return false;
  await seed(prisma);
  return true;
}
