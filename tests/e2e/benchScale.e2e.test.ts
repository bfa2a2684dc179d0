// `npm run bench:scale` at a tiny scale against PostgreSQL: it loads what the scale asks for,
// measures every item and prints the table, the machine and the creation line. It keeps its
// databases (BENCH_KEEP_DATABASES) so the test can look at the loaded rows, then drops them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, repoRoot, subgraphNames } from '@crimehub/common';
import { scaleCounts } from '../../scripts/scale/load.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const scale = 0.002;
const prefix = `bch_test_scale_${process.pid}`;

function databaseUrl(subgraph: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${prefix}_${subgraph}`;
  return url.toString();
}

async function rows<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!serverUrl)('npm run bench:scale (BENCH_SCALE=0.002, PostgreSQL)', () => {
  let output = '';
  let exitCode: number | null = null;

  beforeAll(async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/benchScale.ts')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        BENCH_DATABASE_URL: serverUrl,
        BENCH_SCALE: String(scale),
        BENCH_DB_PREFIX: prefix,
        BENCH_KEEP_DATABASES: 'true',
        BENCH_REQUESTS: '4',
        BENCH_STATISTICS_REQUESTS: '1',
        BENCH_CREATE: '12',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  }, 600_000);

  afterAll(async () => {
    if (!serverUrl) return;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      for (const name of subgraphNames) await admin.query(`DROP DATABASE IF EXISTS "${prefix}_${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it('finishes and prints the machine, the data sizes and a table row for every measured item', () => {
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^machine: \d+ × .+, \d+ GiB, Node v\d+/m);
    expect(output).toMatch(/^data: 2,000 crime reports \([\d,]+ timeline entries\), 20 businesses, 40 enquiries, 4 sessions, 200 bookings, 100 referrals$/m);
    const table = output.slice(output.lastIndexOf('| label'));
    const items = [
      'help (anonymous)',
      'police list, first page (20)',
      'police list, page 1,000 deep',
      'police list, district E07000197',
      'police list, crime type ',
      'police list, status UNDER_INVESTIGATION',
      'police list, reported in the last 30 days',
      'police list, first page, 8 clients',
      'police, 50 reports with timelines',
      "business's own reports (",
      "partner's referrals (",
      "partner's enquiries (",
      "partner's session bookings (",
      'report creation, 8 clients',
    ];
    // Each item: its label, n, p50, p95, max and no failed request.
    for (const item of items) expect(table, item).toMatch(new RegExp(`^\\| ${item.replace(/[()]/g, '\\$&')}[^|]*\\|\\s+\\d+ \\|\\s+[\\d.]+ \\|\\s+[\\d.]+ \\|\\s+[\\d.]+ \\|\\s+0 \\|$`, 'm'));
    expect(output).not.toMatch(/ failed \(\d+ in the warm-up\)/);
    // Every analyst figure found by introspection: the old list, or measure × grouping rows of the new entry points.
    expect(table).toMatch(/^\| (crimeReportStatistics \(old list\)|\w+Statistics \w+ by \w+)\s/m);
    expect(output).toMatch(/^report creation: 12 reports by 8 clients at [\d.]+ reports\/s; all 15 references \(warm-up included\) consecutive: yes/m);
  });

  it('loaded the rows the scale asked for, spread over districts, statuses and businesses that exist', async () => {
    expect(exitCode, output).toBe(0);
    const counts = scaleCounts(scale);
    const loaded = JSON.parse(/^loaded rows: (.+)$/m.exec(output)![1]!) as Record<string, Record<string, number>>;
    expect(loaded.police!.CrimeReport).toBe(counts.reports);
    expect(loaded.support!.Business).toBe(counts.businesses);
    expect(loaded.support!.Enquiry).toBe(counts.enquiries);
    expect(loaded.cyber!.TrainingSession).toBe(counts.sessions);
    expect(loaded.cyber!.Booking).toBe(counts.bookings);
    expect(loaded.victims!.Referral).toBe(counts.referrals);
    // One to two timeline entries per report on average.
    expect(loaded.police!.CrimeReportUpdate! / counts.reports).toBeGreaterThan(1);
    expect(loaded.police!.CrimeReportUpdate! / counts.reports).toBeLessThan(2);

    const police = databaseUrl('police');
    const [spread] = await rows<{ districts: number; statuses: number; types: number; closed_without_outcome: number; oldest_days: number }>(
      police,
      `SELECT count(DISTINCT "districtCode")::int AS districts, count(DISTINCT "status")::int AS statuses, count(DISTINCT "crimeTypeCode")::int AS types,
              count(*) FILTER (WHERE "status" = 'CLOSED' AND "outcomeCode" IS NULL)::int AS closed_without_outcome,
              extract(day FROM now() AT TIME ZONE 'UTC' - min("reportedAt"))::int AS oldest_days
       FROM "CrimeReport" WHERE "narrative" LIKE 'Synthetic report for the scale benchmark%'`,
    );
    expect(spread).toMatchObject({ districts: districts.length, statuses: 3, closed_without_outcome: 0 });
    expect(spread!.types).toBeGreaterThan(10);
    expect(spread!.oldest_days).toBeGreaterThan(1000);
    expect(spread!.oldest_days).toBeLessThanOrEqual(1096);
    const [outcomes] = await rows<{ closed: number; outcomes: number }>(
      police,
      `SELECT count(*) FILTER (WHERE "status" = 'CLOSED')::int AS closed, (SELECT count(*)::int FROM "CrimeReportUpdate" WHERE "kind" = 'OUTCOME') AS outcomes FROM "CrimeReport" WHERE "idempotencyKey" IS NULL`,
    );
    expect(outcomes!.outcomes).toBe(outcomes!.closed);
    // Every business the police, cyber and victims rows name is a support business profile.
    const businesses = new Set((await rows<{ id: string }>(databaseUrl('support'), `SELECT "id" FROM "Business"`)).map((r) => r.id));
    for (const [subgraph, sql] of [
      ['police', `SELECT DISTINCT "businessId" AS id FROM "CrimeReport" WHERE "idempotencyKey" IS NULL`],
      ['cyber', `SELECT DISTINCT "businessId" AS id FROM "Booking"`],
      ['victims', `SELECT DISTINCT "businessId" AS id FROM "Referral"`],
    ] as const) {
      const ids = (await rows<{ id: string }>(databaseUrl(subgraph), sql)).map((r) => r.id);
      expect(
        ids.filter((id) => !businesses.has(id)),
        subgraph,
      ).toEqual([]);
    }
    // No session holds more booked seats than it has.
    const [overbooked] = await rows<{ n: number }>(databaseUrl('cyber'), `SELECT count(*)::int AS n FROM "TrainingSession" WHERE "seatsBooked" > "capacity"`);
    expect(overbooked!.n).toBe(0);
  });
});
