// A request's deadline end to end: with a partner's process paused (SIGSTOP, so it accepts the
// connection and never answers) and SUBGRAPH_TIMEOUT_MS far away, the gateway answers by
// REQUEST_DEADLINE_MS with the rest of the help and DEADLINE_EXCEEDED on the missing path. And the
// connection timeouts reach the real processes.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, type Backend, type Hub } from '../utils/processes.ts';

/** The database plays no part here: one backend, PostgreSQL when there is one (its subgraphs start sooner on a busy machine). */
const backend: Backend = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
const deadlineMs = 3000;
const question = { crimeType: 'cyber-phishing', business: { district: 'E07000194', sector: 'RETAIL', size: 'MICRO' } };

describe('the request deadline', () => {
  let hub: Hub;
  const paused = new Set<number>();
  const pause = (pid: number) => (process.kill(pid, 'SIGSTOP'), paused.add(pid));
  const resume = (pid: number) => (process.kill(pid, 'SIGCONT'), paused.delete(pid));

  beforeAll(async () => {
    const slowHeaders = { HEADERS_TIMEOUT_MS: '1000' };
    // No response cache: the same question is asked while a partner is paused, and an answer kept
    // from before would be served without asking anyone (responseCache.ts).
    hub = await startHub(backend, { REQUEST_DEADLINE_MS: String(deadlineMs), SUBGRAPH_TIMEOUT_MS: '60000', RESPONSE_CACHE_MAX_BYTES: '0', ...slowHeaders }, slowHeaders);
    // The first answers on a cold hub are slow on a busy machine: wait for a whole one.
    await untilWhole(hub, 60_000);
  });
  afterAll(async () => {
    for (const pid of paused) resume(pid);
    await hub?.stop();
  });

  it('answers by the deadline with what it has, and DEADLINE_EXCEEDED where a paused partner left a gap', async () => {
    pause(hub.subgraphs.cyber.pid);
    try {
      const started = performance.now();
      const response = await graphql(hub.gateway.url, helpQuery, question);
      const elapsed = Math.round(performance.now() - started);
      console.log(`answered ${elapsed} ms after the request, with a ${deadlineMs} ms deadline and the cyber subgraph paused`);
      // Without a deadline it waited for SUBGRAPH_TIMEOUT_MS (60 s here).
      expect(elapsed).toBeLessThan(deadlineMs + 5000);
      expect(response.status).toBe(200);
      expect(response.data.help.trainingSessions).toBeNull();
      expect(response.data.help.reportingRoutes.length).toBeGreaterThan(0);
      expect(response.data.help.supportOffers.length).toBeGreaterThan(0);
      expect(response.data.help.victimServices.length).toBeGreaterThan(0);
      expect(response.errors).toEqual([expect.objectContaining({ path: ['help', 'trainingSessions'], extensions: { code: 'DEADLINE_EXCEEDED', serviceName: 'cyber' } })]);
      expect(response.errors![0]!.message).toMatch(/cyber/);
    } finally {
      resume(hub.subgraphs.cyber.pid);
    }
  });

  it.each(['gateway', 'police', 'cyber'] as const)('the %s process closes a connection whose headers trickle in (HEADERS_TIMEOUT_MS)', async (name) => {
    const { port } = new URL(name === 'gateway' ? hub.gateway.url : hub.subgraphs[name].url);
    const started = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let received = '';
      const trickle = setInterval(() => socket.write('a'), 200);
      const giveUp = setTimeout(() => (socket.destroy(), reject(new Error('the connection was held open for 10 s'))), 10_000);
      socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nX-Slow: '));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => (clearInterval(trickle), clearTimeout(giveUp), resolve(received)));
    });
    console.log(`${name}: trickled headers cut off after ${Math.round(performance.now() - started)} ms`);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('answers whole again once the partner runs again', async () => {
    const response = await untilWhole(hub, 30_000);
    expect(response.data.help.trainingSessions.length).toBeGreaterThan(0);
  });
});

/** Asks the help question until an answer comes back whole; fails after `timeoutMs`. */
async function untilWhole(hub: Hub, timeoutMs: number) {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const response = await graphql(hub.gateway.url, helpQuery, question);
    if (!response.errors) return response;
    if (Date.now() > giveUpAt) throw new Error(`no whole answer within ${timeoutMs} ms: ${JSON.stringify(response.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
