// Figures on police referrals for analysts (victimStatistics): one grouped SQL statement per
// answer (GROUPING SETS for the total, percentile_cont for times), every group listed and
// protected by the hub's one disclosure rule (common/src/statistics.ts). The cohort is the
// referrals ACCEPTED in the period: contacts and times to contact are of those, whenever made.
// Referrals hold no sector or size, and the crime type list is the police's: no split by those.
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
  userError,
  type Identity,
  type StatisticsGroup,
} from '@crimehub/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import type { VictimGrouping, VictimMeasure, VictimStatisticsFilter } from './generated/graphql.ts';

const definitions: Record<VictimMeasure, string> = {
  REFERRALS_ACCEPTED: 'Police referrals of businesses a victim service accepted, counted by when they were accepted (each crime report once).',
  REFERRALS_CONTACTED: 'Referrals accepted in the period whose business the victim service has contacted (by now), counted by when they were accepted.',
  DAYS_TO_CONTACT:
    'Days from a referral being accepted to the first contact made, over the referrals accepted in the period that have been contacted (median and 90th percentile); the count is of those contacted referrals.',
};

const keySql: Record<VictimGrouping, Prisma.Sql> = {
  SERVICE: Prisma.sql`r."serviceId"`,
  DISTRICT: Prisma.sql`r."districtCode"`,
  MONTH: Prisma.raw(monthKeySql('r."receivedAt"')),
};

/** `column IN (values)`; an empty list matches nothing (`IN ()` is not SQL). */
const inList = (column: Prisma.Sql, values: readonly string[]) => (values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`);

/** The victimStatistics answer; every bad argument is refused in one error before the figures are counted. */
export async function victimStatistics(
  prisma: PrismaClient,
  identity: Identity,
  args: { measure: VictimMeasure; groupBy: VictimGrouping; filter?: VictimStatisticsFilter | null },
  now = new Date(),
): Promise<StatisticsAnswer<VictimMeasure, VictimGrouping>> {
  requireRole(identity, ['analyst', 'police', 'admin'], 'read statistics');
  const { measure, groupBy, filter } = args;
  const check = inputChecks();
  const period = check.run(() => requireStatisticsPeriod(filter?.period, 'filter.period', now));
  const districtCodes = check.run(() => requireFilterList(filter?.districts, 'filter.districts')?.map((code) => requireDistrictCode(code, 'filter.districts')));
  const serviceList = check.run(() => requireFilterList(filter?.services, 'filter.services'));
  check.done();

  // The directory is small (tens of services): it names every SERVICE group and checks the services filter.
  const services =
    groupBy === 'SERVICE' || serviceList ? await prisma.victimService.findMany({ select: { id: true, name: true }, orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }, { id: 'asc' }] }) : [];
  const unknown = serviceList?.find((id) => !services.some((service) => service.id === id));
  if (unknown !== undefined)
    throw userError(ErrorCode.BAD_USER_INPUT, `filter.services names no victim service ${quoteInput(unknown)}; the victimServices query lists them.`, { field: 'filter.services' });

  const conditions: Prisma.Sql[] = [Prisma.sql`r."receivedAt" >= CAST(${period.from} AS timestamp(3))`, Prisma.sql`r."receivedAt" < CAST(${period.to} AS timestamp(3))`];
  if (measure !== 'REFERRALS_ACCEPTED') conditions.push(Prisma.sql`r."contactMadeAt" IS NOT NULL`);
  if (districtCodes) conditions.push(inList(keySql.DISTRICT, districtCodes));
  if (serviceList) conditions.push(inList(keySql.SERVICE, serviceList));
  const where = Prisma.join(conditions, ' AND ');
  const days = Prisma.sql`EXTRACT(EPOCH FROM (r."contactMadeAt" - r."receivedAt")) / 86400.0`;

  // One statement: a row per group and the total, times by percentile_cont, and when the
  // referrals last changed (over the whole table, indexed, so a narrow filter reveals nothing).
  // Times only for a time measure: without an ordered-set aggregate, counts can hash instead of sort.
  const withTimes = measure === 'DAYS_TO_CONTACT';
  const times = withTimes
    ? Prisma.sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY g.days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY g.days) AS p90`
    : Prisma.sql`CAST(NULL AS float8) AS median, CAST(NULL AS float8) AS p90`;
  const rows = await prisma.$queryRaw<FigureRow[]>`
    SELECT g.key, CAST(GROUPING(g.key) AS int) AS is_total, CAST(count(*) AS int) AS n,
      ${times},
      (SELECT GREATEST(max("receivedAt"), max("contactMadeAt")) FROM "Referral") AS last_updated
    FROM (SELECT ${keySql[groupBy]} COLLATE "C" AS key, ${days} AS days FROM "Referral" r WHERE ${where}) g
    GROUP BY GROUPING SETS ((g.key), ())`;

  const groups: Record<VictimGrouping, () => StatisticsGroup[]> = {
    SERVICE: () => services.map((service) => ({ key: service.id, label: service.name })),
    DISTRICT: () => districts.map((d) => ({ key: d.code, label: d.name })),
    MONTH: () => monthGroups(period),
  };
  return statisticsAnswer({ measure, groupBy, definition: definitions[measure], period }, groups[groupBy](), rows, { withTimes: withTimes });
}
