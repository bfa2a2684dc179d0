// Figures on Cyber Champions training for analysts (cyberStatistics): one grouped SQL statement
// per answer (GROUPING SETS for the total), every group listed and protected by the hub's one
// disclosure rule (common/src/statistics.ts). Seats and waiting lists are those of the sessions
// held in the period; champions are counted by the date they were trained. The cyber subgraph
// holds no business profiles, so there is no split by sector or size.
import {
  districts,
  ErrorCode,
  inputChecks,
  monthGroups,
  monthKeySql,
  quoteInput,
  requireDistrictCode,
  requireFilterList,
  requireRole,
  requireStatisticsPeriod,
  statisticsAnswer,
  type FigureRow,
  type StatisticsAnswer,
  statisticsTimeZone,
  userError,
  type Identity,
  type StatisticsGroup,
} from '@crimehub/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import type { CourseLevel, CyberGrouping, CyberMeasure, CyberStatisticsFilter } from './generated/graphql.ts';

/** The group of online sessions, and of champions whose training has no recorded session. */
export const noDistrict: StatisticsGroup = { key: 'none', label: 'Online, or no venue recorded' };

const levels: Record<CourseLevel, string> = { INTRODUCTORY: 'Introductory', PRACTITIONER: 'Practitioner', ADVANCED: 'Advanced' };

const definitions: Record<CyberMeasure, string> = {
  SESSIONS_DELIVERED: 'Cyber Champions training sessions held: those that started in the period, before now.',
  SEATS_FILLED: 'Confirmed bookings (seats taken, cancellations excluded) on the training sessions held in the period.',
  WAITING_LIST: 'Bookings still on the waiting list of the training sessions held in the period: requests for a seat that were not met.',
  CHAMPIONS_TRAINED: 'Businesses added to the Cyber Champions register for a course, counted by the date they were trained (in the period).',
};

/** A champion's training date as the instant London's day began, so that it falls in periods and months as a timestamp would. */
const trainedAt = `((CAST(ch."trainedOn" AS timestamp) AT TIME ZONE '${statisticsTimeZone}') AT TIME ZONE 'UTC')`;

/** Each grouping's key over `s` (TrainingSession, possibly absent for a champion) and `c` (Course); MONTH depends on the measure. */
function keySql(groupBy: CyberGrouping, measure: CyberMeasure): Prisma.Sql {
  switch (groupBy) {
    case 'DISTRICT':
      return Prisma.sql`COALESCE(s."districtCode", ${noDistrict.key})`;
    case 'MONTH':
      return Prisma.raw(monthKeySql(measure === 'CHAMPIONS_TRAINED' ? trainedAt : 's."startsAt"'));
    case 'COURSE':
      return Prisma.sql`c."id"`;
    case 'LEVEL':
      return Prisma.sql`CAST(c."level" AS text)`;
  }
}

