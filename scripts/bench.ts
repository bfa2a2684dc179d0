// `npm run bench`: starts the whole hub on fresh in-memory databases and measures help answers
// through the gateway — one client at a time, then several at once — and the web service's
// answer page (GET /find-help/answer?…, which asks the gateway for HelpAdvice and renders it),
// and prints the figures with the machine they ran on. Also: every client asking the same question
// at once (where deduplicating identical subgraph requests pays; SUBGRAPH_DEDUP=false in the
// environment turns it off for a run to compare), help by GET with its persisted query hash (as
// a browser or CDN sends it), and that GET revalidated with its ETag (304). Request loops are bounded and go to
// 127.0.0.1 only. Then the peers' table (benchPeers.ts): the hub, cached and not, against Hive Gateway
// (with and without its Rust planner) and plain Fastify answering the same bytes.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { graphql, helpQuery } from '../tests/utils/graphql.ts';
import { startHub, startProcess } from '../tests/utils/processes.ts';
import { answersQuery } from '../web/src/findHelp.ts';
import { helpQuestions, machineLine, reportLine, summarize } from './benchReport.ts';
import { benchPeers } from './benchPeers.ts';

const sequentialRequests = Number(process.env.BENCH_REQUESTS ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function timedHelp(url: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await graphql(url, helpQuery, helpQuestions[i % helpQuestions.length]);
  if (response.errors) throw new Error(`help failed: ${JSON.stringify(response.errors)}`);
  return performance.now() - start;
}

const helpHash = createHash('sha256').update(helpQuery).digest('hex');
const persistedQuery = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: helpHash } }));
const helpByGet = (url: string, i: number, withQuery = false) =>
  `${url}?extensions=${persistedQuery}&variables=${encodeURIComponent(JSON.stringify(helpQuestions[i % helpQuestions.length]))}${withQuery ? `&query=${encodeURIComponent(helpQuery)}` : ''}`;
/** What the last GET answered: its ETag, for the revalidation round. */
const etags = new Map<number, string>();

/** Help by GET with the persisted query's hash only (registered first); the answer must be public and carry an ETag. */
async function timedHelpGet(url: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await fetch(helpByGet(url, i), { headers: { 'apollo-require-preflight': 'true' } });
  const body = (await response.json()) as { errors?: unknown };
  if (response.status !== 200 || body.errors) throw new Error(`help by GET failed: ${response.status} ${JSON.stringify(body.errors)}`);
  const etag = response.headers.get('etag');
  if (!response.headers.get('cache-control')?.startsWith('public') || !etag) throw new Error(`help by GET is not cacheable: ${response.headers.get('cache-control')}`);
  etags.set(i % helpQuestions.length, etag);
  return performance.now() - start;
}

const metricsToken = 'bench-metrics-token-0123456789abcdef';

