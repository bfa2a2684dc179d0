// `npm run bench:scale`: the hub at a million reports. Loads fresh PostgreSQL databases
// (scripts/scale/load.ts: 1,000,000 crime reports over three years with their timelines, 10,000
// businesses, 20,000 enquiries, 100,000 bookings, 50,000 referrals at BENCH_SCALE=1), starts the
// gateway and the four subgraphs on them, and measures through the gateway: every analyst figure,
// the police work list (first page, 500,000 deep, filtered, 8 clients at once), a business's own
// reports, a partner's referrals, enquiries and session bookings, 50 reports with their timelines,
// help, and report creation by 8 clients. Prints one line per item, then one table with the
// machine and the data sizes. Requests go to 127.0.0.1 only and every loop is bounded.
//
// Environment (all optional):
//   BENCH_DATABASE_URL   the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_SCALE          1 = the figures above; 0.005 for a quick run (default 1)
//   BENCH_DB_PREFIX      database names, <prefix>_police, ... (default bench_scale); dropped first
//   BENCH_KEEP_DATABASES `true` keeps the databases after the run (default: dropped)
//   BENCH_REQUESTS       requests per item, one client (default 100)
//   BENCH_STATISTICS_REQUESTS  requests per analyst figure (default 10)
//   BENCH_CONCURRENCY    clients of the concurrent items (default 8)
//   BENCH_CREATE         reports filed in the creation item (default 400)
//   BENCH_FROM           copy the databases <BENCH_FROM>_* that a run kept, instead of loading anew
//   BENCH_ONLY           measure only the items whose label matches this regular expression
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { encodeCursor } from '@crimehub/common';
import { graphql, helpQuery } from '../tests/utils/graphql.ts';
import { startHub, type Hub } from '../tests/utils/processes.ts';
import { createTestTokens, type TokenClaims } from '../tests/utils/tokens.ts';
import { cpuMeter, helpQuestions, machineLine, reportLine, reportTable, summarize, type Summary } from './benchReport.ts';
import { copyScaleData, loadScaleData } from './scale/load.ts';
import { enumValuesIntrospection, queryFieldsIntrospection, reportsWithTimelines, savedOperation, statisticsFields, statisticsQuery } from './scale/operations.ts';

const env = process.env;
const serverUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scale = Number(env.BENCH_SCALE ?? 1);
const prefix = env.BENCH_DB_PREFIX ?? 'bench_scale';
const keepDatabases = env.BENCH_KEEP_DATABASES === 'true';
const positive = (name: string, fallback: number): number => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new Error(`${name} must be a whole number from 1 to 100000, got ${env[name]}`);
  return value;
};
const requests = positive('BENCH_REQUESTS', 100);
const statisticsRequests = positive('BENCH_STATISTICS_REQUESTS', 10);
const concurrency = positive('BENCH_CONCURRENCY', 8);
const creations = positive('BENCH_CREATE', 400);
const from = env.BENCH_FROM;
const only = env.BENCH_ONLY ? new RegExp(env.BENCH_ONLY, 'i') : undefined;
/** Whether an item is measured in this run (BENCH_ONLY). */
const wanted = (label: string) => !only || only.test(label);
const deepPage = 500_000;

if (from !== undefined && !/^[a-z_][a-z0-9_]{0,40}$/.test(from)) throw new Error(`BENCH_FROM must be lower-case letters, digits and _, got ${from}`);
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`BENCH_DB_PREFIX must be lower-case letters, digits and _, got ${prefix}`);
for (const url of [serverUrl]) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`BENCH_DATABASE_URL must be on 127.0.0.1, got ${host}`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const thousands = (n: number) => n.toLocaleString('en-GB');

/** Signed tokens for the run, signed again every five minutes (they last ten). */
const tokens = await createTestTokens();
const signed = new Map<string, { at: number; headers: Record<string, string> }>();
async function headersFor(claims: TokenClaims): Promise<Record<string, string>> {
  const key = JSON.stringify(claims);
  const cached = signed.get(key);
  if (cached && Date.now() - cached.at < 5 * 60_000) return cached.headers;
  const headers = await tokens.headers(claims);
  signed.set(key, { at: Date.now(), headers });
  return headers;
}

