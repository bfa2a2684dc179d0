-- CreateEnum
CREATE TYPE "Workstream" AS ENUM ('PREVENT', 'PREPARE', 'PURSUE');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('AGRICULTURE', 'MANUFACTURING', 'CONSTRUCTION', 'RETAIL', 'WHOLESALE', 'HOSPITALITY', 'TRANSPORT_LOGISTICS', 'PROFESSIONAL_SERVICES', 'FINANCE_INSURANCE', 'DIGITAL_TECH', 'HEALTH_CARE', 'EDUCATION', 'CREATIVE_LEISURE', 'CHARITY_COMMUNITY', 'OTHER');

-- CreateEnum
CREATE TYPE "BusinessSize" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE');

-- CreateEnum
CREATE TYPE "CourseLevel" AS ENUM ('INTRODUCTORY', 'PRACTITIONER', 'ADVANCED');

-- CreateTable
CREATE TABLE "Course" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "level" "CourseLevel" NOT NULL,
    "workstream" "Workstream" NOT NULL,
    "providerId" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "crimeTypeCodes" TEXT[],
    "eligibleSectors" TEXT[],
    "eligibleSizes" TEXT[],

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingSession" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "venue" TEXT NOT NULL,
    "districtCode" TEXT,
    "capacity" INTEGER NOT NULL,
    "seatsBooked" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrainingSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CyberChampion" (
    "id" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "trainedOn" DATE NOT NULL,

    CONSTRAINT "CyberChampion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrainingSession_courseId_startsAt_idx" ON "TrainingSession"("courseId", "startsAt");

-- CreateIndex
CREATE INDEX "TrainingSession_startsAt_idx" ON "TrainingSession"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "CyberChampion_businessId_courseId_key" ON "CyberChampion"("businessId", "courseId");

-- AddForeignKey
ALTER TABLE "TrainingSession" ADD CONSTRAINT "TrainingSession_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CyberChampion" ADD CONSTRAINT "CyberChampion_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
