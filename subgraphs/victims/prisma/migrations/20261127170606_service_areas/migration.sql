-- A victim service says how wide an area it covers as support's offers do: `scope` (LOCAL,
-- COUNTY, REGIONAL, NATIONAL) and, for a region or nation, `wideAreaCode`, its ONS code (read
-- from and written to Open Referral UK as a service area). They replace "widerScope".

-- AlterTable
ALTER TABLE "VictimService" ADD COLUMN     "scope" "ServiceScope" NOT NULL DEFAULT 'COUNTY',
ADD COLUMN     "wideAreaCode" TEXT;

-- A row keeps what it said: a regional service covers the West Midlands, a national one England
-- and Wales (npm run seed then writes each seed service its own area). Otherwise its scope follows
-- from its districts (all 9, or none listed, is COUNTY, some is LOCAL).
UPDATE "VictimService" SET
  "scope" = CASE
    WHEN "widerScope" IN ('REGIONAL', 'NATIONAL') THEN "widerScope"
    WHEN cardinality("districtCodes") = 0
      OR "districtCodes" @> ARRAY['E06000021', 'E07000192', 'E07000193', 'E07000194', 'E07000195', 'E07000196', 'E07000197', 'E07000198', 'E07000199'] THEN 'COUNTY'::"ServiceScope"
    ELSE 'LOCAL'::"ServiceScope"
  END,
  "wideAreaCode" = CASE "widerScope" WHEN 'REGIONAL' THEN 'E12000005' WHEN 'NATIONAL' THEN 'K04000001' END;

-- AlterTable
ALTER TABLE "VictimService" DROP COLUMN "widerScope";
