-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "reportReference" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "businessId" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "crimeTypeCode" TEXT NOT NULL,
    "districtCode" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contactMadeAt" TIMESTAMP(3),
    "contactNote" TEXT,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralContact" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "staffSubject" TEXT NOT NULL,
    "madeAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "ReferralContact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Referral_reportReference_key" ON "Referral"("reportReference");

-- CreateIndex
CREATE INDEX "Referral_serviceId_receivedAt_idx" ON "Referral"("serviceId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralContact_idempotencyKey_key" ON "ReferralContact"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ReferralContact_referralId_madeAt_idx" ON "ReferralContact"("referralId", "madeAt");

-- AddForeignKey
ALTER TABLE "ReferralContact" ADD CONSTRAINT "ReferralContact_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
