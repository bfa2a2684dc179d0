-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('BOOKED', 'WAITING', 'CANCELLED');

-- AlterTable
ALTER TABLE "CyberChampion" ADD COLUMN     "bookingId" TEXT,
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "idempotencyKey" TEXT;

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "attendeeName" TEXT NOT NULL,
    "attendeeEmail" TEXT NOT NULL,
    "attendeePhone" TEXT,
    "status" "BookingStatus" NOT NULL,
    "waitlistPosition" INTEGER,
    "idempotencyKey" TEXT NOT NULL,
    "cancelIdempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "promotedAt" TIMESTAMP(3),

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Booking_idempotencyKey_key" ON "Booking"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Booking_cancelIdempotencyKey_key" ON "Booking"("cancelIdempotencyKey");

-- CreateIndex
CREATE INDEX "Booking_sessionId_status_createdAt_idx" ON "Booking"("sessionId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Booking_businessId_createdAt_idx" ON "Booking"("businessId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CyberChampion_bookingId_key" ON "CyberChampion"("bookingId");

-- CreateIndex
CREATE UNIQUE INDEX "CyberChampion_idempotencyKey_key" ON "CyberChampion"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "CyberChampion" ADD CONSTRAINT "CyberChampion_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TrainingSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Seats can never be oversold: the booked count stays between 0 and the capacity.
ALTER TABLE "TrainingSession" ADD CONSTRAINT "TrainingSession_seatsBooked_check" CHECK ("seatsBooked" >= 0 AND "seatsBooked" <= "capacity");
