-- Cyber: training sessions over the three years before bench.now and a year ahead (about 50
-- bookings each, a few sessions far more popular than the rest), and the bookings: the first
-- `capacity` of a session's live bookings are booked, the rest wait in order; 8% are cancelled.
-- Attendees are "Synthetic attendee <n>" at example.invalid.
SELECT setseed(0.31);

-- step: insert TrainingSession
INSERT INTO "TrainingSession" ("id", "courseId", "startsAt", "endsAt", "online", "venue", "districtCode", "capacity", "seatsBooked")
SELECT
  'bench-sess-' || x.s,
  c."id",
  x.starts,
  x.starts + interval '2 hours',
  x.online,
  CASE WHEN x.online THEN 'Online' ELSE 'Synthetic venue ' || x.s END,
  CASE WHEN x.online THEN NULL ELSE pg_temp.bench_district(x.s) END,
  CASE WHEN x.online THEN 60 ELSE 40 END,
  0
FROM (
  SELECT
    s,
    floor((SELECT count(*) FROM "Course") * random())::int AS course_index,
    date_trunc('hour', pg_temp.bench_now() - interval '1095 days' + random() * interval '1460 days') AS starts,
    random() < 0.4 AS online
  FROM generate_series(1, pg_temp.bench_count('sessions')) AS s
) AS x
JOIN (SELECT "id", row_number() OVER (ORDER BY "id") - 1 AS idx FROM "Course") AS c ON c.idx = x.course_index;

-- step: draw bookings (temporary table)
CREATE TEMP TABLE bench_booking AS
SELECT
  n,
  'bench-sess-' || (1 + floor(pg_temp.bench_count('sessions') * power(random(), 1.3))::int) AS session_id,
  1 + floor(pg_temp.bench_count('businesses') * random())::int AS business,
  random() < 0.08 AS cancelled
FROM generate_series(1, pg_temp.bench_count('bookings')) AS n;

-- step: insert Booking (booked, waiting, cancelled)
INSERT INTO "Booking" (
  "id", "sessionId", "businessId", "attendeeName", "attendeeEmail", "attendeePhone", "status", "waitlistPosition",
  "idempotencyKey", "createdAt", "cancelledAt"
)
SELECT
  'bench-booking-' || b.n,
  b.session_id,
  pg_temp.bench_business_id(b.business),
  'Synthetic attendee ' || b.n,
  'attendee-' || b.n || '@example.invalid',
  NULL,
  (CASE WHEN b.cancelled THEN 'CANCELLED' WHEN b.rank <= s."capacity" THEN 'BOOKED' ELSE 'WAITING' END)::"BookingStatus",
  CASE WHEN NOT b.cancelled AND b.rank > s."capacity" THEN (b.rank - s."capacity")::int END,
  'bench-booking-' || b.n,
  s."startsAt" - interval '40 days' + b.rank * interval '10 minutes',
  CASE WHEN b.cancelled THEN s."startsAt" - interval '2 days' END
FROM (SELECT *, row_number() OVER (PARTITION BY session_id, cancelled ORDER BY n) AS rank FROM bench_booking) AS b
JOIN "TrainingSession" AS s ON s."id" = b.session_id;

-- step: seats booked per session
UPDATE "TrainingSession" AS s SET "seatsBooked" = c.booked
FROM (SELECT "sessionId", count(*)::int AS booked FROM "Booking" WHERE "status" = 'BOOKED' GROUP BY "sessionId") AS c
WHERE c."sessionId" = s."id";

-- step: drop the temporary table
DROP TABLE bench_booking;
