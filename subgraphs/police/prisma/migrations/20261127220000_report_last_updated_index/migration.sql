-- A figure's lastUpdated is the latest write to any crime report: one index probe, not a scan
CREATE INDEX "CrimeReport_updatedAt_idx" ON "CrimeReport"("updatedAt");
