// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { groupBy, helpKeyId, indexBy, type HelpKey, type Identity } from '@crimehub/common';
import type { Course, Prisma, PrismaClient, TrainingSession } from './generated/prisma/client.ts';

export type SessionWithCourse = TrainingSession & { course: Course };

/** How many sessions a help answer lists at most. */
export const helpSessionLimit = 12;

/** Upcoming sessions that still have a seat. */
export function upcomingWithSeats(prisma: PrismaClient, now: Date): Prisma.TrainingSessionWhereInput {
  return { startsAt: { gt: now }, seatsBooked: { lt: prisma.trainingSession.fields.capacity } };
}

/** Courses open to a business: an empty eligibility list means no restriction. */
function courseOpenTo(key: HelpKey): Prisma.CourseWhereInput {
  return {
    crimeTypeCodes: { has: key.crimeTypeCode },
    AND: [
      { OR: [{ eligibleSectors: { isEmpty: true } }, { eligibleSectors: { has: key.sector } }] },
      { OR: [{ eligibleSizes: { isEmpty: true } }, { eligibleSizes: { has: key.size } }] },
    ],
  };
}

/** Online sessions and those in the business's own district first, then soonest first. */
function byRelevance(districtCode: string) {
  const near = (s: TrainingSession) => (s.online || s.districtCode === districtCode ? 0 : 1);
  return (a: TrainingSession, b: TrainingSession) => near(a) - near(b) || a.startsAt.getTime() - b.startsAt.getTime();
}

export function createLoaders(prisma: PrismaClient, now: () => Date = () => new Date()) {
  return {
    course: new DataLoader(async (ids: readonly string[]) =>
      indexBy(ids, await prisma.course.findMany({ where: { id: { in: [...ids] } } }), (c) => c.id),
    ),
    session: new DataLoader(async (ids: readonly string[]) =>
      indexBy(ids, await prisma.trainingSession.findMany({ where: { id: { in: [...ids] } }, include: { course: true } }), (s) => s.id),
    ),
    upcomingByCourse: new DataLoader(async (ids: readonly string[]) => {
      const rows = await prisma.trainingSession.findMany({
        where: { courseId: { in: [...ids] }, startsAt: { gt: now() } },
        include: { course: true },
        orderBy: { startsAt: 'asc' },
      });
      return groupBy(ids, rows, (s) => s.courseId);
    }),
    /** One query per distinct question in the request. */
    sessionsForHelp: new DataLoader(
      (keys: readonly HelpKey[]) =>
        Promise.all(
          keys.map(async (key) => {
            const rows = await prisma.trainingSession.findMany({
              where: { ...upcomingWithSeats(prisma, now()), course: courseOpenTo(key) },
              include: { course: true },
            });
            return rows.sort(byRelevance(key.districtCode)).slice(0, helpSessionLimit);
          }),
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
