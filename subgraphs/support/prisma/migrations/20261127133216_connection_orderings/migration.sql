-- DropIndex
DROP INDEX "Enquiry_organizationId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Enquiry_businessId_createdAt_id_idx" ON "Enquiry"("businessId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Enquiry_organizationId_createdAt_id_idx" ON "Enquiry"("organizationId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Enquiry_createdAt_id_idx" ON "Enquiry"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Organization_name_id_idx" ON "Organization"("name", "id");

-- CreateIndex
CREATE INDEX "SupportOffer_sortOrder_title_id_idx" ON "SupportOffer"("sortOrder", "title", "id");
