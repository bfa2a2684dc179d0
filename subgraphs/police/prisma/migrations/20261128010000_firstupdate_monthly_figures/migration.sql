-- Kept monthly figures for analysts (statistics.ts, figureRollups.ts): for each London month of
-- reporting, each grouping of crimeStatistics but MONTH (crime type, district, sector, size,
-- outcome) and each of its keys, how many reports there are, split by whether the police have
-- updated them yet and, for those they have, by the whole hours (rounded) from the report to its
-- first update. REPORTS and DAYS_TO_FIRST_UPDATE over whole months then add up a few thousand rows
-- instead of reading a third of a million reports, and the median and 90th percentile are read
-- from the hours (the figure's stated resolution). Statement triggers on CrimeReport keep it in
-- the same transaction as every insert, update and delete, as CrimeReportCount is kept. The
-- trigger functions' bodies are E'' strings with \073 where PL/pgSQL ends a statement: the
-- PostgreSQL driver adapter splits a migration at every semicolon, quoted or not.

-- CreateTable
CREATE TABLE "CrimeReportMonthFigure" (
    "month" TEXT NOT NULL,
    "grouping" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "updated" BOOLEAN NOT NULL,
    "hours" INTEGER NOT NULL,
    "reports" INTEGER NOT NULL,

    CONSTRAINT "CrimeReportMonthFigure_pkey" PRIMARY KEY ("month","grouping","key","updated","hours")
);

-- The five rows a report counts in, one per grouping (keyed as statistics.ts groupKeySql keys
-- them): the one definition the backfill and the triggers share. A plain SQL function, inlined
-- into the statement that calls it.
CREATE FUNCTION "crimeReportMonthFigureRows"("report" "CrimeReport")
RETURNS TABLE ("month" TEXT, "grouping" TEXT, "key" TEXT, "updated" BOOLEAN, "hours" INTEGER) LANGUAGE sql STABLE AS '
  SELECT to_char(($1."reportedAt" AT TIME ZONE ''UTC'') AT TIME ZONE ''Europe/London'', ''YYYY-MM''), "dimension"."grouping", "dimension"."key",
    $1."firstUpdateAt" IS NOT NULL, COALESCE(round(EXTRACT(EPOCH FROM ($1."firstUpdateAt" - $1."reportedAt")) / 3600)::int, 0)
  FROM (VALUES
    (''CRIME_TYPE'', $1."crimeTypeCode"), (''DISTRICT'', $1."districtCode"), (''SECTOR'', COALESCE($1."businessSector", ''NOT_RECORDED'')),
    (''SIZE'', COALESCE($1."businessSize", ''NOT_RECORDED'')), (''OUTCOME'', COALESCE($1."outcomeCode", ''none''))
  ) AS "dimension"("grouping", "key")
';

-- The figures of the reports already held
INSERT INTO "CrimeReportMonthFigure" ("month", "grouping", "key", "updated", "hours", "reports")
SELECT "figure"."month", "figure"."grouping", "figure"."key", "figure"."updated", "figure"."hours", COUNT(*)::int
FROM "CrimeReport" AS "report" CROSS JOIN LATERAL "crimeReportMonthFigureRows"("report") AS "figure"
GROUP BY 1, 2, 3, 4, 5;

-- Added reports: one upsert per statement, whatever the number of rows (bulk loads too)
CREATE FUNCTION "crimeReportMonthFigureInsert"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportMonthFigure" ("month", "grouping", "key", "updated", "hours", "reports")
  SELECT "month", "grouping", "key", "updated", "hours", SUM("change")::int FROM (
    SELECT "figure".*, 1 AS "change" FROM "newRows" AS "report" CROSS JOIN LATERAL "crimeReportMonthFigureRows"("report") AS "figure"
  ) AS "changes" GROUP BY 1, 2, 3, 4, 5 HAVING SUM("change") <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("month", "grouping", "key", "updated", "hours") DO UPDATE SET "reports" = "CrimeReportMonthFigure"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

-- Changed reports: only the rows whose count changes are written (most updates change none)
CREATE FUNCTION "crimeReportMonthFigureUpdate"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportMonthFigure" ("month", "grouping", "key", "updated", "hours", "reports")
  SELECT "month", "grouping", "key", "updated", "hours", SUM("change")::int FROM (
    SELECT "figure".*, -1 AS "change" FROM "oldRows" AS "report" CROSS JOIN LATERAL "crimeReportMonthFigureRows"("report") AS "figure"
    UNION ALL
    SELECT "figure".*, 1 AS "change" FROM "newRows" AS "report" CROSS JOIN LATERAL "crimeReportMonthFigureRows"("report") AS "figure"
  ) AS "changes" GROUP BY 1, 2, 3, 4, 5 HAVING SUM("change") <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("month", "grouping", "key", "updated", "hours") DO UPDATE SET "reports" = "CrimeReportMonthFigure"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

-- Removed reports
CREATE FUNCTION "crimeReportMonthFigureDelete"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportMonthFigure" ("month", "grouping", "key", "updated", "hours", "reports")
  SELECT "month", "grouping", "key", "updated", "hours", SUM("change")::int FROM (
    SELECT "figure".*, -1 AS "change" FROM "oldRows" AS "report" CROSS JOIN LATERAL "crimeReportMonthFigureRows"("report") AS "figure"
  ) AS "changes" GROUP BY 1, 2, 3, 4, 5 HAVING SUM("change") <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("month", "grouping", "key", "updated", "hours") DO UPDATE SET "reports" = "CrimeReportMonthFigure"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

CREATE TRIGGER "CrimeReport_month_figure_insert" AFTER INSERT ON "CrimeReport" REFERENCING NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportMonthFigureInsert"();

CREATE TRIGGER "CrimeReport_month_figure_update" AFTER UPDATE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportMonthFigureUpdate"();

CREATE TRIGGER "CrimeReport_month_figure_delete" AFTER DELETE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportMonthFigureDelete"();
