// `npm run bench:peers` (and the end of `npm run bench`): the hub's gateway against the gateways a
// partner might pick instead, side by side in one run on this machine, over the same four
// subgraphs on in-memory PGlite, asking the help question of the README (the bench questions in
// turn, scripts/benchReport.ts):
//   hub           the hub's gateway with its response cache off: every answer is worked out
//   hub, cached   a second hub gateway with the response cache on (the default)
//   Hive Gateway  @graphql-hive/gateway-runtime (the engine of Hive Gateway 2.15) with a plugin
//                 that signs subgraph requests exactly as the hub does (scripts/peers/hive.ts)
//   … Rust planner the same with Hive's Rust query planner (@graphql-hive/router-runtime)
//   plain Fastify  the exact bytes of the hub's answer from a bare Fastify route: the ceiling
// at 1, 10 and 50 clients (keep-alive connections from autocannon, in this process: it shares the
// machine's two cores with the servers, as every peer does), 3 rounds interleaved (every peer at
// every client count, then again), each `BENCH_PEERS_SECONDS` long after a warm-up. Prints the
// medians of the rounds — requests a second and p99 latency — and the CPU each process used per
// request at 1 and 10 clients. A peer whose package is not installed is skipped
// and said so; any answer that is not a 200, or that differs from the hub's before the run, fails
// the benchmark. Only 127.0.0.1; every loop is bounded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { graphql, helpQuery } from '../tests/utils/graphql.ts';
import { startHub, startProcess, type Running } from '../tests/utils/processes.ts';
import { cpuMeter, helpQuestions, machineLine } from './benchReport.ts';

const seconds = Number(process.env.BENCH_PEERS_SECONDS ?? 5);
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) throw new Error(`BENCH_PEERS_SECONDS must be a whole number from 1 to 60, got ${process.env.BENCH_PEERS_SECONDS}`);
const rounds = 3;
const clientCounts = [1, 10, 50] as const;

/** Whether an npm package can be loaded from here (the peers are development dependencies). */
function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

interface Peer {
  label: string;
  url: string;
  /** The processes whose CPU a request costs, by name. */
  processes: Record<string, number>;
}

interface Run {
  rps: number;
  p99: number;
  cpu?: string;
}

const bodies = helpQuestions.map((variables) => JSON.stringify({ query: helpQuery, variables }));

