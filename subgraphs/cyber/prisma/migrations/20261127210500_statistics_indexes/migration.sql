-- cyberStatistics: when bookings and the register last changed (max of each), without a scan
CREATE INDEX "Booking_createdAt_idx" ON "Booking"("createdAt");

CREATE INDEX "Booking_promotedAt_idx" ON "Booking"("promotedAt");

CREATE INDEX "Booking_cancelledAt_idx" ON "Booking"("cancelledAt");

CREATE INDEX "CyberChampion_createdAt_idx" ON "CyberChampion"("createdAt");