const police: TokenClaims = { sub: 'bench-officer', role: 'police' };
const analyst: TokenClaims = { sub: 'bench-analyst', role: 'analyst' };

/** Sends one request; throws on any error, so a figure is never a measurement of a refusal. */
async function send<T = unknown>(url: string, label: string, query: string, variables: Record<string, unknown> | undefined, claims?: TokenClaims): Promise<T> {
  const response = await graphql<T>(url, query, variables, claims ? await headersFor(claims) : {});
  if (response.errors?.length || !response.data) throw new Error(`${label}: ${response.status} ${JSON.stringify(response.errors ?? response).slice(0, 1000)}`);
  return response.data;
}

const summaries: Summary[] = [];
/** The hub's processes' CPU a request, printed under each item once the hub runs. */
let meter: ReturnType<typeof cpuMeter> | undefined;

/** Runs `count` requests from `clients` clients (after 3 unmeasured warm-up requests) and records the item. */
async function measure(label: string, count: number, clients: number, request: (i: number) => Promise<unknown>): Promise<Summary | undefined> {
  if (!wanted(label)) return undefined;
  let errors = 0;
  let firstError: unknown;
  const attempt = async (i: number): Promise<boolean> => {
    try {
      await request(i);
      return true;
    } catch (error) {
      errors += 1;
      firstError ??= error;
      return false;
    }
  };
  for (let i = 0; i < Math.min(3, count); i++) await attempt(i);
  const warmUpErrors = errors;
  const latencies: number[] = [];
  let next = 0;
  meter?.start();
  const wall = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        const i = next++;
        const start = performance.now();
        // A failed request (e.g. the gateway's subgraph timeout) is counted, not timed.
        if (await attempt(i)) latencies.push(performance.now() - start);
      }
    }),
  );
  const summary = { ...summarize(label, latencies, performance.now() - wall), errors: errors - warmUpErrors };
  summaries.push(summary);
  console.log(reportLine(summary, 44));
  if (meter) console.log(`  CPU: ${meter.perRequest(count)}`);
  if (errors > 0) console.log(`  ${errors} failed (${warmUpErrors} in the warm-up); the first: ${firstError instanceof Error ? firstError.message : String(firstError)}`);
  return summary;
}

