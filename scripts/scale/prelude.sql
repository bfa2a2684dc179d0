-- Run before each subgraph's loader, in the same session: the functions every loader shares, so
-- that the four databases agree on who the synthetic businesses are and where they trade.
-- Settings (set by scripts/scale/load.ts): bench.now (UTC timestamp), bench.districts (the nine
-- ONS codes, comma-separated, Stoke-on-Trent last), and the row counts of the scale asked for.

-- Business i's id, in the shape the hub gives ids (biz_ and 26 base32 characters), the same in every database.
CREATE FUNCTION pg_temp.bench_business_id(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'biz_' || translate(substr(md5('bench-business-' || i), 1, 26), '0189', 'qrst')
$$;

-- Business i's district: the nine districts, Stoke-on-Trent (the city) twice as often as each other one.
CREATE FUNCTION pg_temp.bench_district(i int) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT (string_to_array(current_setting('bench.districts'), ','))[least(9, 1 + abs(hashtext('district-' || i)) % 10)]
$$;

-- The moment the data is loaded against (every date is before it).
CREATE FUNCTION pg_temp.bench_now() RETURNS timestamp LANGUAGE sql STABLE AS $$
  SELECT current_setting('bench.now')::timestamp
$$;

-- A count of the scale asked for, e.g. pg_temp.bench_count('reports').
CREATE FUNCTION pg_temp.bench_count(what text) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT current_setting('bench.' || what)::int
$$;

-- Business i's sector and size band, the same in every database (support's profile, and what the
-- police are told when the business files a report): sizes skewed towards the smallest.
CREATE FUNCTION pg_temp.bench_sector(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['AGRICULTURE', 'MANUFACTURING', 'CONSTRUCTION', 'RETAIL', 'WHOLESALE', 'HOSPITALITY', 'TRANSPORT_LOGISTICS', 'PROFESSIONAL_SERVICES',
    'FINANCE_INSURANCE', 'DIGITAL_TECH', 'HEALTH_CARE', 'EDUCATION', 'CREATIVE_LEISURE', 'CHARITY_COMMUNITY', 'OTHER'])[1 + abs(hashtext('sector-' || i)) % 15]
$$;

CREATE FUNCTION pg_temp.bench_size(i int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['MICRO', 'MICRO', 'MICRO', 'SMALL', 'SMALL', 'MEDIUM', 'LARGE'])[1 + abs(hashtext('size-' || i)) % 7]
$$;
