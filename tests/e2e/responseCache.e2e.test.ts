// The gateway's response cache (gateway/src/responseCache.ts) on a running hub, with a second
// gateway on the same subgraphs sharing the machine's Redis: a repeated anonymous public question
// is answered without asking any subgraph; a signed-in caller and an answer with an error are
// never kept; a GET from the cache still has its ETag, 304 and CSRF rule; and a booking through
// one gateway makes the next answer fresh on both.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, startProcess, type Hub, type Running } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const metricsToken = 'response-cache-metrics-token-0123456789';
const redisUrl = 'redis://127.0.0.1:6379';
const question = { crimeType: 'cyber-ransomware', business: { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' } };
/** A seeded session of course-intro: 16 seats, 5 booked. */
const sessionQuery = /* GraphQL */ `
  query Session($id: ID!) {
    trainingSession(id: $id) {
      id
      seatsLeft
    }
  }
`;
const book = /* GraphQL */ `
  mutation Book($input: BookTrainingSessionInput!) {
    bookTrainingSession(input: $input) {
      session {
        seatsLeft
      }
    }
  }
`;
const owner: TokenClaims = { sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' };

/** The sum of a metric's samples whose labels contain `labels` (e.g. `source="replica"`). */
async function metric(gateway: Running, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.url), { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  return [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].filter(([, found]) => found!.includes(labels)).reduce((sum, [, , value]) => sum + Number(value), 0);
}

describe('the response cache', () => {
  let hub: Hub;
  let other: Running;
  let tokens: TestTokens;

  beforeAll(async () => {
    tokens = await createTestTokens();
    // One channel and rate-limit namespace for this run only: other runs may share the Redis.
    const run = randomUUID().slice(0, 8);
    const env = { ...tokens.gatewayEnv, METRICS_TOKEN: metricsToken, REDIS_URL: redisUrl, RESPONSE_CACHE_CHANNEL: `bch-test:${run}:response-cache`, RATE_LIMIT_NAMESPACE: `bch-test-${run}` };
    hub = await startHub('pglite', env);
    const urls = Object.fromEntries(Object.values(hub.subgraphs).map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url]));
    other = await startProcess('gateway-2', 'gateway/src/main.ts', { ...urls, ...env });
  });

  afterAll(async () => {
    await other?.stop();
    await hub?.stop();
  });

  it('answers a repeated anonymous help question from memory, asking no subgraph', async () => {
    const first = await graphql(hub.gateway.url, helpQuery, question);
    expect(first.errors).toBeUndefined();
    const [hits, sent] = [await metric(hub.gateway, 'gateway_response_cache_hits_total'), await metric(hub.gateway, 'gateway_subgraph_requests_total')];
    const again = await graphql(hub.gateway.url, helpQuery, { business: { size: 'SMALL', sector: 'RETAIL', district: 'E07000197' }, crimeType: 'cyber-ransomware' });
    expect(again.data).toEqual(first.data);
    expect(await metric(hub.gateway, 'gateway_response_cache_hits_total')).toBe(hits + 1);
    expect(await metric(hub.gateway, 'gateway_subgraph_requests_total')).toBe(sent);
  });

  it('never serves or keeps a signed-in caller’s answer, nor an answer with an error', async () => {
    const [hits, misses] = [await metric(hub.gateway, 'gateway_response_cache_hits_total'), await metric(hub.gateway, 'gateway_response_cache_misses_total')];
    const signedIn = await graphql(hub.gateway.url, helpQuery, question, await tokens.headers(owner));
    expect(signedIn.errors).toBeUndefined();
    expect(await metric(hub.gateway, 'gateway_response_cache_hits_total')).toBe(hits);
    expect(await metric(hub.gateway, 'gateway_response_cache_misses_total')).toBe(misses);

    const unknown = { ...question, crimeType: 'no-such-crime' };
    for (let i = 0; i < 2; i++) expect((await graphql(hub.gateway.url, helpQuery, unknown)).errors?.[0]?.extensions?.code).toBe('UNKNOWN_CRIME_TYPE');
    expect(await metric(hub.gateway, 'gateway_response_cache_hits_total')).toBe(hits);
    expect(await metric(hub.gateway, 'gateway_response_cache_misses_total')).toBe(misses + 2);
  });

  it('serves a GET with its ETag and a 304, and still refuses a GET without the CSRF header', async () => {
    const url = `${hub.gateway.url}?query=${encodeURIComponent('{ districts { code name } }')}`;
    const preflight = { 'apollo-require-preflight': 'true' };
    const first = await fetch(url, { headers: preflight });
    expect(first.status).toBe(200);
    const hits = await metric(hub.gateway, 'gateway_response_cache_hits_total');
    const cached = await fetch(url, { headers: preflight });
    expect(await cached.text()).toBe(await first.text());
    expect(await metric(hub.gateway, 'gateway_response_cache_hits_total')).toBe(hits + 1);
    expect(cached.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(cached.headers.get('cache-control')!)![1])).toBeLessThanOrEqual(300);
    expect(cached.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await fetch(url, { headers: { ...preflight, 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
    // What Apollo Server refuses is refused on a warm cache too: a GET a browser could send cross-site.
    const refused = await fetch(url);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('drops what a booking changes, on this gateway and on another sharing Redis', async () => {
    const seatsLeft = async (gateway: Running) => (await graphql(gateway.url, sessionQuery, { id: 'sess-intro-03' })).data?.trainingSession?.seatsLeft as number;
    const before = await seatsLeft(hub.gateway);
    expect(await seatsLeft(other)).toBe(before);
    // Both now answer from memory.
    const hits = await metric(other, 'gateway_response_cache_hits_total');
    expect(await seatsLeft(other)).toBe(before);
    expect(await metric(other, 'gateway_response_cache_hits_total')).toBe(hits + 1);

    const booked = await graphql(
      hub.gateway.url,
      book,
      { input: { sessionId: 'sess-intro-03', attendeeName: 'Cache Example', attendeeEmail: 'cache@example.com', idempotencyKey: `cache-${randomUUID()}` } },
      await tokens.headers(owner),
    );
    expect(booked.errors).toBeUndefined();
    expect(booked.data?.bookTrainingSession.session.seatsLeft).toBe(before - 1);
    expect(await metric(hub.gateway, 'gateway_response_cache_invalidations_total', 'source="mutation"')).toBeGreaterThan(0);
    expect(await seatsLeft(hub.gateway)).toBe(before - 1);
    // The other gateway hears of it through Redis (a message, not a poll of the subgraph).
    const deadline = Date.now() + 10_000;
    while ((await metric(other, 'gateway_response_cache_invalidations_total', 'source="replica"')) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metric(other, 'gateway_response_cache_invalidations_total', 'source="replica"')).toBeGreaterThan(0);
    expect(await seatsLeft(other)).toBe(before - 1);
  });
});
