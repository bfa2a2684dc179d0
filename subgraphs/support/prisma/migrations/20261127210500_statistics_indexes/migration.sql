-- supportStatistics: when enquiries were last answered (max), without a scan
CREATE INDEX "Enquiry_answeredAt_idx" ON "Enquiry"("answeredAt");
