-- AlterTable
ALTER TABLE "ReportingRoute" ADD COLUMN     "anyCrime" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "national" BOOLEAN NOT NULL DEFAULT false;

-- The reference routes already seeded: which are for any crime, which are national services.
UPDATE "ReportingRoute" SET "anyCrime" = true WHERE "id" IN ('police-999', 'police-101', 'police-online', 'police-live-chat', 'crimestoppers-phone', 'crimestoppers-online');
UPDATE "ReportingRoute" SET "national" = true WHERE "id" IN ('report-fraud-online', 'report-fraud-phone', 'report-fraud-live-cyber-attack', 'crimestoppers-phone', 'crimestoppers-online', 'ncsc-phishing-email', 'scam-text-7726', 'true-vision-online');
