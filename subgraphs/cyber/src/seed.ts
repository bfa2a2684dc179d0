// Seeds the cyber database. Idempotent: adds missing rows, leaves existing ones as they are.
// `seed` is the reference data (the Cyber Champions courses); `seedDemo` adds invented training
// sessions dated from the day of seeding, bookings and champions of the synthetic businesses,
// for development and demonstrations only: in production the cyber team publishes its own
// timetable, and a business must never book a session that does not exist.
import type { PrismaClient } from './generated/prisma/client.ts';
import * as data from './seedData.ts';

export async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.course.createMany({ data: data.courses, skipDuplicates: true });
}

/** Sessions dated from `now`, their synthetic bookings and the champions register (needs the courses). */
export async function seedDemo(prisma: PrismaClient, now: Date = new Date()): Promise<void> {
  await prisma.$transaction([
    prisma.trainingSession.createMany({ data: data.trainingSessions(now), skipDuplicates: true }),
    prisma.cyberChampion.createMany({ data: data.cyberChampions, skipDuplicates: true }),
    prisma.booking.createMany({ data: data.bookings(now), skipDuplicates: true }),
  ]);
}

/** Seeds an empty database: reference data, and demonstration data when `demo` says so. */
export async function seedIfEmpty(prisma: PrismaClient, { demo }: { demo: boolean }): Promise<boolean> {
  if ((await prisma.course.count()) > 0) return false;
  await seed(prisma);
  if (demo) await seedDemo(prisma);
  return true;
}
