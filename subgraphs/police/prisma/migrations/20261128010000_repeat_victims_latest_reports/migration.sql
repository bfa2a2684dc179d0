-- Each business's latest report (time, reference and the columns figures group by) and the time of
-- its second latest, for REPEAT_VICTIMS: a business is a repeat victim over the twelve months to now
-- exactly when its second latest report falls in them, so the figure reads one row per business
-- instead of a year of reports. Statement triggers on CrimeReport keep it in the same transaction
-- as every change. The latest is the first in the order of the business's own list
-- (CrimeReport_businessId_reportedAt_reference_idx: newest first, then by reference).
-- The functions' bodies are E'' strings with \073 where PL/pgSQL ends a statement: the PostgreSQL
-- driver adapter splits a migration at every semicolon, quoted or not.

-- CreateTable
CREATE TABLE "RepeatVictimBusiness" (
    "businessId" TEXT NOT NULL,
    "latestReference" TEXT NOT NULL,
    "latestAt" TIMESTAMP(3) NOT NULL,
    "secondAt" TIMESTAMP(3),
    "crimeTypeCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "businessSector" TEXT,
    "businessSize" TEXT,
    "outcomeCode" TEXT,

    CONSTRAINT "RepeatVictimBusiness_pkey" PRIMARY KEY ("businessId")
);

-- The rows of some businesses read again from their reports (two index probes each), and the row
-- of a business left without reports removed: after deletes, and after an update that moves a
-- report to another business, time or reference (the hub never does that, a script might).
CREATE FUNCTION "repeatVictimBusinessRefresh"("businessIds" TEXT[]) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "RepeatVictimBusiness" AS "kept"
  WHERE "kept"."businessId" = ANY("businessIds") AND NOT EXISTS (SELECT 1 FROM "CrimeReport" WHERE "CrimeReport"."businessId" = "kept"."businessId")\073
  INSERT INTO "RepeatVictimBusiness" ("businessId", "latestReference", "latestAt", "secondAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode")
  SELECT "business"."id", "latest"."reference", "latest"."reportedAt", "second"."reportedAt",
    "latest"."crimeTypeCode", "latest"."districtCode", "latest"."businessSector", "latest"."businessSize", "latest"."outcomeCode"
  FROM (SELECT DISTINCT unnest("businessIds") AS "id") AS "business"
  CROSS JOIN LATERAL (
    SELECT "reference", "reportedAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode" FROM "CrimeReport"
    WHERE "CrimeReport"."businessId" = "business"."id" ORDER BY "reportedAt" DESC, "reference" LIMIT 1
  ) AS "latest"
  LEFT JOIN LATERAL (
    SELECT "reportedAt" FROM "CrimeReport"
    WHERE "CrimeReport"."businessId" = "business"."id" ORDER BY "reportedAt" DESC, "reference" OFFSET 1 LIMIT 1
  ) AS "second" ON TRUE
  ORDER BY 1
  ON CONFLICT ("businessId") DO UPDATE SET
    "latestReference" = EXCLUDED."latestReference", "latestAt" = EXCLUDED."latestAt", "secondAt" = EXCLUDED."secondAt",
    "crimeTypeCode" = EXCLUDED."crimeTypeCode", "districtCode" = EXCLUDED."districtCode", "businessSector" = EXCLUDED."businessSector",
    "businessSize" = EXCLUDED."businessSize", "outcomeCode" = EXCLUDED."outcomeCode"\073
END';

-- The reports already held
SELECT "repeatVictimBusinessRefresh"(ARRAY(SELECT DISTINCT "businessId" FROM "CrimeReport"));