/** How many subgraph requests the gateway has sent, and how many it did not send because an identical one was in flight. */
async function subgraphRequestCounts(gatewayUrl: string): Promise<{ sent: number; deduplicated: number }> {
  const response = await fetch(new URL('/metrics', gatewayUrl), { headers: { authorization: `Bearer ${metricsToken}` } });
  const text = await response.text();
  const sum = (name: string) => [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\d+)$`, 'gm'))].reduce((total, [, value]) => total + Number(value), 0);
  return { sent: sum('gateway_subgraph_requests_total'), deduplicated: sum('gateway_subgraph_requests_deduplicated_total') };
}

/** Revalidations answered with the whole answer rather than 304, and the first such answer. */
const notRevalidated = { count: 0, first: '' };

/** The same GET with the ETag it answered last: 304, no body (the whole answer is counted, and the first shown). */
async function timedHelpRevalidation(url: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await fetch(helpByGet(url, i), { headers: { 'apollo-require-preflight': 'true', 'if-none-match': etags.get(i % helpQuestions.length) ?? '' } });
  const body = await response.text();
  if (response.status !== 304) {
    if (notRevalidated.count++ === 0) notRevalidated.first = `${response.status} (${response.headers.get('cache-control')}, ETag ${response.headers.get('etag')}): ${body.slice(0, 400)}`;
  }
  return performance.now() - start;
}

/** `requests` calls of `call` from `clients` clients at once, summarized as `label`. */
async function concurrently(label: string, clients: number, call: (i: number) => Promise<number>): Promise<void> {
  const wall = performance.now();
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < sequentialRequests) times.push(await call(next++));
    }),
  );
  console.log(reportLine(summarize(label, times, performance.now() - wall)));
}

/** The answer page's address for each bench question, the urgency in turn. */
const answerPaths = helpQuestions.map((question, i) => {
  const { business } = question;
  const answers = { crimeType: question.crimeType, sector: business.sector, size: business.size, urgency: (['NON_EMERGENCY', 'URGENT', 'EMERGENCY'] as const)[i % 3] };
  return `/find-help/answer?${answersQuery({ ...answers, ...('postcode' in business ? { postcode: business.postcode } : { district: business.district }) } as Parameters<typeof answersQuery>[0])}`;
});

/** The answer page's own time split, from its Server-Timing header: waiting for the gateway, and rendering. */
const pageParts = { gateway: [] as number[], render: [] as number[] };

async function timedAnswerPage(webUrl: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await fetch(new URL(answerPaths[i % answerPaths.length]!, webUrl));
  const html = await response.text();
  if (response.status !== 200 || !html.includes('Train your staff')) throw new Error(`the answer page failed: ${response.status}`);
  const elapsed = performance.now() - start;
  for (const [, name, ms] of (response.headers.get('server-timing') ?? '').matchAll(/(gateway|render);dur=([\d.]+)/g)) pageParts[name as 'gateway' | 'render'].push(Number(ms));
  return elapsed;
}

console.log(machineLine());
const startedAt = performance.now();
// One client sends far more than the default 300 requests a minute: lift the limit for the bench.
const dedup = process.env.SUBGRAPH_DEDUP ?? 'true';
// The response cache is off here: these lines measure answers worked out (the peers' table below has the cached ones).
const hub = await startHub('pglite', { RATE_LIMIT_MAX: '1000000', SUBGRAPH_DEDUP: dedup, METRICS_TOKEN: metricsToken, RESPONSE_CACHE_MAX_BYTES: '0' });
console.log(`hub started (4 subgraphs on in-memory PGlite + gateway, SUBGRAPH_DEDUP=${dedup}, response cache off) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
try {
  for (let i = 0; i < 25; i++) await timedHelp(hub.gateway.url, i); // warm-up: JIT, query plans, PGlite caches

  let wall = performance.now();
  const sequential: number[] = [];
  for (let i = 0; i < sequentialRequests; i++) sequential.push(await timedHelp(hub.gateway.url, i));
  console.log(reportLine(summarize('help, 1 client', sequential, performance.now() - wall)));

  await concurrently(`help, ${concurrency} clients`, concurrency, (i) => timedHelp(hub.gateway.url, i));
  const before = await subgraphRequestCounts(hub.gateway.url);
  await concurrently(`help, ${concurrency} clients, 1 question`, concurrency, () => timedHelp(hub.gateway.url, 0));
  const after = await subgraphRequestCounts(hub.gateway.url);
  const [sent, shared] = [after.sent - before.sent, after.deduplicated - before.deduplicated];
  console.log(`  subgraph requests: ${sent} sent, ${shared} not sent (deduplicated): ${((100 * shared) / Math.max(1, sent + shared)).toFixed(0)}% saved`);
  // Register the persisted query once, then send only its hash.
  const registered = await fetch(helpByGet(hub.gateway.url, 0, true), { headers: { 'apollo-require-preflight': 'true' } });
  if (registered.status !== 200) throw new Error(`registering the help query as a persisted query failed: ${registered.status}`);
  await concurrently(`help by GET (APQ), ${concurrency} clients`, concurrency, (i) => timedHelpGet(hub.gateway.url, i));
  await concurrently(`  revalidated (304), ${concurrency} clients`, concurrency, (i) => timedHelpRevalidation(hub.gateway.url, i));
  if (notRevalidated.count > 0) console.log(`  ${notRevalidated.count} of ${sequentialRequests} revalidations answered in full; the first: ${notRevalidated.first}`);

  // The web service's answer page, through the gateway: its server time (target p95 < 150 ms).
  const web = await startProcess('web', 'web/src/main.ts', { GATEWAY_URL: hub.gateway.url });
  try {
    for (let i = 0; i < 25; i++) await timedAnswerPage(web.url, i);
    pageParts.gateway.length = pageParts.render.length = 0;
    wall = performance.now();
    const pages: number[] = [];
    for (let i = 0; i < sequentialRequests; i++) pages.push(await timedAnswerPage(web.url, i));
    const pagesWall = performance.now() - wall;
    console.log(reportLine(summarize('web answer page, 1 client', pages, pagesWall)));
    console.log(reportLine(summarize('  of which gateway', pageParts.gateway, pagesWall)));
    console.log(reportLine(summarize('  of which rendering', pageParts.render, pagesWall)));
  } finally {
    await web.stop();
  }
} finally {
  await hub.stop();
}

// The hub against the gateways a partner might pick instead, from the same run (benchPeers.ts);
// BENCH_PEERS=false leaves it out.
if (process.env.BENCH_PEERS !== 'false') {
  console.log('');
  await benchPeers();
}
