-- DropIndex
DROP INDEX "Booking_cancelIdempotencyKey_key";

-- DropIndex
DROP INDEX "Booking_idempotencyKey_key";

-- DropIndex
DROP INDEX "CyberChampion_idempotencyKey_key";

-- AlterTable
ALTER TABLE "CyberChampion" ADD COLUMN     "registeredBy" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Booking_businessId_idempotencyKey_key" ON "Booking"("businessId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_businessId_cancelIdempotencyKey_key" ON "Booking"("businessId", "cancelIdempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "CyberChampion_registeredBy_idempotencyKey_key" ON "CyberChampion"("registeredBy", "idempotencyKey");
