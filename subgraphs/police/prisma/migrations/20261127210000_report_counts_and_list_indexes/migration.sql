-- How many reports each district, crime type, status and priority has, for the work list's
-- totalCount. Statement triggers on CrimeReport keep it in the same transaction as the change.
-- The trigger functions' bodies are E'' strings with \073 where PL/pgSQL ends a statement: the
-- PostgreSQL driver adapter splits a migration at every semicolon, quoted or not.

-- CreateTable
CREATE TABLE "CrimeReportCount" (
    "districtCode" TEXT NOT NULL,
    "crimeTypeCode" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL,
    "priority" "ReportPriority" NOT NULL,
    "reports" INTEGER NOT NULL,

    CONSTRAINT "CrimeReportCount_pkey" PRIMARY KEY ("districtCode","crimeTypeCode","status","priority")
);

-- The counts of the reports already held
INSERT INTO "CrimeReportCount" ("districtCode", "crimeTypeCode", "status", "priority", "reports")
SELECT "districtCode", "crimeTypeCode", "status", "priority", COUNT(*)::int FROM "CrimeReport" GROUP BY 1, 2, 3, 4;

-- Added reports: one upsert per statement, whatever the number of rows (bulk loads too)
CREATE FUNCTION "crimeReportCountInsert"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportCount" ("districtCode", "crimeTypeCode", "status", "priority", "reports")
  SELECT "districtCode", "crimeTypeCode", "status", "priority", COUNT(*)::int FROM "newRows" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("districtCode", "crimeTypeCode", "status", "priority") DO UPDATE SET "reports" = "CrimeReportCount"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

-- Changed reports: only the groups whose count changes are written (a new status moves one report)
CREATE FUNCTION "crimeReportCountUpdate"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportCount" ("districtCode", "crimeTypeCode", "status", "priority", "reports")
  SELECT "districtCode", "crimeTypeCode", "status", "priority", SUM("change")::int FROM (
    SELECT "districtCode", "crimeTypeCode", "status", "priority", -1 AS "change" FROM "oldRows"
    UNION ALL
    SELECT "districtCode", "crimeTypeCode", "status", "priority", 1 AS "change" FROM "newRows"
  ) AS "changes" GROUP BY 1, 2, 3, 4 HAVING SUM("change") <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("districtCode", "crimeTypeCode", "status", "priority") DO UPDATE SET "reports" = "CrimeReportCount"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

-- Removed reports
CREATE FUNCTION "crimeReportCountDelete"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "CrimeReportCount" ("districtCode", "crimeTypeCode", "status", "priority", "reports")
  SELECT "districtCode", "crimeTypeCode", "status", "priority", -COUNT(*)::int FROM "oldRows" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT ("districtCode", "crimeTypeCode", "status", "priority") DO UPDATE SET "reports" = "CrimeReportCount"."reports" + EXCLUDED."reports"\073
  RETURN NULL\073
END';

CREATE TRIGGER "CrimeReport_count_insert" AFTER INSERT ON "CrimeReport" REFERENCING NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportCountInsert"();

CREATE TRIGGER "CrimeReport_count_update" AFTER UPDATE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportCountUpdate"();

CREATE TRIGGER "CrimeReport_count_delete" AFTER DELETE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportCountDelete"();

-- CreateIndex
CREATE INDEX "CrimeReport_districtCode_reportedAt_reference_idx" ON "CrimeReport"("districtCode", "reportedAt" DESC, "reference");

-- CreateIndex
CREATE INDEX "CrimeReport_crimeTypeCode_reportedAt_reference_idx" ON "CrimeReport"("crimeTypeCode", "reportedAt" DESC, "reference");

-- CreateIndex
CREATE INDEX "CrimeReport_status_reportedAt_reference_idx" ON "CrimeReport"("status", "reportedAt" DESC, "reference");
