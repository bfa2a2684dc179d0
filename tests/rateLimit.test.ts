// Rate limits per identity (per IP when anonymous): in memory by default, shared by every
// gateway through Redis when REDIS_URL is set, and in memory again, at once, while that Redis is
// down. Redis runs at 127.0.0.1:6379 for these tests; the outage test runs a redis-server of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@crimehub/common';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { createGateway } from '../gateway/src/createGateway.ts';
import { freePort } from './utils/processes.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Subgraphs are never needed: `{ __typename }` is answered by the gateway alone. */
async function gateway(env: Record<string, string>, logs?: string[]): Promise<FastifyInstance> {
  const app = await createGateway(readGatewayConfig({ LOG_LEVEL: 'silent', ...env }), logs ? { logStream: { write: (line: string) => void logs.push(line) } } : {});
  // Test only: `x-test-subject` makes the caller a signed-in user (token checks are tested elsewhere).
  app.addHook('onRequest', async (request) => {
    const subject = request.headers['x-test-subject'];
    if (typeof subject === 'string') request.identity = { kind: 'user', subject, role: 'business' } satisfies Identity;
  });
  return app;
}

function ask(app: FastifyInstance, { ip = '203.0.113.7', subject }: { ip?: string; subject?: string } = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: ip,
    headers: { 'content-type': 'application/json', ...(subject ? { 'x-test-subject': subject } : {}) },
    payload: JSON.stringify({ query: '{ __typename }' }),
  });
}

function expectRateLimited(response: LightMyRequestResponse, windowSeconds: number): void {
  expect(response.statusCode).toBe(429);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  const body = response.json() as { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
  expect(body.errors[0]!.message).toMatch(new RegExp(`^Too many requests: .*try again in ${retryAfter} seconds\\.$`));
}

describe('rate limits in memory', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(async () => app?.close());

  it('refuses the 6th request from one IP with 429 RATE_LIMITED and Retry-After', async () => {
    for (let i = 1; i <= 5; i++) {
      const response = await ask(app);
      expect(response.statusCode, `request ${i}`).toBe(200);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(5 - i));
    }
    expectRateLimited(await ask(app), 60);
    expectRateLimited(await ask(app), 60);
  });

  it('still serves another IP and a signed-in user from the limited IP', async () => {
    expect((await ask(app, { ip: '198.51.100.20' })).statusCode).toBe(200);
    // Users are counted by who they are, not where they are.
    for (let i = 1; i <= 5; i++) expect((await ask(app, { subject: 'user-a' })).statusCode).toBe(200);
    expectRateLimited(await ask(app, { subject: 'user-a' }), 60);
    expect((await ask(app, { subject: 'user-b' })).statusCode).toBe(200);
  });

  it('counts an IPv6 caller by its /64, so rotating addresses within it does not help', async () => {
    for (let i = 1; i <= 5; i++) expect((await ask(app, { ip: `2001:db8:1:2::${i}` })).statusCode).toBe(200);
    expectRateLimited(await ask(app, { ip: '2001:db8:1:2::99' }), 60);
    expect((await ask(app, { ip: '2001:db8:1:3::1' })).statusCode).toBe(200);
  });

  it('counts requests refused for a bad token, by IP: the 6th gets 429 RATE_LIMITED, not another 401', async () => {
    const withBadToken = () =>
      app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: '192.0.2.66',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
        payload: JSON.stringify({ query: '{ __typename }' }),
      });
    for (let i = 1; i <= 5; i++) {
      const response = await withBadToken();
      expect(response.statusCode, `request ${i}`).toBe(401);
      expect(response.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(await withBadToken(), 60);
    // The IP is limited whatever it sends next, token or no token.
    expectRateLimited(await ask(app, { ip: '192.0.2.66' }), 60);
  });

  it('never limits the health check', async () => {
    for (let i = 0; i < 8; i++) {
      const response = await app.inject({ method: 'GET', url: '/health', remoteAddress: '203.0.113.7' });
      expect(response.statusCode).toBe(200);
    }
  });
});

