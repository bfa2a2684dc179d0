// `npm run bench`: starts the whole hub on fresh in-memory databases and measures help answers
// through the gateway — one client at a time, then several at once — and prints the figures
// with the machine they ran on. Request loops are bounded and go to 127.0.0.1 only.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { graphql, helpQuery } from '../tests/utils/graphql.ts';
import { startHub } from '../tests/utils/processes.ts';

const questions = [
  { crimeType: 'cyber-ransomware', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } },
  { crimeType: 'shoplifting', business: { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' } },
  { crimeType: 'farm-machinery-theft', business: { district: 'E07000198', sector: 'AGRICULTURE', size: 'MICRO', rural: true } },
  { crimeType: 'payment-diversion-fraud', business: { postcode: 'ST5 1AA', sector: 'PROFESSIONAL_SERVICES', size: 'MEDIUM' } },
  { crimeType: 'violent-crime', business: { district: 'E06000021', sector: 'HOSPITALITY', size: 'SMALL' } },
];

const sequentialRequests = Number(process.env.BENCH_REQUESTS ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timedHelp(url: string, i: number): Promise<number> {
  const start = performance.now();
  const response = await graphql(url, helpQuery, questions[i % questions.length]);
  if (response.errors) throw new Error(`help failed: ${JSON.stringify(response.errors)}`);
  return performance.now() - start;
}

function report(label: string, latencies: number[], wallMs: number): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  console.log(
    `${label.padEnd(28)} n=${String(sorted.length).padStart(4)}  mean ${mean.toFixed(1)} ms  p50 ${percentile(sorted, 50).toFixed(1)} ms  ` +
      `p95 ${percentile(sorted, 95).toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  throughput ${((sorted.length / wallMs) * 1000).toFixed(1)} req/s`,
  );
}

const cpu = os.cpus();
console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
const startedAt = performance.now();
// One client sends far more than the default 300 requests a minute: lift the limit for the bench.
const hub = await startHub('pglite', { RATE_LIMIT_MAX: '1000000' });
console.log(`hub started (4 subgraphs on in-memory PGlite + gateway) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
try {
  for (let i = 0; i < 25; i++) await timedHelp(hub.gateway.url, i); // warm-up: JIT, query plans, PGlite caches

  let wall = performance.now();
  const sequential: number[] = [];
  for (let i = 0; i < sequentialRequests; i++) sequential.push(await timedHelp(hub.gateway.url, i));
  report('help, 1 client', sequential, performance.now() - wall);

  wall = performance.now();
  const concurrent: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sequentialRequests) concurrent.push(await timedHelp(hub.gateway.url, next++));
    }),
  );
  report(`help, ${concurrency} clients`, concurrent, performance.now() - wall);
} finally {
  await hub.stop();
}
