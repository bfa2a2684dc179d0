-- AlterTable
ALTER TABLE "EvidenceGuidance" ALTER COLUMN "crimeTypeCodes" SET DEFAULT ARRAY[]::TEXT[];
