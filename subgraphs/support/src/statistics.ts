// Figures on enquiries for analysts (supportStatistics): one grouped SQL statement per answer
// (GROUPING SETS for the total, percentile_cont for times), every group listed and protected by
// the hub's one disclosure rule (common/src/statistics.ts). The cohort is the enquiries MADE in
// the period: answered ones and times to answer are of those, whenever the answer came.
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
import type { BusinessSize, EnquiryStatus, Sector, SupportGrouping, SupportMeasure, SupportStatisticsFilter, Workstream } from './generated/graphql.ts';

const workstreams: Record<Workstream, string> = { PREVENT: 'Prevent', PREPARE: 'Prepare', PURSUE: 'Pursue' };
const statuses: Record<EnquiryStatus, string> = { OPEN: 'Open (not answered yet)', ANSWERED: 'Answered', CLOSED: 'Closed' };
const sectors: Record<Sector, string> = {
  AGRICULTURE: 'Agriculture, forestry and fishing',
  MANUFACTURING: 'Manufacturing',
  CONSTRUCTION: 'Construction',
  RETAIL: 'Retail',
  WHOLESALE: 'Wholesale and motor trades',
  HOSPITALITY: 'Hospitality',
  TRANSPORT_LOGISTICS: 'Transport and logistics',
  PROFESSIONAL_SERVICES: 'Professional services',
  FINANCE_INSURANCE: 'Finance and insurance',
  DIGITAL_TECH: 'Digital and technology',
  HEALTH_CARE: 'Health and care',
  EDUCATION: 'Education',
  CREATIVE_LEISURE: 'Creative and leisure',
  CHARITY_COMMUNITY: 'Charity and community',
  OTHER: 'Other',
};
const sizes: Record<BusinessSize, string> = { MICRO: 'Micro (fewer than 10 staff)', SMALL: 'Small (10 to 49)', MEDIUM: 'Medium (50 to 249)', LARGE: 'Large (250 or more)' };

const groupsOf = (labels: Record<string, string>): StatisticsGroup[] => Object.entries(labels).map(([key, label]) => ({ key, label }));

const definitions: Record<SupportMeasure, string> = {
  ENQUIRIES: 'Enquiries businesses sent to partner organisations about support offers, counted by when they were made.',
  ENQUIRIES_ANSWERED: 'Enquiries made in the period that the partner organisation has answered (by now), counted by when they were made.',
  DAYS_TO_ANSWER:
    'Days from an enquiry being made to its first answer, over the enquiries made in the period that have been answered (median and 90th percentile); the count is of those answered enquiries.',
};

/** The SQL of each grouping's key, over `e` (Enquiry), `b` (Business) and `o` (SupportOffer). */
const keySql: Record<SupportGrouping, Prisma.Sql> = {
  WORKSTREAM: Prisma.sql`CAST(o."workstream" AS text)`,
  PARTNER: Prisma.sql`e."organizationId"`,
  STATUS: Prisma.sql`CAST(e."status" AS text)`,
  DISTRICT: Prisma.sql`b."districtCode"`,
  SECTOR: Prisma.sql`CAST(b."sector" AS text)`,
  SIZE: Prisma.sql`CAST(b."size" AS text)`,
  MONTH: Prisma.raw(monthKeySql('e."createdAt"')),
};

