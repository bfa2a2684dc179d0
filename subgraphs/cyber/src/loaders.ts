// Per-request DataLoaders: one query per kind of record per request, however long the lists, and
// one per nested list (a page of each course's sessions, of each session's bookings) however many
// parents the page holds.
import DataLoader from 'dataloader';
import { helpKeyId, indexBy, maxHelpSectionItems, type HelpKey, type Identity } from '@crimehub/common';
import { businessBookings, courseSessions, sessionBookings } from './filters.ts';
import type { Booking, Course, CyberChampion, Prisma, PrismaClient, TrainingSession } from './generated/prisma/client.ts';
import { nestedConnections } from './nestedPages.ts';

/** How many sessions a help answer holds at most (its list and its connection's pages together), soonest first. */
export const helpSessionLimit = maxHelpSectionItems;

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

/** Sessions a business can attend: online, or held in its own district (service areas are exact: never another district). */
function heldFor(key: HelpKey): Prisma.TrainingSessionWhereInput {
  return { OR: [{ online: true }, { districtCode: key.districtCode }] };
}

/** Sessions that began this long before the minute's start are read and dropped, rather than asked again. */
const sameMinuteMargin = 10;

/**
 * A question's upcoming sessions with seats, soonest first, at most `helpSessionLimit`. The query
 * asks from the start of the current minute, not from this millisecond: the same statement for a
 * whole minute, which the embedded database's read cache can answer (common/src/readCache.ts). The
 * sessions that began between then and now are dropped here; should more than `sameMinuteMargin`
 * of them have crowded out the list, it is asked again from now, so the answer is always exact.
 */
async function upcomingSessionsFor(prisma: PrismaClient, key: HelpKey, now: Date): Promise<TrainingSession[]> {
  const from = (after: Date, take: number) =>
    prisma.trainingSession.findMany({ where: { AND: [upcomingWithSeats(prisma, after), heldFor(key)], course: courseOpenTo(key) }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], take });
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const read = await from(minute, helpSessionLimit + sameMinuteMargin);
  const upcoming = read.filter((session) => session.startsAt > now);
  if (upcoming.length >= helpSessionLimit || read.length < helpSessionLimit + sameMinuteMargin) return upcoming.slice(0, helpSessionLimit);
  return from(now, helpSessionLimit);
}

/** A loader of rows by id, in one query per batch. */
function byId<T extends { id: string }>(find: (ids: string[]) => Promise<T[]>) {
  return new DataLoader(async (ids: readonly string[]) => indexBy(ids, await find([...ids]), (row) => row.id));
}

export function createLoaders(prisma: PrismaClient, now: () => Date = () => new Date()) {
  const course = byId<Course>((ids) => prisma.course.findMany({ where: { id: { in: ids } } }));
  return {
    course,
    session: byId<TrainingSession>((ids) => prisma.trainingSession.findMany({ where: { id: { in: ids } } })),
    booking: byId<Booking>((ids) => prisma.booking.findMany({ where: { id: { in: ids } } })),
    champion: byId<CyberChampion>((ids) => prisma.cyberChampion.findMany({ where: { id: { in: ids } } })),
    /**
     * A help answer's sessions, soonest first (then by id), at most `helpSessionLimit`, each with its
     * course: one query per distinct question in the request, and one for the courses of them all.
     */
    sessionsForHelp: new DataLoader(
      async (keys: readonly HelpKey[]) => {
        const lists = await Promise.all(keys.map((key) => upcomingSessionsFor(prisma, key, now())));
        const courses = await course.loadMany([...new Set(lists.flat().map((s) => s.courseId))]);
        const byId = new Map(courses.filter((c): c is Course => c != null && !(c instanceof Error)).map((c) => [c.id, c]));
        return lists.map((list) => list.map((session) => ({ session, course: byId.get(session.courseId)! })));
      },
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