/** `clients` keep-alive connections sending the help questions in turn for `seconds`; refuses any answer but 200. */
async function load(peer: Peer, clients: number, duration: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url: peer.url,
    connections: clients,
    duration,
    requests: bodies.map((body) => ({ method: 'POST', path: new URL(peer.url).pathname, headers: { 'content-type': 'application/json' }, body })),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${peer.label} at ${clients} clients: ${result.non2xx} answers not 200, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rpsText = (rps: number) => `${Math.round(rps).toLocaleString('en-GB')} rps`;

export async function benchPeers(): Promise<void> {
  const started: Running[] = [];
  const workDir = await mkdtemp(path.join(tmpdir(), 'bench-peers-'));
  // The comparison is of worked-out answers: this hub's gateway keeps none.
  const hub = await startHub('pglite', { RATE_LIMIT_MAX: '1000000', RESPONSE_CACHE_MAX_BYTES: '0' });
  try {
    const subgraphPids = Object.fromEntries(Object.values(hub.subgraphs).map((subgraph) => [subgraph.name, subgraph.pid]));
    const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    const peers: Peer[] = [{ label: 'hub', url: hub.gateway.url, processes: { gateway: hub.gateway.pid, ...subgraphPids } }];
    const skipped: string[] = [];

    const cached = await startProcess('gateway-cached', 'gateway/src/main.ts', { ...subgraphUrls, RATE_LIMIT_MAX: '1000000' });
    started.push(cached);
    peers.push({ label: 'hub, cached', url: cached.url, processes: { gateway: cached.pid, ...subgraphPids } });

    if (installed('@graphql-hive/gateway-runtime')) {
      for (const [label, planner] of [
        ['Hive Gateway', 'js'],
        ['Hive Gateway, Rust planner', 'rust'],
      ] as const) {
        if (planner === 'rust' && !installed('@graphql-hive/router-runtime')) {
          skipped.push(`${label} (@graphql-hive/router-runtime is not installed)`);
          continue;
        }
        const hive = await startProcess(`hive-${planner}`, 'scripts/peers/hive.ts', { ...subgraphUrls, HIVE_PLANNER: planner });
        started.push(hive);
        peers.push({ label, url: hive.url, processes: { gateway: hive.pid, ...subgraphPids } });
      }
    } else {
      skipped.push('Hive Gateway (@graphql-hive/gateway-runtime is not installed)');
    }

    // Every peer must give the hub's answer to every question before anything is timed.
    const answers: string[] = [];
    for (const variables of helpQuestions) {
      const answer = await graphql(hub.gateway.url, helpQuery, variables);
      if (answer.errors) throw new Error(`the hub could not answer ${JSON.stringify(variables)}: ${JSON.stringify(answer.errors)}`);
      answers.push(JSON.stringify(answer.data));
    }
    for (const peer of peers.slice(1)) {
      for (const [i, variables] of helpQuestions.entries()) {
        const answer = await graphql(peer.url, helpQuery, variables);
        if (JSON.stringify(answer.data) !== answers[i] || answer.errors)
          throw new Error(`${peer.label} answered ${JSON.stringify(variables)} differently from the hub: ${JSON.stringify(answer).slice(0, 500)}`);
      }
    }
    // The ceiling: the hub's own bytes for the first question, from a route that does nothing else.
    const answerFile = path.join(workDir, 'answer.json');
    await writeFile(answerFile, await (await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] })).text());
    const fastify = await startProcess('fastify', 'scripts/peers/fastify.ts', { ANSWER_FILE: answerFile });
    started.push(fastify);
    peers.push({ label: 'plain Fastify, same bytes', url: fastify.url, processes: { server: fastify.pid } });

    console.log(machineLine());
    console.log(`peers: ${peers.map((peer) => peer.label).join(', ')}${skipped.length ? `; skipped: ${skipped.join(', ')}` : ''}`);
    console.log(
      `rounds: ${rounds} × ${clientCounts.join('/')} clients × ${peers.length} peers, ${seconds} s each; load average at the start ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    for (const peer of peers) await load(peer, 10, 2); // warm-up: JIT, plans, caches

    const runs = new Map<string, Run[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const clients of clientCounts) {
        for (const peer of peers) {
          const meter = cpuMeter(peer.processes);
          meter.start();
          const result = await load(peer, clients, seconds);
          const run: Run = { rps: result.requests.total / result.duration, p99: result.latency.p99, cpu: meter.perRequest(result.requests.total) };
          runs.set(`${peer.label}|${clients}`, [...(runs.get(`${peer.label}|${clients}`) ?? []), run]);
          console.log(`  round ${round}, ${String(clients).padStart(2)} clients, ${peer.label.padEnd(26)} ${rpsText(run.rps).padStart(11)}  p99 ${run.p99.toFixed(0)} ms  CPU ${run.cpu}`);
        }
      }
    }

    const cell = (label: string, clients: number) => {
      const found = runs.get(`${label}|${clients}`) ?? [];
      return found.length ? `${rpsText(median(found.map((r) => r.rps)))}, p99 ${median(found.map((r) => r.p99)).toFixed(0)} ms` : '-';
    };
    console.log('');
    console.log(`| clients | ${peers.map((peer) => peer.label).join(' | ')} |`);
    console.log(`|---:|${peers.map(() => '---:').join('|')}|`);
    for (const clients of clientCounts) console.log(`| ${clients} | ${peers.map((peer) => cell(peer.label, clients)).join(' | ')} |`);
    console.log('');
    // At 1 client every subgraph request is sent; at 10, identical ones in flight are shared (both gateways deduplicate).
    for (const clients of [1, 10]) {
      console.log(`CPU per help request at ${clients} client${clients === 1 ? '' : 's'} (ms, the round with the median throughput):`);
      for (const peer of peers) {
        const found = runs.get(`${peer.label}|${clients}`) ?? [];
        const middle = [...found].sort((a, b) => a.rps - b.rps)[Math.floor(found.length / 2)];
        if (middle?.cpu) console.log(`  ${peer.label.padEnd(26)} ${middle.cpu}`);
      }
    }
  } finally {
    for (const running of started.reverse()) await running.stop();
    await hub.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await benchPeers();
