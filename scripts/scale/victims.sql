-- Victims: referrals from the police to the services that take police referrals of businesses,
-- over the three years before bench.now, skewed so that a few services get most; 85% of those
-- older than a week have had contact made (with its contact log entry). References are in the
-- police format but not joined to the police database's reports (each subgraph has its own).
-- Contacts are "Synthetic contact" at example.invalid.
SELECT setseed(0.41);

-- step: insert Referral
WITH service AS (
  SELECT "id", "providerId", row_number() OVER (ORDER BY "sortOrder", "id") - 1 AS idx
  FROM "VictimService"
  WHERE "servesBusinesses" AND "referralRoute" IN ('POLICE_REFERRAL', 'SELF_OR_POLICE')
),
referral AS (
  SELECT
    n,
    1 + floor(pg_temp.bench_count('businesses') * random())::int AS business,
    floor((SELECT count(*) FROM service) * power(random(), 2))::int AS service_index,
    pg_temp.bench_now() - random() * interval '1095 days' AS received,
    random() AS r_contact,
    random() AS r_crime
  FROM generate_series(1, pg_temp.bench_count('referrals')) AS n
)
INSERT INTO "Referral" (
  "id", "reportReference", "serviceId", "organizationId", "businessId", "contactName", "contactEmail", "contactPhone",
  "crimeTypeCode", "districtCode", "receivedAt", "contactMadeAt", "contactNote"
)
SELECT
  gen_random_uuid()::text,
  'BCH-' || to_char(r.received, 'YY') || '-' || lpad(r.n::text, 6, '0'),
  s."id",
  s."providerId",
  pg_temp.bench_business_id(r.business),
  'Synthetic contact',
  'contact-' || r.business || '@example.invalid',
  NULL,
  ct.codes[1 + floor(array_length(ct.codes, 1) * power(r.r_crime, 1.6))::int],
  pg_temp.bench_district(r.business),
  r.received,
  CASE WHEN r.r_contact < 0.85 AND r.received < pg_temp.bench_now() - interval '7 days' THEN r.received + r.r_contact * interval '5 days' END,
  CASE WHEN r.r_contact < 0.85 AND r.received < pg_temp.bench_now() - interval '7 days' THEN 'Synthetic contact note.' END
FROM referral AS r
JOIN service AS s ON s.idx = r.service_index
CROSS JOIN (SELECT string_to_array(current_setting('bench.crime_types'), ',') AS codes) AS ct;

-- step: insert ReferralContact
INSERT INTO "ReferralContact" ("id", "referralId", "note", "staffSubject", "madeAt", "idempotencyKey")
SELECT gen_random_uuid()::text, r."id", r."contactNote", 'bench-staff-' || (1 + abs(hashtext(r."id")) % 20), r."contactMadeAt", 'bench-contact-' || r."id"
FROM "Referral" AS r
WHERE r."contactMadeAt" IS NOT NULL;
