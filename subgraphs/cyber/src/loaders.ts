// Per-request DataLoaders: one query per kind of record per request, however long the lists, and
// one per nested list (a page of each course's sessions, of each session's bookings) however many
// parents the page holds.
import DataLoader from 'dataloader';
import { helpKeyId, indexBy, type HelpKey, type Identity } from '@crimehub/common';
import { businessBookings, courseSessions, sessionBookings } from './filters.ts';
import type { Booking, Course, CyberChampion, Prisma, PrismaClient, TrainingSession } from './generated/prisma/client.ts';
import { nestedConnections } from './nestedPages.ts';

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
    AND: [{ OR: [{ eligibleSectors: { isEmpty: true } }, { eligibleSectors: { has: key.sector } }] }, { OR: [{ eligibleSizes: { isEmpty: true } }, { eligibleSizes: { has: key.size } }] }],
  };
}

/** Online sessions and those in the business's own district first, then soonest first. */
function byRelevance(districtCode: string) {
  const near = (s: TrainingSession) => (s.online || s.districtCode === districtCode ? 0 : 1);
  return (a: TrainingSession, b: TrainingSession) => near(a) - near(b) || a.startsAt.getTime() - b.startsAt.getTime();
}

/** A loader of rows by id, in one query per batch. */
function byId<T extends { id: string }>(find: (ids: string[]) => Promise<T[]>) {
  return new DataLoader(async (ids: readonly string[]) => indexBy(ids, await find([...ids]), (row) => row.id));
}

export function createLoaders(prisma: PrismaClient, now: () => Date = () => new Date()) {
  return {
    course: byId<Course>((ids) => prisma.course.findMany({ where: { id: { in: ids } } })),
    session: byId<TrainingSession>((ids) => prisma.trainingSession.findMany({ where: { id: { in: ids } } })),
    booking: byId<Booking>((ids) => prisma.booking.findMany({ where: { id: { in: ids } } })),
    champion: byId<CyberChampion>((ids) => prisma.cyberChampion.findMany({ where: { id: { in: ids } } })),
    /** One query per distinct question in the request. */
    sessionsForHelp: new DataLoader(
      (keys: readonly HelpKey[]) =>
        Promise.all(
          keys.map(async (key) => {
            const rows = await prisma.trainingSession.findMany({ where: { ...upcomingWithSeats(prisma, now()), course: courseOpenTo(key) } });
            return rows.sort(byRelevance(key.districtCode)).slice(0, helpSessionLimit);
          }),
        ),
      { cacheKeyFn: helpKeyId },
    ),
    /** A page of each course's upcoming sessions. */
    courseSessions: nestedConnections<TrainingSession>(prisma, courseSessions),
    /** A page of each session's bookings. */
    sessionBookings: nestedConnections<Booking>(prisma, sessionBookings),
    /** A page of a business's bookings. */
    businessBookings: nestedConnections<Booking>(prisma, businessBookings),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface Context {
  /** Who is asking, as the gateway signed it. */
  identity: Identity;
  prisma: PrismaClient;
  loaders: Loaders;
}
