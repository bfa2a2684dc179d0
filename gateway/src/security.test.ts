// Limits and hygiene at the public endpoint, in process: the real gateway, with subgraph URLs
// nothing listens on. A hostile document that got past the limits would reach the query planner
// and come back SUBGRAPH_UNAVAILABLE; every one must instead be refused quickly, with a clear
// error, while the gateway keeps answering everyone else.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvReader, repoRoot, type Identity, type Role } from '@crimehub/common';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig, type GatewayConfig } from './config.ts';
import { createGateway } from './createGateway.ts';
import { landingPage } from './landingPage.ts';
import { readSecurityConfig } from './security.ts';
import { landingPageStyleHashes } from './security/http.ts';

/** A port nothing listens on (it was free a moment ago). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Subgraph URLs nothing listens on: any query that reaches a subgraph comes back SUBGRAPH_UNAVAILABLE. */
const offline = `http://127.0.0.1:${await unusedPort()}/graphql`;
const offlineSubgraphs = { POLICE_URL: offline, SUPPORT_URL: offline, CYBER_URL: offline, VICTIMS_URL: offline };
const baseEnv = { LOG_LEVEL: 'silent', SUBGRAPH_TIMEOUT_MS: '1000', ...offlineSubgraphs };

function gatewayConfig(env: Record<string, string> = {}): GatewayConfig {
  return readGatewayConfig({ ...baseEnv, ...env });
}

/**
 * A production-mode gateway without depending on production's token and signing settings: the
 * rest of the configuration is development's; only the security settings are production's.
 * NODE_ENV is production while Apollo Server is built too, as it is in a real deployment.
 */
