-- CreateEnum
CREATE TYPE "ServiceScope" AS ENUM ('LOCAL', 'COUNTY', 'REGIONAL', 'NATIONAL');

-- AlterTable
ALTER TABLE "SupportOffer" ADD COLUMN     "scope" "ServiceScope" NOT NULL DEFAULT 'COUNTY',
ADD COLUMN     "wideAreaCode" TEXT;

-- Offers that are another partner's item, withdrawn from the support directory (issue 9: nothing
-- twice): the reporting routes are the police's, the victim services the victims directory's. The
-- rows stay (enquiries keep the offer they were about), out of the directory and help answers.
UPDATE "SupportOffer" SET "active" = false
WHERE "id" IN ('offer-report-fraud', 'offer-crimestoppers-anonymous', 'offer-ncsc-report-phishing', 'offer-victim-gateway', 'offer-victim-support-supportline', 'offer-necvcu-victim-care');