interface Setup {
  deepCursor: string;
  deepDepth: number;
  topBusiness: { id: string; reports: number };
  topCrimeType: string;
  creators: string[];
  referralsPartner: { org: string; referrals: number };
  enquiriesPartner: { org: string; enquiries: number };
  busiestSession: { id: string; provider: string; bookings: number };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** What the measured requests need from the data: the deep cursor, and the busiest business, partners and session. */
async function setUp(urls: Record<string, string>, reports: number): Promise<Setup> {
  const deepDepth = Math.min(deepPage, Math.floor(reports / 2));
  // The cursor the police list would give after its row at that depth (its order: newest first, then reference).
  const [deep] = await query<{ at: Date; reference: string }>(
    urls.police!,
    `SELECT "reportedAt" AT TIME ZONE 'UTC' AS at, "reference" FROM "CrimeReport" ORDER BY "reportedAt" DESC, "reference" ASC OFFSET $1 LIMIT 1`,
    [deepDepth - 1],
  );
  const [business] = await query<{ id: string; n: number }>(urls.police!, `SELECT "businessId" AS id, count(*)::int AS n FROM "CrimeReport" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const [crimeType] = await query<{ code: string }>(urls.police!, `SELECT "crimeTypeCode" AS code FROM "CrimeReport" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  const creators = await query<{ id: string }>(urls.support!, `SELECT "id" FROM "Business" ORDER BY "id" LIMIT $1`, [concurrency]);
  const [referrals] = await query<{ org: string; n: number }>(urls.victims!, `SELECT "organizationId" AS org, count(*)::int AS n FROM "Referral" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const [enquiries] = await query<{ org: string; n: number }>(urls.support!, `SELECT "organizationId" AS org, count(*)::int AS n FROM "Enquiry" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const [session] = await query<{ id: string; provider: string; n: number }>(
    urls.cyber!,
    `SELECT s."id", c."providerId" AS provider, count(*)::int AS n FROM "Booking" b JOIN "TrainingSession" s ON s."id" = b."sessionId" JOIN "Course" c ON c."id" = s."courseId" GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1`,
  );
  if (!deep || !business || !crimeType || !referrals || !enquiries || !session || creators.length === 0) throw new Error('the loaded data lacks rows the benchmark needs');
  return {
    deepCursor: encodeCursor([deep.at, deep.reference]),
    deepDepth,
    topBusiness: { id: business.id, reports: business.n },
    topCrimeType: crimeType.code,
    creators: creators.map((c) => c.id),
    referralsPartner: { org: referrals.org, referrals: referrals.n },
    enquiriesPartner: { org: enquiries.org, enquiries: enquiries.n },
    busiestSession: { id: session.id, provider: session.provider, bookings: session.n },
  };
}

/** Every analyst figure the gateway offers: each measure × grouping of each statistics entry point, and the old list if present. */
async function measureStatistics(url: string): Promise<void> {
  const data = await send<{ __schema: { queryType: { fields: Parameters<typeof statisticsFields>[0] } } }>(url, 'introspection', queryFieldsIntrospection, undefined, analyst);
  const fields = data.__schema.queryType.fields;
  for (const entry of statisticsFields(fields)) {
    const values = async (name: string) =>
      (await send<{ __type: { enumValues: { name: string }[] } }>(url, 'introspection', enumValuesIntrospection, { name }, analyst)).__type.enumValues.map((v) => v.name);
    const measures = await values(entry.measureEnum);
    const groupings = await values(entry.groupingEnum);
    for (const measureName of measures) {
      for (const grouping of groupings) {
        const document = statisticsQuery(entry.field, measureName, grouping);
        const label = `${entry.field} ${measureName} by ${grouping}`;
        if (!wanted(label)) continue;
        // A split the API refuses as such (e.g. REPEAT_VICTIMS by MONTH) is not a figure: say so, measure the rest.
        const probe = await graphql(url, document, undefined, await headersFor(analyst));
        const refusal = probe.errors?.find((e) => e.extensions?.code === 'BAD_USER_INPUT' && e.extensions?.field === 'groupBy');
        if (refusal) {
          console.log(`  ${label}: not offered (${refusal.message})`);
          continue;
        }
        await measure(label, statisticsRequests, 1, () => send(url, label, document, undefined, analyst));
      }
    }
  }
  if (fields.some((f) => f.name === 'crimeReportStatistics')) {
    const document = savedOperation('analyst', 'CrimeReportStatistics');
    await measure('crimeReportStatistics (old list)', statisticsRequests, 1, () => send(url, 'crimeReportStatistics', document, undefined, analyst));
  }
}

/** Files `count` reports from `clients` businesses at once; prints reports a second and whether the references are consecutive. */
async function measureCreation(url: string, creators: string[]): Promise<string | undefined> {
  const document = savedOperation('business', 'ReportBusinessCrime');
  const references: string[] = [];
  const label = `report creation, ${concurrency} clients`;
  if (!wanted(label)) return undefined;
  const summary = (await measure(label, creations, concurrency, async (i) => {
    const businessId = creators[i % creators.length]!;
    const data = await send<{ reportBusinessCrime: { crimeReport: { reference: string } } }>(
      url,
      label,
      document,
      {
        input: {
          idempotencyKey: randomUUID(),
          crimeType: 'shoplifting',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          district: 'E07000197',
          narrative: 'Synthetic report filed by the scale benchmark.',
          contactName: 'Synthetic contact',
          contactEmail: 'bench@example.invalid',
          impactStatementWanted: false,
          referralConsent: false,
        },
      },
      { sub: `bench-business-user-${i % creators.length}`, role: 'business', business_id: businessId },
    );
    references.push(data.reportBusinessCrime.crimeReport.reference);
  }))!;
  const numbers = references.map((r) => ({ prefix: r.slice(0, 7), n: Number(r.slice(7)) })).sort((a, b) => a.n - b.n);
  const onePrefix = new Set(numbers.map((r) => r.prefix)).size === 1;
  const consecutive = onePrefix && numbers.every((r, i) => i === 0 || r.n === numbers[i - 1]!.n + 1);
  const first = references.length ? `${numbers[0]!.prefix}${String(numbers[0]!.n).padStart(6, '0')}` : '-';
  const last = references.length ? `${numbers.at(-1)!.prefix}${String(numbers.at(-1)!.n).padStart(6, '0')}` : '-';
  // The references include those of the (up to 3) warm-up reports, filed one at a time just before.
  return `report creation: ${summary.n} reports by ${concurrency} clients at ${summary.throughput.toFixed(1)} reports/s; all ${references.length} references (warm-up included) consecutive: ${consecutive ? 'yes' : 'no'} (${first} … ${last})`;
}

console.log(machineLine());
console.log(`scale ${scale}: PostgreSQL server ${new URL(serverUrl).host}, databases ${prefix}_*`);
const started = performance.now();
const data = from ? await copyScaleData({ serverUrl, prefix, from, scale }) : await loadScaleData({ serverUrl, prefix, scale });
console.log(`${from ? `copied from ${from}_*` : 'loaded'} in ${seconds(performance.now() - started)}`);
console.log(`loaded rows: ${JSON.stringify(data.loaded)}`);
const loaded = data.loaded;
const dataLine =
  `data: ${thousands(loaded.police.CrimeReport!)} crime reports (${thousands(loaded.police.CrimeReportUpdate!)} timeline entries), ` +
  `${thousands(loaded.support.Business!)} businesses, ${thousands(loaded.support.Enquiry!)} enquiries, ${thousands(loaded.cyber.TrainingSession!)} sessions, ` +
  `${thousands(loaded.cyber.Booking!)} bookings, ${thousands(loaded.victims.Referral!)} referrals`;
let hub: Hub | undefined;
let creationLine: string | undefined;
try {
  const setup = await setUp(data.urls, data.counts.reports);
  const version = (await query<{ server_version: string }>(data.urls.police, 'SHOW server_version'))[0]?.server_version;
  const hubStart = performance.now();
  hub = await startHub('postgres', { ...tokens.gatewayEnv, RATE_LIMIT_MAX: '1000000', SUBGRAPH_TIMEOUT_MS: '10000' }, { SEED_DEMO_DATA: 'false' }, { databaseUrls: data.urls });
  console.log(`hub started on the loaded databases (PostgreSQL ${version}) in ${seconds(performance.now() - hubStart)}`);
  const url = hub.gateway.url;
  meter = cpuMeter({ gateway: hub.gateway.pid, ...Object.fromEntries(Object.entries(hub.subgraphs).map(([name, subgraph]) => [name, subgraph.pid])) });

  await measure('help (anonymous)', requests, 1, (i) => send(url, 'help', helpQuery, helpQuestions[i % helpQuestions.length]));
  await measureStatistics(url);

  // Figures narrowed by a filter on another dimension than their grouping (which the kept figures cannot answer).
  const crimeStatistics = savedOperation('analyst', 'CrimeStatistics');
  const narrowed: [measure: string, groupBy: string, filter: Record<string, unknown>, says: string][] = [
    ['REPORTS', 'DISTRICT', { crimeTypes: [setup.topCrimeType] }, setup.topCrimeType],
    ['REPORTS', 'MONTH', { districts: ['E07000197'], crimeTypes: [setup.topCrimeType] }, `E07000197 and ${setup.topCrimeType}`],
    ['REPORTS', 'OUTCOME', { sectors: ['RETAIL'] }, 'RETAIL'],
    ['DAYS_TO_FIRST_UPDATE', 'CRIME_TYPE', { districts: ['E07000197'] }, 'E07000197'],
    ['REPEAT_VICTIMS', 'DISTRICT', { crimeTypes: [setup.topCrimeType] }, setup.topCrimeType],
  ];
  for (const [measureName, groupBy, filter, says] of narrowed) {
    const label = `crimeStatistics ${measureName} by ${groupBy}, only ${says}`;
    await measure(label, statisticsRequests, 1, () => send(url, label, crimeStatistics, { measure: measureName, groupBy, filter }, analyst));
  }

  const workList = savedOperation('police', 'CrimeReportWorkList');
  const list = (label: string, variables: Record<string, unknown>) => () => send(url, label, workList, { first: 20, ...variables }, police);
  await measure('police list, first page (20)', requests, 1, list('first page', {}));
  await measure(`police list, page ${thousands(setup.deepDepth)} deep`, requests, 1, list('deep page', { after: setup.deepCursor }));
  await measure('police list, district E07000197', requests, 1, list('district', { filter: { district: ['E07000197'] } }));
  await measure(`police list, crime type ${setup.topCrimeType}`, requests, 1, list('crime type', { filter: { crimeType: [setup.topCrimeType] } }));
  await measure('police list, status UNDER_INVESTIGATION', requests, 1, list('status', { filter: { status: ['UNDER_INVESTIGATION'] } }));
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  await measure('police list, reported in the last 30 days', requests, 1, list('period', { filter: { reportedAt: { from: monthAgo } } }));
  await measure(`police list, first page, ${concurrency} clients`, requests * 2, concurrency, list('first page', {}));
  await measure('police, 50 reports with timelines', Math.max(1, Math.ceil(requests / 3)), 1, () => send(url, 'timelines', reportsWithTimelines, { first: 50 }, police));

  const business: TokenClaims = { sub: 'bench-business-user', role: 'business', business_id: setup.topBusiness.id };
  const myReports = savedOperation('business', 'MyCrimeReports');
  await measure(`business's own reports (${thousands(setup.topBusiness.reports)})`, requests, 1, () => send(url, 'me.crimeReports', myReports, {}, business));

  const referralsPartner: TokenClaims = { sub: 'bench-partner-victims', role: 'partner', org_id: setup.referralsPartner.org };
  const referrals = savedOperation('partner', 'Referrals');
  await measure(`partner's referrals (${thousands(setup.referralsPartner.referrals)})`, requests, 1, () => send(url, 'referrals', referrals, {}, referralsPartner));

  const enquiriesPartner: TokenClaims = { sub: 'bench-partner-support', role: 'partner', org_id: setup.enquiriesPartner.org };
  const enquiries = savedOperation('partner', 'OrganizationEnquiries');
  await measure(`partner's enquiries (${thousands(setup.enquiriesPartner.enquiries)})`, requests, 1, () => send(url, 'enquiries', enquiries, {}, enquiriesPartner));

  const sessionPartner: TokenClaims = { sub: 'bench-partner-cyber', role: 'partner', org_id: setup.busiestSession.provider };
  const bookings = savedOperation('partner', 'SessionBookings');
  await measure(`partner's session bookings (${thousands(setup.busiestSession.bookings)})`, requests, 1, () =>
    send(url, 'session bookings', bookings, { sessionId: setup.busiestSession.id }, sessionPartner),
  );

  creationLine = await measureCreation(url, setup.creators);
  console.log(creationLine);
} finally {
  await hub?.stop();
  if (!keepDatabases) await data.drop();
}

console.log(`\n${machineLine()}\n${dataLine}\n`);
console.log(reportTable(summaries));
console.log(`\n${creationLine ?? ''}`);
console.log(`total ${seconds(performance.now() - started)}${keepDatabases ? `; databases kept: ${prefix}_*` : ''}`);
