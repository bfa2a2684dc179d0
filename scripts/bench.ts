// `npm run bench`: starts the whole hub on fresh in-memory databases and measures help answers
// through the gateway — one client at a time, then several at once — and the web service's
// answer page (GET /find-help/answer?…, which asks the gateway for HelpAdvice and renders it),
// and prints the figures with the machine they ran on. Request loops are bounded and go to
// 127.0.0.1 only.
import { performance } from 'node:perf_hooks';
import { graphql, helpQuery } from '../tests/utils/graphql.ts';
import { startHub, startProcess } from '../tests/utils/processes.ts';
import { answersQuery } from '../web/src/findHelp.ts';
import { helpQuestions, machineLine, reportLine, summarize } from './benchReport.ts';

const sequentialRequests = Number(process.env.BENCH_REQUESTS ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function timedHelp(url: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await graphql(url, helpQuery, helpQuestions[i % helpQuestions.length]);
  if (response.errors) throw new Error(`help failed: ${JSON.stringify(response.errors)}`);
  return performance.now() - start;
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
const hub = await startHub('pglite', { RATE_LIMIT_MAX: '1000000' });
console.log(`hub started (4 subgraphs on in-memory PGlite + gateway) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
try {
  for (let i = 0; i < 25; i++) await timedHelp(hub.gateway.url, i); // warm-up: JIT, query plans, PGlite caches

  let wall = performance.now();
  const sequential: number[] = [];
  for (let i = 0; i < sequentialRequests; i++) sequential.push(await timedHelp(hub.gateway.url, i));
  console.log(reportLine(summarize('help, 1 client', sequential, performance.now() - wall)));

  wall = performance.now();
  const concurrent: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sequentialRequests) concurrent.push(await timedHelp(hub.gateway.url, next++));
    }),
  );
  console.log(reportLine(summarize(`help, ${concurrency} clients`, concurrent, performance.now() - wall)));

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
