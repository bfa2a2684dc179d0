-- Support: the synthetic business profiles (the same ids as the other databases use) and their
-- enquiries to the directory's offers, skewed so that a few offers (and so organisations) get most.
-- Nothing identifying: names are "Synthetic business <n>", emails at example.invalid.
SELECT setseed(0.23);

-- step: insert Business
INSERT INTO "Business" ("id", "name", "sector", "size", "districtCode", "postcode", "rural", "contactEmail", "contactPhone", "createdAt", "updatedAt")
SELECT
  pg_temp.bench_business_id(b.i),
  'Synthetic business ' || b.i,
  pg_temp.bench_sector(b.i)::"Sector",
  pg_temp.bench_size(b.i)::"BusinessSize",
  pg_temp.bench_district(b.i),
  NULL,
  random() < 0.15,
  'business-' || b.i || '@example.invalid',
  NULL,
  b.t,
  b.t
FROM (SELECT i, pg_temp.bench_now() - random() * interval '1200 days' AS t FROM generate_series(1, pg_temp.bench_count('businesses')) AS i) AS b;

-- step: insert Enquiry
WITH offer AS (
  SELECT "id", "organizationId", row_number() OVER (ORDER BY "sortOrder", "id") - 1 AS idx FROM "SupportOffer" WHERE "active"
),
enquiry AS (
  SELECT
    n,
    1 + floor(pg_temp.bench_count('businesses') * random())::int AS business,
    floor((SELECT count(*) FROM offer) * power(random(), 2))::int AS offer_index,
    pg_temp.bench_now() - random() * interval '1095 days' AS created,
    random() AS r_status
  FROM generate_series(1, pg_temp.bench_count('enquiries')) AS n
)
INSERT INTO "Enquiry" (
  "id", "offerId", "organizationId", "businessId", "message", "contactName", "contactEmail", "contactPhone",
  "status", "answer", "answeredBy", "answeredAt", "idempotencyKey", "createdAt"
)
SELECT
  gen_random_uuid()::text,
  o."id",
  o."organizationId",
  pg_temp.bench_business_id(e.business),
  'Synthetic enquiry for the scale benchmark.',
  'Synthetic contact',
  'contact-' || e.business || '@example.invalid',
  NULL,
  (CASE WHEN e.r_status < 0.15 THEN 'OPEN' WHEN e.r_status < 0.8 THEN 'ANSWERED' ELSE 'CLOSED' END)::"EnquiryStatus",
  CASE WHEN e.r_status >= 0.15 THEN 'Synthetic answer.' END,
  CASE WHEN e.r_status >= 0.15 THEN 'bench-partner-staff' END,
  CASE WHEN e.r_status >= 0.15 THEN e.created + e.r_status * interval '5 days' END,
  'bench-enquiry-' || e.n,
  e.created
FROM enquiry AS e
JOIN offer AS o ON o.idx = e.offer_index;
