-- DropIndex
DROP INDEX "CrimeReport_businessId_reportedAt_idx";

-- DropIndex
DROP INDEX "ReportAccess_at_idx";

-- DropIndex
DROP INDEX "ReportAccess_reportReference_at_idx";

-- CreateIndex
CREATE INDEX "CrimeReport_reportedAt_reference_idx" ON "CrimeReport"("reportedAt" DESC, "reference");

-- CreateIndex
CREATE INDEX "CrimeReport_businessId_reportedAt_reference_idx" ON "CrimeReport"("businessId", "reportedAt" DESC, "reference");

-- CreateIndex
CREATE INDEX "ReportAccess_reportReference_at_id_idx" ON "ReportAccess"("reportReference", "at" DESC, "id");

-- CreateIndex
CREATE INDEX "ReportAccess_at_id_idx" ON "ReportAccess"("at" DESC, "id");