/** `column IN (values)`; an empty list matches nothing (`IN ()` is not SQL). */
const inList = (column: Prisma.Sql, values: readonly string[]) => (values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`);

/** The supportStatistics answer; every bad argument is refused in one error before the figures are counted. */
export async function supportStatistics(
  prisma: PrismaClient,
  identity: Identity,
  args: { measure: SupportMeasure; groupBy: SupportGrouping; filter?: SupportStatisticsFilter | null },
  now = new Date(),
): Promise<StatisticsAnswer<SupportMeasure, SupportGrouping>> {
  requireRole(identity, ['analyst', 'police', 'admin'], 'read statistics');
  const { measure, groupBy, filter } = args;
  const check = inputChecks();
  const period = check.run(() => requireStatisticsPeriod(filter?.period, 'filter.period', now));
  const districtCodes = check.run(() => requireFilterList(filter?.districts, 'filter.districts')?.map((code) => requireDistrictCode(code, 'filter.districts')));
  const sectorList = check.run(() => requireFilterList(filter?.sectors, 'filter.sectors'));
  const sizeList = check.run(() => requireFilterList(filter?.sizes, 'filter.sizes'));
  const workstreamList = check.run(() => requireFilterList(filter?.workstreams, 'filter.workstreams'));
  const partnerList = check.run(() => requireFilterList(filter?.partners, 'filter.partners'));
  const statusList = check.run(() => requireFilterList(filter?.statuses, 'filter.statuses'));
  check.done();

  // The directory is small (tens of organisations): its list names every partner group and checks the partners filter.
  const organizations = groupBy === 'PARTNER' || partnerList ? await prisma.organization.findMany({ select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }) : [];
  const unknown = partnerList?.find((id) => !organizations.some((org) => org.id === id));
  if (unknown !== undefined) {
    throw userError(ErrorCode.BAD_USER_INPUT, `filter.partners names no partner organisation ${quoteInput(unknown)}; the organizations query lists them.`, { field: 'filter.partners' });
  }

  const conditions: Prisma.Sql[] = [Prisma.sql`e."createdAt" >= CAST(${period.from} AS timestamp(3))`, Prisma.sql`e."createdAt" < CAST(${period.to} AS timestamp(3))`];
  if (measure !== 'ENQUIRIES') conditions.push(Prisma.sql`e."answeredAt" IS NOT NULL`);
  if (districtCodes) conditions.push(inList(Prisma.sql`b."districtCode"`, districtCodes));
  if (sectorList) conditions.push(inList(keySql.SECTOR, sectorList));
  if (sizeList) conditions.push(inList(keySql.SIZE, sizeList));
  if (workstreamList) conditions.push(inList(keySql.WORKSTREAM, workstreamList));
  if (partnerList) conditions.push(inList(keySql.PARTNER, partnerList));
  if (statusList) conditions.push(inList(keySql.STATUS, statusList));
  const where = Prisma.join(conditions, ' AND ');
  // Join the business and the offer only when the grouping or a filter reads them.
  const needsBusiness = ['DISTRICT', 'SECTOR', 'SIZE'].includes(groupBy) || Boolean(districtCodes || sectorList || sizeList);
  const needsOffer = groupBy === 'WORKSTREAM' || Boolean(workstreamList);
  const joins = Prisma.join(
    [needsBusiness ? Prisma.sql`JOIN "Business" b ON b."id" = e."businessId"` : Prisma.empty, needsOffer ? Prisma.sql`JOIN "SupportOffer" o ON o."id" = e."offerId"` : Prisma.empty],
    ' ',
  );
  const days = Prisma.sql`EXTRACT(EPOCH FROM (e."answeredAt" - e."createdAt")) / 86400.0`;

  // One statement: a row per group and the total (GROUPING SETS), times by percentile_cont, and
  // when the enquiries table last changed (over the whole table, so a narrow filter reveals nothing).
  // Times only for a time measure: without an ordered-set aggregate, counts can hash instead of sort.
  const withTimes = measure === 'DAYS_TO_ANSWER';
  const times = withTimes
    ? Prisma.sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY g.days) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY g.days) AS p90`
    : Prisma.sql`CAST(NULL AS float8) AS median, CAST(NULL AS float8) AS p90`;
  const rows = await prisma.$queryRaw<FigureRow[]>`
    SELECT g.key, CAST(GROUPING(g.key) AS int) AS is_total, CAST(count(*) AS int) AS n,
      ${times},
      (SELECT GREATEST(max("createdAt"), max("answeredAt")) FROM "Enquiry") AS last_updated
    FROM (
      SELECT ${keySql[groupBy]} COLLATE "C" AS key, ${days} AS days
      FROM "Enquiry" e ${joins}
      WHERE ${where}
    ) g
    GROUP BY GROUPING SETS ((g.key), ())`;

  const groups: Record<SupportGrouping, () => StatisticsGroup[]> = {
    WORKSTREAM: () => groupsOf(workstreams),
    PARTNER: () => organizations.map((org) => ({ key: org.id, label: org.name })),
    STATUS: () => groupsOf(statuses),
    DISTRICT: () => districts.map((d) => ({ key: d.code, label: d.name })),
    SECTOR: () => groupsOf(sectors),
    SIZE: () => groupsOf(sizes),
    MONTH: () => monthGroups(period),
  };
  return statisticsAnswer({ measure, groupBy, definition: definitions[measure], period }, groups[groupBy](), rows, { withTimes: withTimes });
}
