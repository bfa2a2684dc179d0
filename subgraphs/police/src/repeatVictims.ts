// The SQL of the REPEAT_VICTIMS figure: businesses with two or more reports (of those the filter
// selects) in the twelve months ending at the period's end, each in the group of its latest one.
// Without a filter it needs no count at all: a business is a repeat victim exactly when its second
// latest report before the end falls in the window, which a kept row per business answers.
import { Prisma } from './generated/prisma/client.ts';

/** What the figure needs of a checked request. */
export interface RepeatVictimsQuery {
  /** The SQL of the grouping's key over a row of "CrimeReport" (unqualified columns). */
  key: Prisma.Sql;
  /** The end of the period (exclusive), as a `timestamp(3)`; the window is the twelve months before it. */
  to: Prisma.Sql;
  /** The filter's conditions over a row of "CrimeReport" (unqualified columns), TRUE when none. */
  where: Prisma.Sql;
  /** Whether the filter selects any subset of the reports (a condition other than the period). */
  filtered: boolean;
}

/**
 * One row per group with repeat victims and one for the total (isTotal = 1), in the shape of the
 * other figures' rows. A business's latest report is its first in the order of
 * CrimeReport_businessId_reportedAt_reference_idx (newest first, then by reference), as the
 * police work list orders a business's reports.
 */
export function repeatVictimsQuery({ key, to, where, filtered }: RepeatVictimsQuery): Prisma.Sql {
  const windowStart = Prisma.sql`${to} - INTERVAL '12 months'`;
  const figures = Prisma.sql`SELECT "key", GROUPING("key")::int AS "isTotal", COUNT(*)::int AS "count", NULL::float8 AS "medianDays", NULL::float8 AS "p90Days"
      FROM "grouped"
      GROUP BY GROUPING SETS (("key"), ())`;
  if (filtered) {
    // A filter decides which reports count, so each business's reports in the window are counted
    // over the index CrimeReport_statistics_idx (it holds every filtered column), then each
    // repeat business's latest selected report is probed on its own index for its group.
    return Prisma.sql`
      WITH "repeat" AS (
        SELECT "businessId", MAX("reportedAt") AS "last"
        FROM "CrimeReport"
        WHERE "reportedAt" >= ${windowStart} AND "reportedAt" < ${to} AND ${where}
        GROUP BY "businessId"
        HAVING COUNT(*) >= 2
      ), "grouped" AS (
        SELECT "latest"."key"
        FROM "repeat" CROSS JOIN LATERAL (
          SELECT ${key} AS "key" FROM "CrimeReport"
          WHERE "CrimeReport"."businessId" = "repeat"."businessId" AND "reportedAt" = "repeat"."last" AND ${where}
          ORDER BY "reference" LIMIT 1
        ) AS "latest"
      )
      ${figures}`;
  }
  // Every report counts, so "RepeatVictimBusiness" (each business's latest report and the time of
  // its second latest, kept by triggers) answers for every business whose latest report is before
  // the end: it is a repeat victim when its second latest is in the window, in the group of its
  // latest. A business that reported at or after the end (every one, for a period ending in the
  // past) has its two latest reports before the end read from its own index (index-only) and the
  // latest's group by primary key. A business whose second latest report of all is before the
  // window cannot have two in it, and is skipped either way.
  return Prisma.sql`
    WITH "later" AS (
      SELECT "two"."reference"
      FROM "RepeatVictimBusiness" AS "business" CROSS JOIN LATERAL (
        SELECT
          (ARRAY_AGG("reference" ORDER BY "reportedAt" DESC, "reference"))[1] AS "reference",
          MIN("reportedAt") AS "second",
          COUNT(*) AS "reports"
        FROM (
          SELECT "reference", "reportedAt" FROM "CrimeReport"
          WHERE "CrimeReport"."businessId" = "business"."businessId" AND "reportedAt" < ${to}
          ORDER BY "reportedAt" DESC, "reference"
          LIMIT 2
        ) AS "newest"
      ) AS "two"
      WHERE "business"."latestAt" >= ${to} AND "business"."secondAt" >= ${windowStart} AND "two"."reports" = 2 AND "two"."second" >= ${windowStart}
    ), "grouped" AS (
      SELECT ${key} AS "key" FROM "RepeatVictimBusiness" WHERE "latestAt" < ${to} AND "secondAt" >= ${windowStart}
      UNION ALL
      SELECT ${key} AS "key" FROM "later" JOIN "CrimeReport" USING ("reference")
    )
    ${figures}`;
}
