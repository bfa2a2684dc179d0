-- CreateEnum
CREATE TYPE "ReferralRoute" AS ENUM ('SELF_REFERRAL', 'POLICE_REFERRAL', 'SELF_OR_POLICE');

-- CreateTable
CREATE TABLE "VictimService" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "url" TEXT,
    "hours" TEXT,
    "referralRoute" "ReferralRoute" NOT NULL,
    "howToBeReferred" TEXT NOT NULL,
    "servesBusinesses" BOOLEAN NOT NULL,
    "servesIndividuals" BOOLEAN NOT NULL,
    "allCrimeTypes" BOOLEAN NOT NULL DEFAULT false,
    "crimeTypeCodes" TEXT[],
    "districtCodes" TEXT[],
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "VictimService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VictimsCodeRight" (
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "appliesToBusinesses" BOOLEAN NOT NULL,
    "forBusinesses" TEXT,

    CONSTRAINT "VictimsCodeRight_pkey" PRIMARY KEY ("number")
);
