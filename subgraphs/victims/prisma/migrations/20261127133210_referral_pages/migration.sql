-- DropIndex
DROP INDEX "Referral_serviceId_receivedAt_idx";

-- AlterTable: a referral belongs to the organisation that provided its service when it arrived.
-- Existing referrals take the provider their service has now. A referral whose service has left
-- the directory gets no organisation (the empty string), so it is shown to nobody rather than to
-- a guessed one. (No semicolons or quotes in these comments: the engine splits scripts on them.)
ALTER TABLE "Referral" ADD COLUMN     "organizationId" TEXT;
UPDATE "Referral" AS r SET "organizationId" = COALESCE((SELECT s."providerId" FROM "VictimService" AS s WHERE s."id" = r."serviceId"), '');
ALTER TABLE "Referral" ALTER COLUMN "organizationId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Referral_organizationId_receivedAt_id_idx" ON "Referral"("organizationId", "receivedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "VictimService_sortOrder_name_id_idx" ON "VictimService"("sortOrder", "name", "id");
