-- DropIndex
DROP INDEX "ReferralContact_idempotencyKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "ReferralContact_staffSubject_idempotencyKey_key" ON "ReferralContact"("staffSubject", "idempotencyKey");
