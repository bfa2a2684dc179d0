// The gateway's subgraph fetcher keeps each request's deadline: it sends nothing once the deadline
// has passed, aborts a request in flight when it passes (sooner than SUBGRAPH_TIMEOUT_MS when the
// deadline comes first), and forwards the deadline to the subgraph. Against a real HTTP server in
// this process that answers, or never answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deadlineHeader, type SigningConfig } from '@crimehub/common';
import Fastify from 'fastify';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuitBreaker.ts';
import { answerPath } from './subgraphDataSource.ts';
import { createSubgraphFetcher, responsePathHeader } from './subgraphFetcher.ts';

const signing: SigningConfig = { secret: 'fetcher-test-secret-0123456789abcdefghijkl', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const log = Fastify({ logger: { level: 'silent' } }).log;

let received: http.IncomingHttpHeaders[] = [];
let hungUp = 0;
let answer = true;
const server = http.createServer((request, response) => {
  received.push(request.headers);
  if (answer) return void response.setHeader('content-type', 'application/json').end('{"data":{"ok":true}}');
  // Never answers: a subgraph stopped mid-request.
  response.on('close', () => hungUp++);
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  hungUp = 0;
  answer = true;
});

const call = (timeoutMs: number, deadline: number | undefined, path?: (string | number)[]) =>
  createSubgraphFetcher(
    'cyber',
    timeoutMs,
    log,
    signing,
  )(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(deadline === undefined ? {} : { [deadlineHeader]: String(deadline) }),
      ...(path ? { [responsePathHeader]: JSON.stringify(path) } : {}),
    },
    body: '{"query":"{ ok }"}',
  }) as unknown as Promise<Response>;

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { message: string; path?: readonly (string | number)[]; extensions: Record<string, unknown> };
  }
  throw new Error('the fetch did not fail');
};

describe('the subgraph fetcher', () => {
  it('forwards the deadline to the subgraph, and keeps the gateway-internal path header to itself', async () => {
    const deadline = Date.now() + 10_000;
    const response = await call(10_000, deadline, ['help', 'trainingSessions']);
    expect(await response.json()).toEqual({ data: { ok: true } });
    expect(received).toHaveLength(1);
    expect(received[0]![deadlineHeader]).toBe(String(deadline));
    expect(received[0]![responsePathHeader]).toBeUndefined();
  });

  it('sends nothing once the deadline has passed, and names the missing path', async () => {
    const error = await failure(call(10_000, Date.now() - 1, ['help', 'trainingSessions']));
    expect(error.extensions).toEqual({ code: 'DEADLINE_EXCEEDED', serviceName: 'cyber' });
    expect(error.path).toEqual(['help', 'trainingSessions']);
    expect(received).toHaveLength(0);
  });

  it('aborts a request in flight when the deadline passes, long before SUBGRAPH_TIMEOUT_MS', async () => {
    answer = false;
    const started = performance.now();
    const error = await failure(call(30_000, Date.now() + 300));
    const elapsed = performance.now() - started;
    console.log(`in-flight request aborted at the deadline after ${Math.round(elapsed)} ms`);
    expect(error.extensions).toEqual({ code: 'DEADLINE_EXCEEDED', serviceName: 'cyber' });
    expect(error.message).toMatch(/deadline/);
    expect(elapsed).toBeLessThan(5_000);
    // The subgraph sees the gateway hang up.
    await expect.poll(() => hungUp).toBe(1);
  });

  it('gives SUBGRAPH_UNAVAILABLE when SUBGRAPH_TIMEOUT_MS comes before the deadline', async () => {
    answer = false;
    const error = await failure(call(300, Date.now() + 30_000));
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cyber' });
    expect(error.message).toMatch(/did not answer within 300 ms/);
  });
});

describe('the subgraph fetcher with a circuit breaker', () => {
  it('stops calling a subgraph that keeps failing, answers SUBGRAPH_UNAVAILABLE at once, and calls it again after the cool-down', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 });
    const fetcher = createSubgraphFetcher('cyber', 300, log, signing, { breaker });
    const fetch = () => fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ ok }"}' }) as unknown as Promise<Response>;
    answer = false;
    for (let i = 0; i < 2; i++) expect((await failure(fetch())).message).toMatch(/did not answer within 300 ms/);
    expect(received).toHaveLength(2);
    const skipped = await failure(fetch());
    expect(skipped.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cyber' });
    expect(skipped.message).toMatch(/has been failing, so the hub is not asking it until/);
    // Nothing was sent: the subgraph was skipped, not waited for.
    expect(received).toHaveLength(2);
    answer = true;
    await expect.poll(() => breaker.state, { timeout: 5_000 }).toBe('half-open');
    expect(await (await fetch()).json()).toEqual({ data: { ok: true } });
    expect(received).toHaveLength(3);
    expect(breaker.state).toBe('closed');
  });
});

describe('where a subgraph call puts its data', () => {
  it('is the plan path and the one field an entity or root call fetches; up to the first list otherwise', () => {
    const entities = parse('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Help { __typename trainingSessions { title } } } }');
    expect(answerPath(['help'], entities)).toEqual(['help', 'trainingSessions']);
    expect(answerPath([], parse('{ help(crimeType: "x") { __typename crimeType { code } } }'))).toEqual(['help']);
    expect(answerPath([], parse('{ a: crimeTypes { code } districts { code } }'))).toBeUndefined();
    expect(answerPath(['help', 'supportOffers', '@', 'provider'], entities)).toEqual(['help', 'supportOffers']);
    expect(answerPath(undefined, entities)).toBeUndefined();
  });
});
