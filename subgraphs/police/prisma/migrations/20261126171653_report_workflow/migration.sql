-- CreateEnum
CREATE TYPE "ReportPriority" AS ENUM ('EMERGENCY', 'PRIORITY', 'STANDARD', 'SCHEDULED');

-- CreateEnum
CREATE TYPE "UpdateKind" AS ENUM ('UPDATE', 'OUTCOME');

-- AlterTable
ALTER TABLE "CrimeReport" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "impactStatementWanted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "meetsNpccDefinition" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "ongoing" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "outcomeCode" TEXT,
ADD COLUMN     "postcode" TEXT,
ADD COLUMN     "priority" "ReportPriority" NOT NULL DEFAULT 'STANDARD',
ADD COLUMN     "referralConsent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CrimeReportUpdate" (
    "id" TEXT NOT NULL,
    "reportReference" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "kind" "UpdateKind" NOT NULL,
    "message" TEXT NOT NULL,
    "outcomeCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "CrimeReportUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "ReferenceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "OutboxEntry" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "OutboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CrimeReportUpdate_idempotencyKey_key" ON "CrimeReportUpdate"("idempotencyKey");

-- CreateIndex
CREATE INDEX "CrimeReportUpdate_reportReference_createdAt_idx" ON "CrimeReportUpdate"("reportReference", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxEntry_deliveredAt_nextAttemptAt_idx" ON "OutboxEntry"("deliveredAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "CrimeReport_idempotencyKey_key" ON "CrimeReport"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "CrimeReportUpdate" ADD CONSTRAINT "CrimeReportUpdate_reportReference_fkey" FOREIGN KEY ("reportReference") REFERENCES "CrimeReport"("reference") ON DELETE RESTRICT ON UPDATE CASCADE;
