-- CreateEnum
CREATE TYPE "Workstream" AS ENUM ('PREVENT', 'PREPARE', 'PURSUE');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('PHONE', 'ONLINE', 'LIVE_CHAT', 'EMAIL', 'TEXT_MESSAGE');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('EMERGENCY', 'URGENT', 'NON_EMERGENCY');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('CCTV', 'FORENSIC', 'DIGITAL', 'DOCUMENTS', 'WITNESS', 'PROPERTY');

-- CreateTable
CREATE TABLE "CrimeType" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "policeUkCategory" TEXT NOT NULL,
    "cyber" BOOLEAN NOT NULL DEFAULT false,
    "fraud" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CrimeType_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ReportingRoute" (
    "id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "url" TEXT,
    "urgency" "Urgency" NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "whenToUse" TEXT NOT NULL,
    "workstream" "Workstream" NOT NULL DEFAULT 'PURSUE',

    CONSTRAINT "ReportingRoute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrimeTypeRoute" (
    "crimeTypeCode" TEXT NOT NULL,
    "routeId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "CrimeTypeRoute_pkey" PRIMARY KEY ("crimeTypeCode","routeId")
);

-- CreateTable
CREATE TABLE "EvidenceGuidance" (
    "id" TEXT NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "title" TEXT NOT NULL,
    "advice" TEXT NOT NULL,
    "workstream" "Workstream" NOT NULL DEFAULT 'PURSUE',
    "crimeTypeCodes" TEXT[],
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "EvidenceGuidance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "District" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "area" TEXT NOT NULL,

    CONSTRAINT "District_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "PostcodeDistrict" (
    "outwardCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "places" TEXT NOT NULL,

    CONSTRAINT "PostcodeDistrict_pkey" PRIMARY KEY ("outwardCode")
);

-- CreateTable
CREATE TABLE "PolicingTeam" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "covers" TEXT NOT NULL,
    "url" TEXT NOT NULL,

    CONSTRAINT "PolicingTeam_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CrimeTypeRoute_crimeTypeCode_rank_idx" ON "CrimeTypeRoute"("crimeTypeCode", "rank");

-- CreateIndex
CREATE INDEX "PostcodeDistrict_districtCode_idx" ON "PostcodeDistrict"("districtCode");

-- CreateIndex
CREATE INDEX "PolicingTeam_districtCode_idx" ON "PolicingTeam"("districtCode");

-- AddForeignKey
ALTER TABLE "CrimeTypeRoute" ADD CONSTRAINT "CrimeTypeRoute_crimeTypeCode_fkey" FOREIGN KEY ("crimeTypeCode") REFERENCES "CrimeType"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrimeTypeRoute" ADD CONSTRAINT "CrimeTypeRoute_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "ReportingRoute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostcodeDistrict" ADD CONSTRAINT "PostcodeDistrict_districtCode_fkey" FOREIGN KEY ("districtCode") REFERENCES "District"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicingTeam" ADD CONSTRAINT "PolicingTeam_districtCode_fkey" FOREIGN KEY ("districtCode") REFERENCES "District"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
