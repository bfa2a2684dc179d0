-- CreateEnum
CREATE TYPE "CaseStage" AS ENUM ('AFTER_THE_CRIME', 'AFTER_REPORTING', 'AFTER_A_CHARGE', 'AT_COURT', 'AFTER_THE_CASE');

-- CreateEnum
CREATE TYPE "ServiceScope" AS ENUM ('LOCAL', 'COUNTY', 'REGIONAL', 'NATIONAL');

-- AlterTable
ALTER TABLE "VictimService" ADD COLUMN     "rights" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "ruralOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stages" "CaseStage"[] DEFAULT ARRAY['AFTER_THE_CRIME']::"CaseStage"[],
ADD COLUMN     "widerScope" "ServiceScope";

-- Reference data a database seeded before this migration holds (npm run seed brings the rest of
-- the directory up to date: it adds and updates, never removes):
-- the town-centre business crime partnerships are crime-reduction partnerships, offered by the
-- support subgraph, not victim services. Referrals to them keep their row, and their service
-- answers NOT_FOUND as for any service that left the directory.
DELETE FROM "VictimService" WHERE "id" IN ('pabcis-business-crime-partnerships', 'stoke-on-trent-bcrp');
-- The Witness Care Unit applies once someone is charged, never straight after the crime.
UPDATE "VictimService" SET "stages" = ARRAY['AFTER_A_CHARGE', 'AT_COURT']::"CaseStage"[], "rights" = ARRAY[6, 8, 9, 10] WHERE "id" = 'staffordshire-witness-care-unit';
