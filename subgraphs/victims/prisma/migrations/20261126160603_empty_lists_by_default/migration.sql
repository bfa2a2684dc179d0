-- AlterTable
ALTER TABLE "VictimService" ALTER COLUMN "crimeTypeCodes" SET DEFAULT ARRAY[]::TEXT[],
ALTER COLUMN "districtCodes" SET DEFAULT ARRAY[]::TEXT[];
