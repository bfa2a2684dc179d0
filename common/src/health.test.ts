// Every subgraph's health routes and metrics, on both partner stacks, in process: liveness and
// readiness are open, readiness follows a real (PGlite) database, and /metrics answers only the
// operator's token.
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from './metrics.ts';
import { createApolloSubgraphApp, createMercuriusSubgraphApp } from './servers.ts';
import { signRequest, type SigningConfig } from './signing.ts';

const signing: SigningConfig = { secret: 'health-test-secret-0123456789abcdefghijk', maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
const token = 'metrics-token-0123456789abcdef';
const typeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { hello: String! }
`;
const resolvers = { Query: { hello: () => 'hello' } };

describe.each([
  ['Apollo Server', createApolloSubgraphApp],
  ['mercurius', createMercuriusSubgraphApp],
] as const)('a subgraph on %s', (_stack, create) => {
  let app: FastifyInstance;
  let database: PGlite;
  beforeAll(async () => {
    database = await PGlite.create();
    app = await create({
      name: 'test',
      typeDefs,
      resolvers,
      context: () => ({}),
      healthCheck: async () => void (await database.query('SELECT 1')),
      signing,
      metrics: { token },
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await app?.close();
    if (!database.closed) await database.close();
  });

  const metrics = (authorization?: string) => app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });

  it('shows the metrics only to a scraper with METRICS_TOKEN, counting requests by route', async () => {
    const payload = JSON.stringify({ query: '{ hello }' });
    const answer = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload,
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'test' }, { kind: 'anonymous' }, payload) },
    });
    expect(answer.json()).toEqual({ data: { hello: 'hello' } });
    expect((await metrics()).statusCode).toBe(401);
    const wrong = await metrics('Bearer metrics-token-0123456789abcdeX');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const shown = await metrics(`Bearer ${token}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toMatch(/^text\/plain/);
    expect(sample(shown.body, 'http_requests_total', { route: '/graphql', method: 'POST', status: '2xx', service: 'test' })).toBe(1);
    expect(sample(shown.body, 'http_request_duration_seconds_count', { route: '/graphql', service: 'test' })).toBe(1);
    expect(shown.body).toMatch(/^process_cpu_seconds_total/m);
  });

  it('is live and ready while its database answers, and not ready, saying why, once it does not', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok', subgraph: 'test' });
    for (const url of ['/health/ready', '/health']) {
      const ready = await app.inject({ method: 'GET', url });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', subgraph: 'test' });
    }
    await database.close();
    const notReady = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'unavailable', subgraph: 'test', reason: 'the database is unreachable' });
    // Still alive: an orchestrator must not restart a process whose database is away.
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

describe('metrics with no METRICS_TOKEN', () => {
  it('are refused to everyone, saying how to turn them on', async () => {
    const app = await createApolloSubgraphApp({ name: 'test', typeDefs, resolvers, context: () => ({}), healthCheck: async () => {}, signing, logLevel: 'silent' });
    try {
      const refused = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer anything-at-all-0123456789' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().errors[0]).toEqual({ message: 'Metrics are off: set METRICS_TOKEN to let a scraper read them.', extensions: { code: 'FORBIDDEN' } });
    } finally {
      await app.close();
    }
  });
});
