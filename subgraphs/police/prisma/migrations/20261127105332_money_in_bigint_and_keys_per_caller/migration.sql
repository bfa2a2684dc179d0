-- DropIndex
DROP INDEX "CrimeReport_idempotencyKey_key";

-- DropIndex
DROP INDEX "CrimeReportUpdate_idempotencyKey_key";

-- AlterTable
ALTER TABLE "CrimeReport" ALTER COLUMN "lossPence" SET DATA TYPE BIGINT;

-- CreateIndex
CREATE UNIQUE INDEX "CrimeReport_businessId_idempotencyKey_key" ON "CrimeReport"("businessId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "CrimeReportUpdate_author_idempotencyKey_key" ON "CrimeReportUpdate"("author", "idempotencyKey");