-- Added reports: each business's two newest added reports are merged with its row as it stands
-- when the row is locked (not as this statement first saw it), so concurrent filings never lose
-- one. The second latest's time is the second greatest of the four times, whatever their order.
CREATE FUNCTION "crimeReportRepeatInsert"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "RepeatVictimBusiness" ("businessId", "latestReference", "latestAt", "secondAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode")
  SELECT "businessId", "reference", "reportedAt", "secondAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode"
  FROM (
    SELECT "newRows".*, row_number() OVER "newest" AS "place", lead("reportedAt") OVER "newest" AS "secondAt"
    FROM "newRows" WINDOW "newest" AS (PARTITION BY "businessId" ORDER BY "reportedAt" DESC, "reference")
  ) AS "added"
  WHERE "place" = 1
  ORDER BY "businessId"
  ON CONFLICT ("businessId") DO UPDATE SET
    "secondAt" = GREATEST(LEAST("RepeatVictimBusiness"."latestAt", EXCLUDED."latestAt"), "RepeatVictimBusiness"."secondAt", EXCLUDED."secondAt"),
    ("latestReference", "latestAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode") = (
      SELECT * FROM (VALUES
        (EXCLUDED."latestReference", EXCLUDED."latestAt", EXCLUDED."crimeTypeCode", EXCLUDED."districtCode", EXCLUDED."businessSector", EXCLUDED."businessSize", EXCLUDED."outcomeCode"),
        ("RepeatVictimBusiness"."latestReference", "RepeatVictimBusiness"."latestAt", "RepeatVictimBusiness"."crimeTypeCode", "RepeatVictimBusiness"."districtCode",
         "RepeatVictimBusiness"."businessSector", "RepeatVictimBusiness"."businessSize", "RepeatVictimBusiness"."outcomeCode")
      ) AS "candidate"("reference", "at", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode")
      ORDER BY "at" DESC, "reference" LIMIT 1
    )\073
  RETURN NULL\073
END';

-- Changed reports: a latest report's new columns are copied to its business's row, and a report
-- moved to another business, time or reference has both businesses read again.
CREATE FUNCTION "crimeReportRepeatUpdate"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  "moved" TEXT[]\073
BEGIN
  UPDATE "RepeatVictimBusiness" AS "kept" SET
    "crimeTypeCode" = "changed"."crimeTypeCode", "districtCode" = "changed"."districtCode", "businessSector" = "changed"."businessSector",
    "businessSize" = "changed"."businessSize", "outcomeCode" = "changed"."outcomeCode"
  FROM "newRows" AS "changed"
  WHERE "kept"."businessId" = "changed"."businessId" AND "kept"."latestReference" = "changed"."reference"
    AND ("kept"."crimeTypeCode", "kept"."districtCode", "kept"."businessSector", "kept"."businessSize", "kept"."outcomeCode")
      IS DISTINCT FROM ("changed"."crimeTypeCode", "changed"."districtCode", "changed"."businessSector", "changed"."businessSize", "changed"."outcomeCode")\073
  "moved" := ARRAY(
    SELECT "businessId" FROM (SELECT "reference", "businessId", "reportedAt" FROM "oldRows" EXCEPT SELECT "reference", "businessId", "reportedAt" FROM "newRows") AS "before"
    UNION
    SELECT "businessId" FROM (SELECT "reference", "businessId", "reportedAt" FROM "newRows" EXCEPT SELECT "reference", "businessId", "reportedAt" FROM "oldRows") AS "after"
  )\073
  IF cardinality("moved") > 0 THEN
    PERFORM "repeatVictimBusinessRefresh"("moved")\073
  END IF\073
  RETURN NULL\073
END';

-- Removed reports
CREATE FUNCTION "crimeReportRepeatDelete"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "repeatVictimBusinessRefresh"(ARRAY(SELECT DISTINCT "businessId" FROM "oldRows"))\073
  RETURN NULL\073
END';

CREATE TRIGGER "CrimeReport_repeat_insert" AFTER INSERT ON "CrimeReport" REFERENCING NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportRepeatInsert"();

CREATE TRIGGER "CrimeReport_repeat_update" AFTER UPDATE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" NEW TABLE AS "newRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportRepeatUpdate"();

CREATE TRIGGER "CrimeReport_repeat_delete" AFTER DELETE ON "CrimeReport" REFERENCING OLD TABLE AS "oldRows" FOR EACH STATEMENT EXECUTE FUNCTION "crimeReportRepeatDelete"();