describe('rate limits shared through Redis', () => {
  const namespace = `bch-test-${randomUUID()}`;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let first: FastifyInstance;
  let second: FastifyInstance;

  const ourKeys = () => redis.keys(`${namespace}:*`);

  beforeAll(async () => {
    await redis.connect();
    const env = { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', REDIS_URL: redisUrl, RATE_LIMIT_NAMESPACE: namespace };
    [first, second] = await Promise.all([gateway(env), gateway(env)]);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    const keys = await ourKeys();
    if (keys.length > 0) await redis.del(...keys);
    expect(await ourKeys()).toEqual([]);
    await redis.quit();
  });

  it('counts one caller across two gateways: 3 requests on each, the 6th overall is refused', async () => {
    for (let i = 1; i <= 3; i++) expect((await ask(first)).statusCode, `first gateway, request ${i}`).toBe(200);
    for (let i = 4; i <= 5; i++) expect((await ask(second)).statusCode, `second gateway, request ${i}`).toBe(200);
    expectRateLimited(await ask(second), 60);
    expectRateLimited(await ask(first), 60);
    // The count lives in Redis, under the namespace, with the window as its expiry.
    const keys = await ourKeys();
    expect(keys).toContain(`${namespace}:rate-limit:ip:203.0.113.7`);
    const ttl = await redis.pttl(`${namespace}:rate-limit:ip:203.0.113.7`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps other callers apart in Redis too', async () => {
    expect((await ask(first, { ip: '198.51.100.20' })).statusCode).toBe(200);
    expect((await ask(second, { subject: 'user-c' })).statusCode).toBe(200);
    expect(await ourKeys()).toEqual(expect.arrayContaining([`${namespace}:rate-limit:ip:198.51.100.20`, `${namespace}:rate-limit:user:user-c`]));
  });

  it('closes its Redis connection when the gateway closes', async () => {
    // The gateway names its connection after the namespace: `<namespace>-rate-limit`.
    const own = `${namespace}-closing`;
    const connections = async () =>
      String(await redis.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${own}-rate-limit `)).length;
    const app = await gateway({ REDIS_URL: redisUrl, RATE_LIMIT_NAMESPACE: own });
    try {
      expect((await ask(app, { ip: '192.0.2.1' })).statusCode).toBe(200);
      expect(await connections()).toBe(1);
    } finally {
      await app.close();
      const keys = await redis.keys(`${own}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await expect.poll(connections, { timeout: 5000 }).toBe(0);
  });
});

/** Warnings and errors a gateway logged, one parsed line each. */
function logLines(lines: string[]): { level: number; msg: string }[] {
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** Asks `count` times from one IP; returns the statuses and the slowest and mean answer times. */
async function timedAsks(app: FastifyInstance, ip: string, count: number): Promise<{ statuses: number[]; slowestMs: number; meanMs: number }> {
  const statuses: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    statuses.push((await ask(app, { ip })).statusCode);
    times.push(performance.now() - started);
  }
  return { statuses, slowestMs: Math.round(Math.max(...times)), meanMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length) };
}

describe('rate limits when Redis is down', () => {
  it('keeps limiting in memory, adds no delay, and warns', async () => {
    // Nothing listens on this port: every Redis command would fail.
    const port = await freePort();
    const lines: string[] = [];
    const app = await gateway({ RATE_LIMIT_MAX: '5', REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_NAMESPACE: 'bch-test-down', LOG_LEVEL: 'warn' }, lines);
    try {
      const first = await timedAsks(app, '203.0.113.50', 6);
      const second = await timedAsks(app, '203.0.113.51', 6);
      console.log(`Redis down: answers took at most ${Math.max(first.slowestMs, second.slowestMs)} ms, ${Math.round((first.meanMs + second.meanMs) / 2)} ms on average`);
      expect(first.statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(second.statuses).toEqual([200, 200, 200, 200, 200, 429]);
      // Waiting on a dead Redis cost 0.25-1 s per request; counting in memory costs nothing like it.
      expect((first.meanMs + second.meanMs) / 2).toBeLessThan(250);
      const warnings = logLines(lines).filter((line) => line.level === 40 && /rate-limit Redis unavailable/.test(line.msg));
      // Warned, but not once per request.
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeLessThanOrEqual(2);
      expect(warnings[0]!.msg).toMatch(/counting in memory/);
    } finally {
      await app.close();
    }
  });
});

const redisServer = spawnSync('which', ['redis-server']).status === 0;

/** A redis-server of this test's own on `port`, keeping nothing on disk. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(!redisServer)('rate limits across a Redis outage', () => {
  const namespace = `bch-test-outage-${randomUUID()}`;
  let port: number;
  let redisProcess: ChildProcess | undefined;
  let first: FastifyInstance;
  let second: FastifyInstance;
  const firstLines: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    redisProcess = await startRedis(port);
    const env = { RATE_LIMIT_MAX: '5', REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_NAMESPACE: namespace, LOG_LEVEL: 'info' };
    [first, second] = await Promise.all([gateway(env, firstLines), gateway(env, [])]);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await stopRedis(redisProcess);
  });

  /** 3 requests on the first gateway and 2 on the second are allowed; a 6th on either is refused. */
  async function expectOneSharedCount(ip: string): Promise<void> {
    for (let i = 1; i <= 3; i++) expect((await ask(first, { ip })).statusCode, `first gateway, request ${i}`).toBe(200);
    for (let i = 4; i <= 5; i++) expect((await ask(second, { ip })).statusCode, `second gateway, request ${i}`).toBe(200);
    expectRateLimited(await ask(second, { ip }), 60);
    expectRateLimited(await ask(first, { ip }), 60);
  }

  it('shares one count through Redis, keeps limiting in memory while Redis is down, and shares again when it is back', async () => {
    await expectOneSharedCount('198.51.100.1');

    // Redis dies: each gateway limits on its own, at once, and says so.
    await stopRedis(redisProcess);
    const down = await timedAsks(first, '198.51.100.2', 6);
    console.log(`Redis killed: answers took at most ${down.slowestMs} ms, ${down.meanMs} ms on average`);
    expect(down.statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(down.meanMs).toBeLessThan(250);
    // The logger writes asynchronously: the warning may land just after the answers.
    await expect.poll(() => logLines(firstLines).some((line) => line.level === 40 && /rate-limit Redis unavailable/.test(line.msg)), { timeout: 5_000, interval: 100 }).toBe(true);

    // Redis comes back on the same port: both gateways reconnect by themselves and count there again.
    redisProcess = await startRedis(port);
    const probe = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    try {
      let attempt = 0;
      await expect
        .poll(
          async () => {
            attempt++;
            await ask(first, { ip: `192.0.2.${attempt}` });
            await ask(second, { ip: `192.0.2.${100 + attempt}` });
            const keys = await probe.keys(`${namespace}:*`);
            return keys.includes(`${namespace}:rate-limit:ip:192.0.2.${attempt}`) && keys.includes(`${namespace}:rate-limit:ip:192.0.2.${100 + attempt}`);
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBe(true);
      await expectOneSharedCount('198.51.100.3');
      expect(logLines(firstLines).some((line) => line.level === 30 && /rate-limit Redis is back/.test(line.msg))).toBe(true);
    } finally {
      await probe.quit();
    }
  });
});
