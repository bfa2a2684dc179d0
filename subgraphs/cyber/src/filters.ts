// The cyber subgraph's lists as their clients ask for them: each list's page request and filter,
// checked (every bad field in one answer) before any query, turned into the query that reads it.
// Root lists are Prisma `where`s for common's findPage; bookings, which page per session and per
// business in one statement (nestedPages.ts), are SQL.
import { inputChecks, pageRequest, requireDistrictCode, userError, ErrorCode, type KeyColumn, type PageArgs, type PageRequest } from '@crimehub/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import type { BookingFilter, CourseFilter, CyberChampionFilter, DateTimeRange, TrainingSessionFilter } from './generated/graphql.ts';
import type { ChildList, SqlKeyColumn } from './nestedPages.ts';

/** Courses by title. */
export const courseOrder: readonly KeyColumn[] = [
  { field: 'title', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'string' },
];

/** Sessions soonest first. */
export const sessionOrder: readonly SqlKeyColumn[] = [
  { field: 'startsAt', direction: 'asc', type: 'date', sqlType: 'timestamp(3)' },
  { field: 'id', direction: 'asc', type: 'string', sqlType: 'text' },
];

/** The register, most recently trained first. */
export const championOrder: readonly KeyColumn[] = [
  { field: 'trainedOn', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'string' },
];

/** A course's upcoming sessions (Course.sessions). */
export const courseSessions: ChildList = { table: 'TrainingSession', parentColumn: 'courseId', columns: sessionOrder };

/**
 * A session's bookings as its organiser reads them: booked, then the waiting list in order, then
 * cancelled (BookingStatus declares them in that order), oldest first within each.
 */
export const sessionBookings: ChildList = {
  table: 'Booking',
  parentColumn: 'sessionId',
  columns: [
    { field: 'statusRank', expression: Prisma.sql`CASE t."status" WHEN 'BOOKED' THEN 0 WHEN 'WAITING' THEN 1 ELSE 2 END`, direction: 'asc', type: 'number', sqlType: 'numeric' },
    { field: 'waitlistOrder', expression: Prisma.sql`COALESCE(t."waitlistPosition", 0)`, direction: 'asc', type: 'number', sqlType: 'numeric' },
    { field: 'createdAt', direction: 'asc', type: 'date', sqlType: 'timestamp(3)' },
    { field: 'id', direction: 'asc', type: 'string', sqlType: 'text' },
  ],
};

/** A business's bookings, newest first (me.bookings). */
export const businessBookings: ChildList = {
  table: 'Booking',
  parentColumn: 'businessId',
  columns: [
    { field: 'createdAt', direction: 'desc', type: 'date', sqlType: 'timestamp(3)' },
    { field: 'id', direction: 'asc', type: 'string', sqlType: 'text' },
  ],
};

/** A DateTimeRange as bounds; BAD_USER_INPUT naming the field when it ends before it starts. */
function period(range: DateTimeRange | null | undefined, field: string): { from?: Date; to?: Date } | undefined {
  if (!range) return undefined;
  const { from, to } = range;
  if (from && to && from.getTime() >= to.getTime()) throw userError(ErrorCode.BAD_USER_INPUT, `${field}.from must be before ${field}.to.`, { field });
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

const prismaRange = (bounds: { from?: Date; to?: Date }) => ({ ...(bounds.from ? { gte: bounds.from } : {}), ...(bounds.to ? { lt: bounds.to } : {}) });

/** The first midnight (UTC) at or after an instant: a day is in a period when its midnight is. */
function dayFrom(instant: Date): Date {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  return day.getTime() < instant.getTime() ? new Date(day.getTime() + 86_400_000) : day;
}

/**
 * Cursor values this module puts into SQL must be ones PostgreSQL takes: a date outside years
 * 1 to 9999 (JavaScript takes ±275,760) is a cursor no list gave out.
 */
function requireStorableCursor(page: PageRequest): PageRequest {
  for (const value of page.after ?? []) {
    if (value instanceof Date && (value.getUTCFullYear() < 1 || value.getUTCFullYear() > 9999)) {
      throw userError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor this list gave out; start again without after.', { field: 'after' });
    }
  }
  return page;
}

export interface ListQuery<W> {
  page: PageRequest;
  where: W;
}

export function coursesQuery(args: PageArgs & { filter?: CourseFilter | null }): ListQuery<Prisma.CourseWhereInput> {
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, courseOrder));
  check.done();
  const filter = args.filter ?? {};
  const where: Prisma.CourseWhereInput[] = [];
  if (filter.crimeType != null) where.push({ crimeTypeCodes: { has: filter.crimeType } });
  if (filter.level != null) where.push({ level: { in: [...new Set(filter.level)] } });
  if (filter.provider != null) where.push({ providerId: filter.provider });
  return { page, where: { AND: where } };
}

