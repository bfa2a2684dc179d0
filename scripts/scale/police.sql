-- Police: synthetic crime reports over the three years before bench.now, and their timelines.
-- Crime types are skewed towards the commoner ones (the reference list's order), businesses
-- follow a long tail (a few report often, most rarely), 90% of reports are in the business's own
-- district; older reports are mostly closed with a final outcome. No names, real addresses or
-- telephone numbers: contacts are "Synthetic contact" at example.invalid.
SELECT setseed(0.17);

-- step: draw the reports (temporary table)
CREATE TEMP TABLE bench_report AS
SELECT
  g AS n,
  1 + floor(pg_temp.bench_count('businesses') * power(random(), 2))::int AS business,
  1 + floor(ct.n * power(random(), 1.6))::int AS crime_type_index,
  pg_temp.bench_now() - random() * interval '1095 days' AS reported_at,
  random() AS r_status,
  random() AS r_other,
  random() AS r_loss,
  random() AS r_priority,
  random() AS r_consent
FROM generate_series(1, pg_temp.bench_count('reports')) AS g,
  (SELECT count(*)::int AS n FROM "CrimeType") AS ct;

-- step: statuses by age
CREATE TEMP TABLE bench_report_status AS
SELECT r.*,
  CASE
    WHEN r.r_status < CASE WHEN age > interval '90 days' THEN 0.85 WHEN age > interval '14 days' THEN 0.5 ELSE 0.1 END THEN 'CLOSED'
    WHEN r.r_status < CASE WHEN age > interval '90 days' THEN 0.95 WHEN age > interval '14 days' THEN 0.85 ELSE 0.5 END THEN 'UNDER_INVESTIGATION'
    ELSE 'RECEIVED'
  END AS status
FROM (SELECT *, pg_temp.bench_now() - reported_at AS age FROM bench_report) AS r;

-- step: insert CrimeReport (references in order)
INSERT INTO "CrimeReport" (
  "reference", "businessId", "crimeTypeCode", "districtCode", "occurredAt", "reportedAt", "status", "lossPence",
  "narrative", "contactName", "contactEmail", "contactPhone", "postcode", "meetsNpccDefinition", "priority",
  "ongoing", "impactStatementWanted", "referralConsent", "outcomeCode", "businessSector", "businessSize"
)
SELECT
  'BCH-' || to_char(r.reported_at, 'YY') || '-' || lpad((row_number() OVER (PARTITION BY to_char(r.reported_at, 'YY') ORDER BY r.reported_at, r.n))::text, 6, '0'),
  pg_temp.bench_business_id(r.business),
  ct.code,
  CASE WHEN r.r_other < 0.9 THEN pg_temp.bench_district(r.business) ELSE pg_temp.bench_district(r.n + 1000000) END,
  r.reported_at - (r.r_other * 3) * interval '1 day',
  r.reported_at,
  r.status::"ReportStatus",
  CASE WHEN r.r_loss < 0.7 THEN (500 + floor(r.r_loss * 2000000))::bigint END,
  'Synthetic report for the scale benchmark: no real event, person or place.',
  'Synthetic contact',
  'contact-' || r.business || '@example.invalid',
  NULL,
  NULL,
  true,
  (CASE WHEN r.r_priority < 0.03 THEN 'PRIORITY' WHEN r.r_priority > 0.95 THEN 'SCHEDULED' ELSE 'STANDARD' END)::"ReportPriority",
  false,
  r.r_consent < 0.1,
  r.r_consent < 0.4,
  CASE WHEN r.status = 'CLOSED' THEN fo.codes[1 + (abs(hashtext('outcome-' || r.n)) % array_length(fo.codes, 1))] END,
  -- the business's sector and size as given when filing; about one report in ten left them out
  CASE WHEN abs(hashtext('recorded-' || r.n)) % 10 <> 0 THEN pg_temp.bench_sector(r.business) END,
  CASE WHEN abs(hashtext('recorded-' || r.n)) % 10 <> 0 THEN pg_temp.bench_size(r.business) END
FROM bench_report_status AS r
JOIN (SELECT code, row_number() OVER (ORDER BY "sortOrder", code) AS idx FROM "CrimeType") AS ct ON ct.idx = r.crime_type_index
CROSS JOIN (SELECT string_to_array(current_setting('bench.final_outcomes'), ',') AS codes) AS fo;

-- step: insert CrimeReportUpdate (timelines)
-- The timeline: closed reports get one to three entries, the last their outcome, reports under
-- investigation one or two updates, received ones none (about 1.6 per report on average).
INSERT INTO "CrimeReportUpdate" ("id", "reportReference", "author", "kind", "message", "outcomeCode", "createdAt", "idempotencyKey")
SELECT
  gen_random_uuid()::text,
  r."reference",
  'bench-officer-' || (1 + abs(hashtext(r."reference")) % 50),
  (CASE WHEN r."status" = 'CLOSED' AND j = k.k THEN 'OUTCOME' ELSE 'UPDATE' END)::"UpdateKind",
  CASE WHEN r."status" = 'CLOSED' AND j = k.k THEN 'Synthetic outcome recorded.' ELSE 'Synthetic update: enquiries continuing.' END,
  CASE WHEN r."status" = 'CLOSED' AND j = k.k THEN r."outcomeCode" END,
  r."reportedAt" + (j::float8 / (k.k + 1)) * least(pg_temp.bench_now() - r."reportedAt", interval '60 days'),
  'bench-' || r."reference" || '-' || j
FROM "CrimeReport" AS r
CROSS JOIN LATERAL (
  SELECT CASE r."status" WHEN 'CLOSED' THEN 1 + abs(hashtext(r."reference")) % 3 WHEN 'UNDER_INVESTIGATION' THEN 1 + abs(hashtext(r."reference")) % 2 ELSE 0 END AS k
) AS k
CROSS JOIN LATERAL generate_series(1, k.k) AS j;

-- step: first update and latest write on each report (as filing and adding updates keep them)
UPDATE "CrimeReport" AS r
SET "firstUpdateAt" = u."first", "updatedAt" = u."last"
FROM (SELECT "reportReference", min("createdAt") AS "first", max("createdAt") AS "last" FROM "CrimeReportUpdate" GROUP BY "reportReference") AS u
WHERE u."reportReference" = r."reference";
UPDATE "CrimeReport" SET "updatedAt" = "reportedAt" WHERE "firstUpdateAt" IS NULL;

-- step: drop the temporary tables
DROP TABLE bench_report_status;
DROP TABLE bench_report;
