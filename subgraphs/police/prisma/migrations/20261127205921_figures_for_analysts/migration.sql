-- AlterTable
ALTER TABLE "CrimeReport" ADD COLUMN     "businessSector" TEXT,
ADD COLUMN     "businessSize" TEXT,
ADD COLUMN     "firstUpdateAt" TIMESTAMP(3),
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Backfill: the first police update of every existing report, and its latest write (its receipt
-- or its latest timeline entry, whichever is later)
UPDATE "CrimeReport" AS r
SET "firstUpdateAt" = u."first",
    "updatedAt" = GREATEST(r."reportedAt", u."last")
FROM (SELECT "reportReference", MIN("createdAt") AS "first", MAX("createdAt") AS "last" FROM "CrimeReportUpdate" GROUP BY "reportReference") AS u
WHERE u."reportReference" = r."reference";

UPDATE "CrimeReport" SET "updatedAt" = "reportedAt" WHERE "firstUpdateAt" IS NULL;

-- CreateIndex
CREATE INDEX "CrimeReport_statistics_idx" ON "CrimeReport"("reportedAt", "crimeTypeCode", "districtCode", "businessSector", "businessSize", "outcomeCode", "firstUpdateAt", "updatedAt", "businessId");
