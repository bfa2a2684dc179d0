-- DropIndex
DROP INDEX "Booking_businessId_createdAt_idx";

-- DropIndex
DROP INDEX "Booking_sessionId_status_createdAt_idx";

-- DropIndex
DROP INDEX "TrainingSession_courseId_startsAt_idx";

-- DropIndex
DROP INDEX "TrainingSession_startsAt_idx";

-- CreateIndex
CREATE INDEX "Booking_sessionId_status_waitlistPosition_createdAt_id_idx" ON "Booking"("sessionId", "status", "waitlistPosition", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Booking_businessId_createdAt_id_idx" ON "Booking"("businessId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Course_title_id_idx" ON "Course"("title", "id");

-- CreateIndex
CREATE INDEX "CyberChampion_trainedOn_id_idx" ON "CyberChampion"("trainedOn" DESC, "id");

-- CreateIndex
CREATE INDEX "CyberChampion_courseId_trainedOn_id_idx" ON "CyberChampion"("courseId", "trainedOn" DESC, "id");

-- CreateIndex
CREATE INDEX "TrainingSession_courseId_startsAt_id_idx" ON "TrainingSession"("courseId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "TrainingSession_startsAt_id_idx" ON "TrainingSession"("startsAt", "id");
