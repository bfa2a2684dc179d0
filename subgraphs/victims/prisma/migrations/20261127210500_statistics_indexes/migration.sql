-- victimStatistics: the referrals accepted in a period, and when contact was last made (max)
CREATE INDEX "Referral_receivedAt_idx" ON "Referral"("receivedAt");

CREATE INDEX "Referral_contactMadeAt_idx" ON "Referral"("contactMadeAt");