async function productionGateway(securityEnv: Record<string, string> = {}): Promise<FastifyInstance> {
  const read = new EnvReader({ NODE_ENV: 'production', ...securityEnv });
  const security = readSecurityConfig(read);
  read.done();
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return withTestIdentities(await createGateway({ ...gatewayConfig(), security }));
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/**
 * Test only: `x-test-role: <role>` makes the caller a signed-in user with that role, after the
 * real identity hook ran (token checks are tested with the auth code, not here).
 */
function withTestIdentities(app: FastifyInstance): FastifyInstance {
  app.addHook('onRequest', async (request) => {
    const role = request.headers['x-test-role'];
    if (typeof role === 'string') {
      const identity: Identity = { kind: 'user', subject: `test-${role}`, role: role as Role };
      request.identity = identity;
    }
  });
  return app;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Timed {
  response: LightMyRequestResponse;
  body: GraphQLBody;
  ms: number;
}

async function timed(app: FastifyInstance, options: InjectOptions): Promise<Timed> {
  const started = performance.now();
  const response = await app.inject(options);
  const ms = performance.now() - started;
  let body: GraphQLBody = {};
  try {
    body = response.json() as GraphQLBody;
  } catch {
    // not JSON: the assertions on the body will say so
  }
  return { response, body, ms };
}

function post(app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}): Promise<Timed> {
  return timed(app, {
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const codes = (body: GraphQLBody) => (body.errors ?? []).map((error) => error.extensions?.code);

/** Refused with a clear error and never sent on to a subgraph. */
function expectRefused(result: Timed, status: number, code: string, message: RegExp): void {
  expect(result.response.statusCode, result.response.body).toBe(status);
  expect(codes(result.body)).toEqual([code]);
  expect(result.body.errors?.[0]?.message).toMatch(message);
  expect(result.body.data ?? undefined).toBeUndefined();
  expect(result.response.body).not.toContain('SUBGRAPH_UNAVAILABLE');
}

/** `{ districts { policingTeams { district { policingTeams { … name } } } } }`, `depth` fields deep: valid in the schema. */
function deepQuery(depth: number): string {
  const path = ['districts'];
  for (let level = 1; level < depth - 1; level++) path.push(level % 2 === 1 ? 'policingTeams' : 'district');
  return `{ ${path.map((field) => `${field} { `).join('')}name${' }'.repeat(path.length)} }`;
}

describe('readSecurityConfig', () => {
  it('has safe defaults for development and production', () => {
    const development = readSecurityConfig(new EnvReader({}));
    expect(development).toMatchObject({
      production: false,
      maxDepth: 12,
      maxAliases: 20,
      maxTokens: 2000,
      maxCost: 5000,
      maxDirectives: 20,
      maxBodyBytes: 102_400,
      maxResponseBytes: 1_048_576,
      allowBatchedRequests: false,
      maxBatchSize: 5,
      rateLimit: { max: 300, windowMs: 60_000, redisUrl: undefined, namespace: 'bch' },
      corsOrigins: ['http://localhost:3000', 'http://localhost:5173'],
      introspection: 'on',
    });
    const production = readSecurityConfig(new EnvReader({ NODE_ENV: 'production' }));
    expect(production).toMatchObject({ production: true, corsOrigins: [], introspection: 'partners' });
  });

  it('reads every limit from the environment', () => {
    const config = readSecurityConfig(
      new EnvReader({
        MAX_DEPTH: '8',
        MAX_ALIASES: '5',
        MAX_TOKENS: '500',
        MAX_COST: '900',
        MAX_DIRECTIVES: '3',
        MAX_BODY_BYTES: '2048',
        MAX_RESPONSE_BYTES: '4096',
        ALLOW_BATCHED_REQUESTS: 'true',
        MAX_BATCH_SIZE: '3',
        RATE_LIMIT_MAX: '10',
        RATE_LIMIT_WINDOW_MS: '5000',
        REDIS_URL: 'rediss://cache.example.org:6380',
        RATE_LIMIT_NAMESPACE: 'hub-a',
        CORS_ORIGINS: 'https://app.example.org, http://localhost:8080',
        INTROSPECTION: 'off',
      }),
    );
    expect(config).toMatchObject({
      maxDepth: 8,
      maxAliases: 5,
      maxTokens: 500,
      maxCost: 900,
      maxDirectives: 3,
      maxBodyBytes: 2048,
      maxResponseBytes: 4096,
      allowBatchedRequests: true,
      maxBatchSize: 3,
      rateLimit: { max: 10, windowMs: 5000, redisUrl: 'rediss://cache.example.org:6380', namespace: 'hub-a' },
      corsOrigins: ['https://app.example.org', 'http://localhost:8080'],
      introspection: 'off',
    });
  });

  it('names every bad setting at once', () => {
    const read = new EnvReader({
      MAX_DEPTH: '0',
      MAX_TOKENS: 'many',
      ALLOW_BATCHED_REQUESTS: 'yes',
      REDIS_URL: 'http://127.0.0.1:6379',
      RATE_LIMIT_NAMESPACE: 'has space',
      CORS_ORIGINS: 'https://ok.example.org,*,https://app.example.org/path',
      INTROSPECTION: 'sometimes',
    });
    readSecurityConfig(read);
    const problems = read.problems.join('\n');
    for (const name of ['MAX_DEPTH', 'MAX_TOKENS', 'ALLOW_BATCHED_REQUESTS', 'REDIS_URL', 'RATE_LIMIT_NAMESPACE', 'INTROSPECTION']) expect(problems).toContain(name);
    expect(read.problems.filter((problem) => problem.startsWith('CORS_ORIGINS'))).toHaveLength(2);
  });
});

describe('the gateway under hostile documents', () => {
  let app: FastifyInstance;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    app = withTestIdentities(await createGateway(gatewayConfig({ CORS_ORIGINS: 'https://app.example.org' })));
    // Warm up: the first request pays for loading the gateway's schema.
    expect((await post(app, { query: '{ __typename }' })).response.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    console.info('hostile request timings (ms):', JSON.stringify(timings));
  });

  const hostile = async (name: string, send: () => Promise<Timed>): Promise<Timed> => {
    const result = await send();
    timings[name] = Math.round(result.ms);
    // A sanity bound, not a benchmark: a refusal must not cost the gateway real work.
    expect(result.ms, `${name} took ${result.ms} ms`).toBeLessThan(1000);
    return result;
  };

  it('answers a query it can answer alone', async () => {
    const { response, body } = await post(app, { query: '{ __typename }' });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses deep nesting (60 levels) with QUERY_TOO_COMPLEX before any subgraph is asked', async () => {
    const result = await hostile('depth 60', () => post(app, { query: deepQuery(60) }));
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /too complex.*depth limit of 12 exceeded/i);
    expect(result.body.errors?.[0]?.extensions?.limit).toBe('depth');
  });

  it('lets a query within the depth limit through to the subgraphs (which are down here)', async () => {
    // Proves the refusal above is the limit's doing: 12 levels is planned and sent on.
    const { response, body } = await post(app, { query: deepQuery(12) });
    expect(response.statusCode).toBe(200);
    expect(codes(body)).toContain('SUBGRAPH_UNAVAILABLE');
  });

  it('refuses an alias flood (500 aliases)', async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: code`).join(' ');
    const result = await hostile('500 aliases', () => post(app, { query: `{ districts { ${aliases} } }` }));
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /too complex.*aliases limit of 20 exceeded, found 500/i);
    expect(result.body.errors?.[0]?.extensions?.limit).toBe('aliases');
  });

  it('refuses too many directives and too costly a query', async () => {
    const directives = Array.from({ length: 30 }, () => 'code @include(if: true)').join(' ');
    expectRefused(await hostile('30 directives', () => post(app, { query: `{ districts { ${directives} } }` })), 400, 'QUERY_TOO_COMPLEX', /directives limit of 20 exceeded/i);
    // Shallow and short, but asks for 1000 sessions with nested lists: over the cost limit. A
    // connection's `first` sizes its `nodes` and `edges` (@listSize sizedFields): 1 + 1000 × 23.
    const costly = '{ trainingSessions(first: 1000) { nodes { id title startsAt venue seatsLeft course { id title sessions { nodes { id title startsAt } } } } } }';
    const result = await hostile('cost', () => post(app, { query: costly }));
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /too complex.*cost limit of 5000 exceeded, found 23001\./i);
    const throughEdges = '{ trainingSessions(first: 300) { edges { node { course { sessions(first: 30) { edges { node { id } } } } } } } }';
    expectRefused(await hostile('cost through edges', () => post(app, { query: throughEdges })), 400, 'QUERY_TOO_COMPLEX', /found 19201\./i);
    // The same shape, a page of 100 with 2 nested sessions each: 1 + 100 × 5, under the limit.
    const { body } = await post(app, { query: '{ trainingSessions(first: 100) { nodes { id course { id sessions(first: 2) { nodes { id } } } } } }' });
    expect(codes(body)).not.toContain('QUERY_TOO_COMPLEX');
  });

  it('refuses fragment chains that double at every level (21 and 60 fragments) quickly, and keeps serving others', async () => {
    for (const name of ['fragment-chain-21', 'fragment-chain-60']) {
      const query = await readFile(path.join(repoRoot, 'tests', 'hostile', `${name}.graphql`), 'utf8');
      const [result, other] = await Promise.all([post(app, { query }), post(app, { query: '{ __typename }' })]);
      timings[name] = Math.round(result.ms);
      console.info(`${name} (${query.length} bytes) answered in ${Math.round(result.ms)} ms`);
      // It froze the gateway for 27 s (21 fragments) or filled its heap (60): a bound that proves the hang is gone.
      expect(result.ms, `${name} took ${result.ms} ms`).toBeLessThan(10_000);
      expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /too complex.*cost limit of \d+ exceeded/i);
      expect(result.body.errors?.[0]?.extensions?.limit).toBe('cost');
      expect(other.body).toEqual({ data: { __typename: 'Query' } });
    }
  }, 120_000);

  it('refuses documents whose cost is in their nested lists: 20 full help answers, a depth-11 organisation chain', async () => {
    const help = await readFile(path.join(repoRoot, 'tests', 'hostile', 'help-20-aliases-nested.graphql'), 'utf8');
    const variables = { crimeType: 'cyber-ransomware', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
    const flood = await hostile('20 nested help aliases', () => post(app, { query: help, variables }));
    expectRefused(flood, 400, 'QUERY_TOO_COMPLEX', /cost limit of 5000 exceeded, found \d+\./i);
    expect(flood.body.errors?.[0]?.extensions?.limit).toBe('cost');
    const chain = await readFile(path.join(repoRoot, 'tests', 'hostile', 'organizations-chain-depth-11.graphql'), 'utf8');
    const deep = await hostile('organisation chain', () => post(app, { query: chain }));
    expectRefused(deep, 400, 'QUERY_TOO_COMPLEX', /cost limit of 5000 exceeded/i);
    // One full help answer with the same nesting is within the limit: planned and sent on.
    const one = help.replace(/^ {2}h[1-9]\d*:.*$/gm, '');
    expect(codes((await post(app, { query: one, variables })).body)).toContain('SUBGRAPH_UNAVAILABLE');
  });

  it.each([
    ['an unknown operationName', { query: 'query A { __typename } query B { __typename }', operationName: 'C' }, /no operation named "C".*"A", "B"/],
    ['several operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, /has 2 operations: say which one to run in `operationName`/],
    ['a subscription', { query: 'subscription { __typename }' }, /Subscriptions are not supported/],
  ])('answers %s with 400 OPERATION_RESOLUTION_FAILURE', async (_label, payload, message) => {
    expectRefused(await post(app, payload), 400, 'OPERATION_RESOLUTION_FAILURE', message);
  });

  it("runs the named operation of a document whose other operation spreads a fragment with that operation's variables", async () => {
    // Found by the fuzz test (seed 485882968): the planner read every fragment against the chosen
    // operation's variables and answered HTTP 500 INVALID_GRAPHQL.
    const query = 'query Op17($v0: String!) { ...F0 } fragment F0 on Query { districtForPostcode(postcode: $v0) { code } } query Other { __typename }';
    const { response, body } = await post(app, { query, variables: { v0: 'ST16 2AB' }, operationName: 'Other' });
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers fields nobody may read as null, with no key nobody asked for', async () => {
    const { response, body } = await post(app, { query: '{ crimeReportStatistics { count } log: reportAccessLog { totalCount } }' });
    expect(response.statusCode).toBe(200);
    expect(body.data).toEqual({ crimeReportStatistics: null, log: null });
    expect(codes(body)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('says which roles may call a refused mutation', async () => {
    const { body } = await post(app, { query: 'mutation { registerCyberChampion(input: { bookingId: "b-1", idempotencyKey: "key-000001" }) { cyberChampion { id } } }' }, { 'x-test-role': 'police' });
    expect(body.data).toEqual({ registerCyberChampion: null });
    expect(body.errors).toEqual([
      { message: 'Only signed-in users with one of these roles: partner, admin may call Mutation.registerCyberChampion.', path: ['registerCyberChampion'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('refuses a fragment cycle', async () => {
    const result = await hostile('fragment cycle', () => post(app, { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }));
    expectRefused(result, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/);
  });

  it('refuses a 2 MB string argument as too large (413 PAYLOAD_TOO_LARGE)', async () => {
    const result = await hostile('2 MB string', () => post(app, { query: `{ crimeType(code: "${'x'.repeat(2 * 1024 * 1024)}") { name } }` }));
    expectRefused(result, 413, 'PAYLOAD_TOO_LARGE', /request body is too large.*at most 102400 bytes/);
  });

  it('refuses an oversized body (413 PAYLOAD_TOO_LARGE) as JSON', async () => {
    const result = await hostile('oversized body', () => post(app, { query: '{ __typename }', variables: { padding: 'p'.repeat(150 * 1024) } }));
    expectRefused(result, 413, 'PAYLOAD_TOO_LARGE', /too large/);
    expect(result.response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('refuses a document of 20 000 tokens before parsing it', async () => {
    const result = await hostile('20000 tokens', () => post(app, { query: `{ ${'a '.repeat(20_000)}}` }));
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /at most 2000 tokens/);
    expect(result.body.errors?.[0]?.extensions?.limit).toBe('tokens');
  });

  it('refuses a batched request when batching is off', async () => {
    const result = await hostile('batch', () => post(app, [{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expectRefused(result, 400, 'BAD_USER_INPUT', /Batched requests are not accepted/);
  });

  it('answers a body that is not JSON with a clear 400', async () => {
    const result = await hostile('bad JSON', () => post(app, '{"query": "{ __typename'));
    expectRefused(result, 400, 'BAD_USER_INPUT', /not valid JSON/);
  });

  it('keeps serving other callers during and after a flood of hostile requests', async () => {
    const floods = [
      () => post(app, { query: deepQuery(60) }),
      () => post(app, { query: `{ ${'a '.repeat(20_000)}}` }),
      () => post(app, { query: `{ crimeType(code: "${'x'.repeat(2 * 1024 * 1024)}") { name } }` }),
      () => post(app, { query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
    ];
    const started = performance.now();
    const results = await Promise.all([...Array.from({ length: 40 }, (_, i) => floods[i % floods.length]!()), ...Array.from({ length: 10 }, () => post(app, { query: '{ __typename }' }))]);
    timings['50 mixed in parallel'] = Math.round(performance.now() - started);
    for (const result of results.slice(0, 40)) expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
    for (const result of results.slice(40)) expect(result.body).toEqual({ data: { __typename: 'Query' } });
    const after = await post(app, { query: '{ __typename }' });
    expect(after.response.statusCode).toBe(200);
    expect(after.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('blocks a GET without a preflight header as possible CSRF, and answers one with it', async () => {
    const blocked = await timed(app, { method: 'GET', url: '/graphql?query=%7B__typename%7D' });
    expect(blocked.response.statusCode).toBe(400);
    expect(blocked.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
    const simplePost = await timed(app, { method: 'POST', url: '/graphql', headers: { 'content-type': 'text/plain' }, payload: '{"query":"{ __typename }"}' });
    expect(simplePost.response.statusCode).toBe(400);
    const allowed = await timed(app, { method: 'GET', url: '/graphql?query=%7B__typename%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await post(app, { query: '{ __typename }' }, { origin: 'https://app.example.org' });
    expect(allowed.response.headers['access-control-allow-origin']).toBe('https://app.example.org');
    expect(allowed.response.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await post(app, { query: '{ __typename }' }, { origin: 'https://evil.example.com' });
    expect(other.response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.org');
    expect(String(preflight.headers['access-control-allow-methods'])).toBe('GET, POST, OPTIONS');
    const evilPreflight = await app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(evilPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers, with a CSP that lets the landing page render and loads nothing from elsewhere', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|unsafe-inline|\*/);
    // The landing page's inline <style> is allowed by its hash, so it still renders.
    const [styleHash] = landingPageStyleHashes(landingPage);
    expect(styleHash).toBeDefined();
    expect(csp).toContain(`style-src ${styleHash}`);
    const api = await post(app, { query: '{ __typename }' });
    expect(api.response.headers['x-content-type-options']).toBe('nosniff');
    expect(api.response.headers['content-security-policy']).toBeDefined();
  });

  it('answers an unknown path with a JSON 404 that does not echo the query string', async () => {
    const result = await timed(app, { method: 'GET', url: '/nope?email=someone@example.org' });
    expect(result.response.statusCode).toBe(404);
    expect(codes(result.body)).toEqual(['NOT_FOUND']);
    expect(result.response.body).not.toContain('someone@example.org');
  });

  it('allows introspection in development, suggestions included', async () => {
    const { response, body } = await post(app, { query: getIntrospectionQuery() });
    expect(response.statusCode).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data?.__schema as { queryType: { name: string } }).queryType.name).toBe('Query');
    const typo = await post(app, { query: '{ districts { nme } }' });
    expect(typo.body.errors?.[0]?.message).toContain('Did you mean "name"?');
  });
});

describe('the answer size limit', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createGateway(gatewayConfig({ MAX_RESPONSE_BYTES: '2048' }));
  });
  afterAll(async () => app?.close());

  it('replaces an answer over MAX_RESPONSE_BYTES with QUERY_TOO_COMPLEX (limit responseBytes)', async () => {
    // Introspection is answered by the gateway itself: a large answer without any subgraph.
    const result = await post(app, { query: getIntrospectionQuery() });
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /the answer has \d+ bytes, and an answer may have at most 2048/);
    expect(result.body.errors?.[0]?.extensions?.limit).toBe('responseBytes');
    expect(result.response.body.length).toBeLessThan(2048);
    expect((await post(app, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('batching when it is allowed', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createGateway(gatewayConfig({ ALLOW_BATCHED_REQUESTS: 'true', MAX_BATCH_SIZE: '2' }));
  });
  afterAll(async () => app?.close());

  it('answers a batch up to MAX_BATCH_SIZE and refuses a larger one', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ query: '{ __typename }' }, { query: '{ a: __typename }' }]),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { a: 'Query' } }]);
    const tooMany = await post(app, [{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]);
    expectRefused(tooMany, 400, 'BAD_USER_INPUT', /at most 2 operations; this one has 3/);
  });

  it('applies the token limit to each operation of a batch', async () => {
    const result = await post(app, [{ query: '{ __typename }' }, { query: `{ ${'a '.repeat(5000)}}` }]);
    expectRefused(result, 400, 'QUERY_TOO_COMPLEX', /at most 2000 tokens/);
  });
});

describe('introspection in production', () => {
  let partners: FastifyInstance;
  let off: FastifyInstance;
  beforeAll(async () => {
    partners = await productionGateway();
    off = await productionGateway({ INTROSPECTION: 'off' });
  });
  afterAll(async () => {
    await partners?.close();
    await off?.close();
  });

  const introspect = '{ __schema { queryType { name } } }';

  it('refuses anonymous callers with UNAUTHENTICATED before execution', async () => {
    const result = await post(partners, { query: introspect });
    expectRefused(result, 401, 'UNAUTHENTICATED', /Introspection is open only to signed-in partner staff, analysts and administrators/);
    const typeQuery = await post(partners, { query: '{ __type(name: "District") { name } }' });
    expect(codes(typeQuery.body)).toEqual(['UNAUTHENTICATED']);
    // Hidden in a fragment is the same.
    const viaFragment = await post(partners, { query: 'query { ...F } fragment F on Query { __schema { types { name } } }' });
    expect(codes(viaFragment.body)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses signed-in callers without a partner, analyst or admin role with FORBIDDEN', async () => {
    for (const role of ['business', 'police']) {
      const result = await post(partners, { query: introspect }, { 'x-test-role': role });
      expectRefused(result, 403, 'FORBIDDEN', /only to partner staff, analysts and administrators/);
    }
  });

  it('allows partner staff, analysts and administrators the full introspection query', async () => {
    for (const role of ['partner', 'analyst', 'admin']) {
      const { response, body } = await post(partners, { query: getIntrospectionQuery() }, { 'x-test-role': role });
      expect(response.statusCode, role).toBe(200);
      expect(body.errors, role).toBeUndefined();
      expect((body.data?.__schema as { queryType: { name: string } }).queryType.name).toBe('Query');
    }
  });

  it('always answers __typename', async () => {
    expect((await post(partners, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(off, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses everyone, administrators included, when INTROSPECTION=off', async () => {
    const result = await post(off, { query: introspect }, { 'x-test-role': 'admin' });
    expectRefused(result, 403, 'FORBIDDEN', /Introspection is turned off/);
  });

  it('does not suggest field names in validation errors', async () => {
    const { response, body } = await post(partners, { query: '{ districts { nme } }' });
    expect(response.statusCode).toBe(400);
    expect(body.errors?.[0]?.message).toBe('Cannot query field "nme" on type "District".');
  });

  it('sends HSTS in production', async () => {
    const response = await partners.inject({ method: 'GET', url: '/' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('logs', () => {
  it('never contain request bodies, variables, query strings or credentials', async () => {
    // The gateway logs to stdout through pino; run it in a child process at the most verbose
    // level and read everything it writes.
    const dir = await mkdtemp(path.join(tmpdir(), 'bch-logs-'));
    const script = path.join(dir, 'logs.mts');
    const gatewayDir = path.join(repoRoot, 'gateway', 'src');
    await writeFile(
      script,
      `
import { createGateway } from ${JSON.stringify(path.join(gatewayDir, 'createGateway.ts'))};
import { readGatewayConfig } from ${JSON.stringify(path.join(gatewayDir, 'config.ts'))};
const app = await createGateway(readGatewayConfig(${JSON.stringify({ ...baseEnv, LOG_LEVEL: 'trace', RATE_LIMIT_MAX: '8' })}));
const headers = { 'content-type': 'application/json', cookie: 'session=COOKIE-SECRET-1', authorization: 'Bearer not.a.token' };
const narrative = 'NARRATIVE: Jane Doe saw a man take stock; call 07700 900123 or jane.doe@example.org';
const inject = (options) => app.inject(options).catch(() => undefined);
await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: 'query Q($b: BusinessContext!) { help(crimeType: "shoplifting", business: $b) { district { name } } }', variables: { b: { postcode: 'ST16 2AB', sector: 'RETAIL', size: 'SMALL' } } }) });
await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: 'query C($c: ID!) { crimeType(code: $c) { name } }', variables: { c: narrative } }) });
await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', cookie: 'session=COOKIE-SECRET-1' }, payload: JSON.stringify({ query: '{ __typename }', variables: { narrative } }) });
await inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D&variables=' + encodeURIComponent(JSON.stringify({ narrative })), headers: { 'apollo-require-preflight': '1' } });
await inject({ method: 'GET', url: '/nothing-here?email=jane.doe@example.org' });
await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": "' + narrative });
await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: '{ districts { name } }', variables: { narrative } }) });
await inject({ method: 'POST', url: '/graphql', headers, payload: JSON.stringify({ query: '{ __typename }', variables: { narrative } }) });
for (let i = 0; i < 8; i++) await inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: '{ __typename }', variables: { narrative } }) });
await app.close();
`,
    );
    try {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`log probe exited ${code}:\n${text}`))));
      });
      // The probe did log: requests, a rate-limit refusal, the subgraph being down.
      expect(output).toContain('incoming request');
      expect(output).toContain('"url":"/graphql?[redacted]"');
      expect(output).toContain('rate limit exceeded');
      for (const secret of ['Jane', 'jane.doe', '07700', 'NARRATIVE', 'COOKIE-SECRET', 'not.a.token', 'ST16', 'variables']) {
        expect(output, `logs contain "${secret}"`).not.toContain(secret);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