/** `column IN (values)`; an empty list matches nothing (`IN ()` is not SQL). */
const inList = (column: Prisma.Sql, values: readonly string[]) => (values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`);
const at = (date: Date) => Prisma.sql`CAST(${date} AS timestamp(3))`;

/** The cyberStatistics answer; every bad argument is refused in one error before the figures are counted. */
export async function cyberStatistics(
  prisma: PrismaClient,
  identity: Identity,
  args: { measure: CyberMeasure; groupBy: CyberGrouping; filter?: CyberStatisticsFilter | null },
  now = new Date(),
): Promise<StatisticsAnswer<CyberMeasure, CyberGrouping>> {
  requireRole(identity, ['analyst', 'police', 'admin'], 'read statistics');
  const { measure, groupBy, filter } = args;
  const check = inputChecks();
  const period = check.run(() => requireStatisticsPeriod(filter?.period, 'filter.period', now));
  const districtCodes = check.run(() => requireFilterList(filter?.districts, 'filter.districts')?.map((code) => requireDistrictCode(code, 'filter.districts')));
  const courseList = check.run(() => requireFilterList(filter?.courses, 'filter.courses'));
  const levelList = check.run(() => requireFilterList(filter?.levels, 'filter.levels'));
  check.done();

  // The course list is small (a handful): it names every COURSE group and checks the courses filter.
  const courses = groupBy === 'COURSE' || courseList ? await prisma.course.findMany({ select: { id: true, title: true }, orderBy: [{ title: 'asc' }, { id: 'asc' }] }) : [];
  const unknown = courseList?.find((id) => !courses.some((course) => course.id === id));
  if (unknown !== undefined) throw userError(ErrorCode.BAD_USER_INPUT, `filter.courses names no course ${quoteInput(unknown)}; the courses query lists them.`, { field: 'filter.courses' });

  const conditions: Prisma.Sql[] = [];
  if (measure === 'CHAMPIONS_TRAINED') {
    conditions.push(Prisma.sql`${Prisma.raw(trainedAt)} >= ${at(period.from)}`, Prisma.sql`${Prisma.raw(trainedAt)} < ${at(period.to)}`);
  } else {
    // Held: started in the period and before now.
    const end = period.to.getTime() < now.getTime() ? period.to : now;
    conditions.push(Prisma.sql`s."startsAt" >= ${at(period.from)}`, Prisma.sql`s."startsAt" < ${at(end)}`);
  }
  if (districtCodes) conditions.push(inList(Prisma.sql`s."districtCode"`, districtCodes));
  if (courseList) conditions.push(inList(Prisma.sql`c."id"`, courseList));
  if (levelList) conditions.push(inList(Prisma.sql`CAST(c."level" AS text)`, levelList));
  const where = Prisma.join(conditions, ' AND ');

  const from: Record<CyberMeasure, Prisma.Sql> = {
    SESSIONS_DELIVERED: Prisma.sql`"TrainingSession" s JOIN "Course" c ON c."id" = s."courseId"`,
    SEATS_FILLED: Prisma.sql`"TrainingSession" s JOIN "Course" c ON c."id" = s."courseId" JOIN "Booking" b ON b."sessionId" = s."id" AND b."status" = 'BOOKED'`,
    WAITING_LIST: Prisma.sql`"TrainingSession" s JOIN "Course" c ON c."id" = s."courseId" JOIN "Booking" b ON b."sessionId" = s."id" AND b."status" = 'WAITING'`,
    CHAMPIONS_TRAINED: Prisma.sql`"CyberChampion" ch JOIN "Course" c ON c."id" = ch."courseId" LEFT JOIN "Booking" b ON b."id" = ch."bookingId" LEFT JOIN "TrainingSession" s ON s."id" = b."sessionId"`,
  };
  // When the data counted last changed, over the whole table (indexed), so a narrow filter reveals nothing.
  const lastUpdated: Record<CyberMeasure, Prisma.Sql> = {
    SESSIONS_DELIVERED: Prisma.sql`(SELECT max("startsAt") FROM "TrainingSession" WHERE "startsAt" < ${at(now)})`,
    SEATS_FILLED: Prisma.sql`(SELECT GREATEST(max("createdAt"), max("promotedAt"), max("cancelledAt")) FROM "Booking")`,
    WAITING_LIST: Prisma.sql`(SELECT GREATEST(max("createdAt"), max("promotedAt"), max("cancelledAt")) FROM "Booking")`,
    CHAMPIONS_TRAINED: Prisma.sql`(SELECT max("createdAt") FROM "CyberChampion")`,
  };

  const rows = await prisma.$queryRaw<FigureRow[]>`
    SELECT g.key, CAST(GROUPING(g.key) AS int) AS is_total, CAST(count(*) AS int) AS n, ${lastUpdated[measure]} AS last_updated
    FROM (SELECT ${keySql(groupBy, measure)} COLLATE "C" AS key FROM ${from[measure]} WHERE ${where}) g
    GROUP BY GROUPING SETS ((g.key), ())`;

  const groups: Record<CyberGrouping, () => StatisticsGroup[]> = {
    DISTRICT: () => [...districts.map((d) => ({ key: d.code, label: d.name })), noDistrict],
    MONTH: () => monthGroups(period),
    COURSE: () => courses.map((course) => ({ key: course.id, label: course.title })),
    LEVEL: () => Object.entries(levels).map(([key, label]) => ({ key, label })),
  };
  return statisticsAnswer({ measure, groupBy, definition: definitions[measure], period }, groups[groupBy](), rows, { withTimes: false });
}
