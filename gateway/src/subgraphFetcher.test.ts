// The gateway's subgraph fetcher keeps each request's deadline: it sends nothing once the deadline
// has passed, aborts a request in flight when it passes (sooner than SUBGRAPH_TIMEOUT_MS when the
// deadline comes first), and forwards the deadline to the subgraph. Against a real HTTP server in
// this process that answers, or never answers. Identical queries in flight are sent once, for the
// same caller only, against a server that holds its answers until the test releases them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anonymous, deadlineHeader, encodeIdentity, MemoryNonceStore, registerMetrics, signingHeaders, verifySignedRequest, type Registry, type SigningConfig } from '@crimehub/common';
import Fastify from 'fastify';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuitBreaker.ts';
import { registerGatewayMetrics, type SubgraphMetrics } from './gatewayMetrics.ts';
import { answerPath, isQuery } from './subgraphDataSource.ts';
import { createSubgraphFetcher, responsePathHeader, shareableHeader } from './subgraphFetcher.ts';

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

describe('identical requests in flight (SUBGRAPH_DEDUP)', () => {
  // A subgraph that holds every request until told to answer, and checks each signature and nonce.
  let held: { headers: http.IncomingHttpHeaders; body: string; respond: (status: number, body: string) => void; hangUp: () => void }[] = [];
  const nonces = new MemoryNonceStore();
  let refused = 0;
  const slow = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      verifySignedRequest(signing, nonces, { audience: 'support', method: 'POST', path: '/graphql' }, request.headers, body).catch(() => refused++);
      held.push({
        headers: request.headers,
        body,
        respond: (status, answer) => void response.writeHead(status, { 'content-type': 'application/json' }).end(answer),
        hangUp: () => request.socket.destroy(),
      });
    });
  });
  let slowUrl: string;
  let registry: Registry;
  let metrics: SubgraphMetrics;

  beforeAll(async () => {
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  });
  beforeEach(() => {
    held = [];
    refused = 0;
    registry = registerMetrics(Fastify({ logger: false }), 'gateway', { token: undefined });
    metrics = registerGatewayMetrics(registry, { mode: 'off', byHash: new Map(), size: 0 }, new Map()).subgraphs;
  });

  const anne = encodeIdentity({ kind: 'user', subject: 'anne', role: 'business' });
  const bob = encodeIdentity({ kind: 'user', subject: 'bob', role: 'business' });
  const query = '{"query":"query H__support__0{ help { title } }","variables":{"code":"shoplifting"}}';

  function fetcherFor(dedup = true) {
    const fetcher = createSubgraphFetcher('support', 10_000, log, signing, { metrics }, { dedup });
    return (options: { identity?: string; body?: string; shareable?: boolean; path?: (string | number)[]; deadline?: number } = {}) =>
      fetcher(slowUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [signingHeaders.identity]: options.identity ?? anne,
          ...(options.shareable === false ? {} : { [shareableHeader]: '1' }),
          ...(options.path ? { [responsePathHeader]: JSON.stringify(options.path) } : {}),
          ...(options.deadline === undefined ? {} : { [deadlineHeader]: String(options.deadline) }),
        },
        body: options.body ?? query,
      }) as unknown as Promise<Response>;
  }
  const deduplicated = async () => (await registry.getSingleMetric('gateway_subgraph_requests_deduplicated_total')!.get()).values.find((value) => value.labels.subgraph === 'support')?.value ?? 0;

  it('sends an identical query from the same caller once, and gives every waiter the answer', async () => {
    const send = fetcherFor();
    const answers = [send(), send(), send()];
    await expect.poll(() => held.length).toBe(1);
    held[0]!.respond(200, '{"data":{"help":{"title":"Lock up"}}}');
    for (const answer of await Promise.all(answers)) expect(await answer.json()).toEqual({ data: { help: { title: 'Lock up' } } });
    expect(held).toHaveLength(1);
    // The one request sent carried a valid signature and a fresh nonce; the subgraph did not refuse it.
    expect(held[0]!.headers[signingHeaders.nonce]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(held[0]!.headers[shareableHeader]).toBeUndefined();
    await expect.poll(() => nonces.size).toBe(1);
    expect(refused).toBe(0);
    expect(await deduplicated()).toBe(2);
  });

  it('keeps nothing once the answer has come: the same query later is sent again', async () => {
    const send = fetcherFor();
    const first = send();
    await expect.poll(() => held.length).toBe(1);
    held[0]!.respond(200, '{"data":{"n":1}}');
    expect(await (await first).json()).toEqual({ data: { n: 1 } });
    const second = send();
    await expect.poll(() => held.length).toBe(2);
    held[1]!.respond(200, '{"data":{"n":2}}');
    expect(await (await second).json()).toEqual({ data: { n: 2 } });
    expect(await deduplicated()).toBe(0);
  });

  it('never shares between two callers, two bodies, a request not marked shareable (a mutation), or with SUBGRAPH_DEDUP=false', async () => {
    const send = fetcherFor();
    const answers = [
      send({ identity: anne }),
      send({ identity: bob }),
      send({ identity: encodeIdentity(anonymous) }),
      send({ body: query.replace('shoplifting', 'burglary') }),
      send({ shareable: false }),
      send({ shareable: false }),
      fetcherFor(false)(),
    ];
    await expect.poll(() => held.length).toBe(7);
    for (const request of held) request.respond(200, JSON.stringify({ data: { identity: request.headers[signingHeaders.identity] } }));
    const identities = await Promise.all(answers.map(async (answer) => ((await (await answer).json()) as { data: { identity: string } }).data.identity));
    expect(identities.slice(0, 3)).toEqual([anne, bob, encodeIdentity(anonymous)]);
    expect(await deduplicated()).toBe(0);
  });

  it('gives every waiter the error of the one request, each with its own path', async () => {
    const send = fetcherFor();
    const answers = [send({ path: ['help', 'trainingSessions'] }), send({ path: ['other', 'trainingSessions'] })];
    await expect.poll(() => held.length).toBe(1);
    held[0]!.hangUp();
    const [first, second] = await Promise.all(answers.map(failure));
    expect(first!.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'support' });
    expect(second!.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'support' });
    expect(first!.path).toEqual(['help', 'trainingSessions']);
    expect(second!.path).toEqual(['other', 'trainingSessions']);
    expect(second!.message).toBe(first!.message);
    expect(held).toHaveLength(1);
  });

  it('stops a waiter at its own deadline, while the shared request goes on for the others', async () => {
    const send = fetcherFor();
    const patient = send();
    await expect.poll(() => held.length).toBe(1);
    const hurried = await failure(send({ deadline: Date.now() + 50, path: ['help'] }));
    expect(hurried.extensions).toEqual({ code: 'DEADLINE_EXCEEDED', serviceName: 'support' });
    expect(hurried.path).toEqual(['help']);
    held[0]!.respond(200, '{"data":{"ok":true}}');
    expect(await (await patient).json()).toEqual({ data: { ok: true } });
  });
});

describe('which subgraph calls may be shared', () => {
  it('is a query, never a mutation', () => {
    expect(isQuery(parse('query H__support__0 { help { title } }'))).toBe(true);
    expect(isQuery(parse('{ crimeTypes { code } }'))).toBe(true);
    expect(isQuery(parse('mutation R__police__0 { reportCrime(input: {}) { reference } }'))).toBe(false);
  });
});
