// Seeds the cyber database: courses, sessions dated from the day of seeding, and the
// champions register. Idempotent: adds missing rows, leaves existing ones as they are.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';

export async function seed(prisma: PrismaClient, now: Date = new Date()): Promise<void> {
  await prisma.$transaction([
    prisma.course.createMany({ data: data.courses, skipDuplicates: true }),
    prisma.trainingSession.createMany({ data: data.trainingSessions(now), skipDuplicates: true }),
    prisma.cyberChampion.createMany({ data: data.cyberChampions, skipDuplicates: true }),
    prisma.booking.createMany({ data: data.bookings(now), skipDuplicates: true }),
  ]);
}

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.course.count()) > 0) return false;
  await seed(prisma);
  return true;
}
