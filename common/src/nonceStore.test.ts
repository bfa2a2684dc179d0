// The nonce stores that make a signed request good for one delivery: in memory, and in the real
// Redis at 127.0.0.1:6379 (each test under its own key namespace), shared by replicas.
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { readSubgraphConfig } from './config.ts';
import { MemoryNonceStore, RedisNonceStore, createNonceStore } from './nonceStore.ts';

const redisUrl = 'redis://127.0.0.1:6379';
const nonce = () => randomBytes(16).toString('base64url');
/** A port nothing listens on. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const namespace = () => `crimehub-test:${process.pid}:${randomBytes(6).toString('hex')}:nonce`;

describe('MemoryNonceStore', () => {
  it('accepts a nonce once until it expires, then forgets it', async () => {
    let now = 1_000_000;
    const store = new MemoryNonceStore(() => now);
    const n = nonce();
    expect(await store.claim(n, now + 30_000)).toBe(true);
    expect(await store.claim(n, now + 30_000)).toBe(false);
    now += 29_999;
    expect(await store.claim(n, now + 30_000)).toBe(false);
    now += 2_000;
    // Its signature is too old by now: the store need not remember it, and does not.
    expect(await store.claim(nonce(), now + 30_000)).toBe(true);
    expect(store.size).toBe(1);
  });
});

describe('RedisNonceStore on a real Redis', () => {
  const stores: RedisNonceStore[] = [];
  const open = (ns: string, url = redisUrl) => {
    const store = new RedisNonceStore(url, ns);
    stores.push(store);
    return store;
  };
  const admin = new Redis(redisUrl);
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await admin.quit();
  });

  it('refuses, in a second replica, a nonce the first one accepted; keys live in the namespace and expire with the window', async () => {
    const ns = namespace();
    const first = open(ns);
    const second = open(ns);
    await expect.poll(() => first.ready && second.ready).toBe(true);
    const n = nonce();
    const until = Date.now() + 30_000;
    expect(await first.claim(n, until)).toBe(true);
    expect(await second.claim(n, until)).toBe(false);
    expect(await first.claim(n, until)).toBe(false);
    expect(await second.claim(nonce(), until)).toBe(true);
    const keys = await admin.keys(`${ns}:*`);
    expect(keys).toHaveLength(2);
    expect(keys).toContain(`${ns}:${n}`);
    const ttl = await admin.pttl(`${ns}:${n}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    // Another namespace (another hub sharing the Redis) is not affected.
    const other = open(namespace());
    await expect.poll(() => other.ready).toBe(true);
    expect(await other.claim(n, until)).toBe(true);
    await admin.del(...keys);
  });

  it('keeps answering, and refusing replays it saw itself, while Redis cannot be reached', async () => {
    const store = open(namespace(), `redis://127.0.0.1:${await closedPort()}`);
    const n = nonce();
    const started = Date.now();
    expect(await store.claim(n, Date.now() + 30_000)).toBe(true);
    expect(await store.claim(n, Date.now() + 30_000)).toBe(false);
    expect(await store.claim(nonce(), Date.now() + 30_000)).toBe(true);
    // No request waits on the missing Redis (generous bound: the machine is shared).
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('uses Redis again once it is back after an outage', async () => {
    // A TCP relay to the real Redis that can be cut and restored on the same port.
    const port = await closedPort();
    const sockets = new Set<Socket>();
    let relay: Server | undefined;
    const up = () =>
      new Promise<void>((resolve) => {
        relay = createServer((client) => {
          const upstream = connect(6379, '127.0.0.1');
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('error', () => {});
            socket.on('close', () => sockets.delete(socket));
          }
          client.pipe(upstream).pipe(client);
        }).listen(port, '127.0.0.1', () => resolve());
      });
    const down = () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay!.close(() => resolve());
      });
    await up();
    const ns = namespace();
    const store = open(ns, `redis://127.0.0.1:${port}`);
    await expect.poll(() => store.ready).toBe(true);
    const before = nonce();
    expect(await store.claim(before, Date.now() + 30_000)).toBe(true);
    expect(await admin.exists(`${ns}:${before}`)).toBe(1);

    await down();
    await expect.poll(() => store.ready).toBe(false);
    const during = nonce();
    expect(await store.claim(during, Date.now() + 30_000)).toBe(true);
    expect(await store.claim(during, Date.now() + 30_000)).toBe(false);
    expect(await admin.exists(`${ns}:${during}`)).toBe(0);

    await up();
    await expect.poll(() => store.ready, { timeout: 10_000 }).toBe(true);
    const after = nonce();
    expect(await store.claim(after, Date.now() + 30_000)).toBe(true);
    expect(await admin.exists(`${ns}:${after}`)).toBe(1);
    await store.close();
    await down();
    await admin.del(`${ns}:${before}`, `${ns}:${after}`);
  });

  it('is what createNonceStore gives when a Redis URL is configured, and memory otherwise', async () => {
    const redisStore = createNonceStore({ redisUrl, namespace: namespace() });
    const memoryStore = createNonceStore({ namespace: namespace() });
    expect(redisStore).toBeInstanceOf(RedisNonceStore);
    expect(memoryStore).toBeInstanceOf(MemoryNonceStore);
    await redisStore.close();
    await memoryStore.close();
  });
});

describe('a subgraph configuration', () => {
  const base = { HUB_SIGNING_SECRET: 'x'.repeat(40), PGLITE_DIR: 'memory://' };
  it('keeps nonces in memory by default, in Redis under a namespace of its own with REDIS_URL', () => {
    expect(readSubgraphConfig('police', 4001, base).signing.nonces).toEqual({ namespace: 'crimehub:police:nonce' });
    expect(readSubgraphConfig('victims', 4004, { ...base, REDIS_URL: redisUrl }).signing.nonces).toEqual({ redisUrl, namespace: 'crimehub:victims:nonce' });
    expect(readSubgraphConfig('cyber', 4003, { ...base, REDIS_URL: redisUrl, HUB_NONCE_NAMESPACE: 'hub-a:cyber' }).signing.nonces).toEqual({ redisUrl, namespace: 'hub-a:cyber' });
    expect(() => readSubgraphConfig('cyber', 4003, { ...base, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL must be a redis: or rediss: URL/);
  });
});
