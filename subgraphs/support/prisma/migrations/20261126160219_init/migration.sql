-- CreateEnum
CREATE TYPE "Workstream" AS ENUM ('PREVENT', 'PREPARE', 'PURSUE');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('AGRICULTURE', 'MANUFACTURING', 'CONSTRUCTION', 'RETAIL', 'WHOLESALE', 'HOSPITALITY', 'TRANSPORT_LOGISTICS', 'PROFESSIONAL_SERVICES', 'FINANCE_INSURANCE', 'DIGITAL_TECH', 'HEALTH_CARE', 'EDUCATION', 'CREATIVE_LEISURE', 'CHARITY_COMMUNITY', 'OTHER');

-- CreateEnum
CREATE TYPE "BusinessSize" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE');

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('POLICE', 'LOCAL_AUTHORITY', 'GROWTH_HUB', 'BUSINESS_ASSOCIATION', 'CRIME_PARTNERSHIP', 'CHARITY', 'GOVERNMENT', 'PUBLIC_SECTOR');

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "url" TEXT,
    "email" TEXT,
    "phone" TEXT,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportOffer" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "cost" TEXT NOT NULL,
    "free" BOOLEAN NOT NULL DEFAULT true,
    "workstream" "Workstream" NOT NULL,
    "eligibleSectors" TEXT[],
    "eligibleSizes" TEXT[],
    "districtCodes" TEXT[],
    "ruralOnly" BOOLEAN NOT NULL DEFAULT false,
    "allCrimeTypes" BOOLEAN NOT NULL DEFAULT false,
    "crimeTypeCodes" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SupportOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Business" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "size" "BusinessSize" NOT NULL,
    "districtCode" TEXT NOT NULL,
    "postcode" TEXT,
    "rural" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Business_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupportOffer_organizationId_idx" ON "SupportOffer"("organizationId");

-- AddForeignKey
ALTER TABLE "SupportOffer" ADD CONSTRAINT "SupportOffer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