export function sessionsQuery(prisma: PrismaClient, args: PageArgs & { filter?: TrainingSessionFilter | null }, now: Date): ListQuery<Prisma.TrainingSessionWhereInput> {
  const check = inputChecks();
  const page = check.run(() => requireStorableCursor(pageRequest(args, sessionOrder)));
  const filter = args.filter ?? {};
  const district = filter.district == null ? undefined : check.run(() => requireDistrictCode(filter.district!, 'filter.district'));
  const startsAt = check.run(() => period(filter.startsAt, 'filter.startsAt'));
  check.done();
  const where: Prisma.TrainingSessionWhereInput[] = [{ startsAt: filter.startsAt ? prismaRange(startsAt!) : { gt: now } }];
  if (district) where.push(filter.online === false ? { districtCode: district } : { OR: [{ online: true }, { districtCode: district }] });
  if (filter.online != null) where.push({ online: filter.online });
  if (filter.course != null) where.push({ courseId: filter.course });
  if (filter.withSeats != null) {
    const capacity = prisma.trainingSession.fields.capacity;
    where.push({ seatsBooked: filter.withSeats ? { lt: capacity } : { gte: capacity } });
  }
  return { page, where: { AND: where } };
}

/** Course.sessions: the upcoming ones, no filter. */
export function courseSessionsQuery(args: PageArgs, now: Date): ListQuery<Prisma.Sql> & { key: string } {
  const page = requireStorableCursor(pageRequest(args, sessionOrder));
  return { page, where: Prisma.sql`t."startsAt" > ${now}`, key: JSON.stringify([args.first ?? null, args.after ?? null]) };
}

export function championsQuery(args: PageArgs & { filter?: CyberChampionFilter | null }): ListQuery<Prisma.CyberChampionWhereInput> {
  const check = inputChecks();
  const page = check.run(() => requireStorableCursor(pageRequest(args, championOrder)));
  const filter = args.filter ?? {};
  const trainedOn = check.run(() => period(filter.trainedOn, 'filter.trainedOn'));
  check.done();
  const where: Prisma.CyberChampionWhereInput[] = [];
  if (filter.course != null) where.push({ courseId: filter.course });
  if (trainedOn) where.push({ trainedOn: prismaRange({ ...(trainedOn.from ? { from: dayFrom(trainedOn.from) } : {}), ...(trainedOn.to ? { to: dayFrom(trainedOn.to) } : {}) }) });
  return { page, where: { AND: where } };
}

/** A page of bookings (a session's or a business's) and its filter as SQL over the Booking table `t`. */
export function bookingsQuery(list: ChildList, args: PageArgs & { filter?: BookingFilter | null }): ListQuery<Prisma.Sql> & { key: string } {
  const check = inputChecks();
  const page = check.run(() => requireStorableCursor(pageRequest(args, list.columns)));
  const filter = args.filter ?? {};
  const createdAt = check.run(() => period(filter.createdAt, 'filter.createdAt'));
  check.done();
  const parts: Prisma.Sql[] = [];
  // At most the three states, however often a client repeats them.
  const statuses = [...new Set(filter.status ?? [])];
  if (filter.status != null) parts.push(statuses.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`CAST(t."status" AS text) IN (${Prisma.join(statuses)})`);
  if (createdAt?.from) parts.push(Prisma.sql`t."createdAt" >= CAST(${createdAt.from} AS timestamp(3))`);
  if (createdAt?.to) parts.push(Prisma.sql`t."createdAt" < CAST(${createdAt.to} AS timestamp(3))`);
  const where = parts.length > 0 ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
  const key = JSON.stringify([args.first ?? null, args.after ?? null, statuses.sort(), createdAt?.from?.toISOString() ?? null, createdAt?.to?.toISOString() ?? null]);
  return { page, where, key };
}
