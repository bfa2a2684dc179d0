-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('RECEIVED', 'UNDER_INVESTIGATION', 'CLOSED');

-- CreateTable
CREATE TABLE "CrimeReport" (
    "reference" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "crimeTypeCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "ReportStatus" NOT NULL DEFAULT 'RECEIVED',
    "lossPence" INTEGER,
    "narrative" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT,
    "contactPhone" TEXT,

    CONSTRAINT "CrimeReport_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "ReportAccess" (
    "id" TEXT NOT NULL,
    "reportReference" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrimeReport_businessId_reportedAt_idx" ON "CrimeReport"("businessId", "reportedAt");

-- CreateIndex
CREATE INDEX "CrimeReport_crimeTypeCode_districtCode_idx" ON "CrimeReport"("crimeTypeCode", "districtCode");

-- CreateIndex
CREATE INDEX "ReportAccess_reportReference_at_idx" ON "ReportAccess"("reportReference", "at");

-- CreateIndex
CREATE INDEX "ReportAccess_at_idx" ON "ReportAccess"("at");

-- AddForeignKey
ALTER TABLE "CrimeReport" ADD CONSTRAINT "CrimeReport_crimeTypeCode_fkey" FOREIGN KEY ("crimeTypeCode") REFERENCES "CrimeType"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
