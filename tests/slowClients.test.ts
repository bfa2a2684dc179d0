// Slow clients cannot hold connections open: the gateway and every subgraph (both stacks) close a
// connection whose headers or body trickle in past their timeouts, and idle kept-alive
// connections, while a normal request on a kept-alive connection still works. Real sockets
// (node:net) against servers listening on port 0 in this process.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApolloSubgraphApp, createMercuriusSubgraphApp, readSubgraphConfig, signingHeaders } from '@crimehub/common';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { createGateway } from '../gateway/src/createGateway.ts';

/** Small timeouts so the test is quick; each is well below the bound the test allows. */
const timeoutEnv = { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000', KEEP_ALIVE_TIMEOUT_MS: '1000', CONNECTION_TIMEOUT_MS: '20000', REQUEST_DEADLINE_MS: '1500' };
/** How long a server may take to close a trickling connection before the test calls it held open. */
const closeBoundMs = 10_000;

const subgraphTypeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { hello: String! }
`;

async function subgraph(create: typeof createApolloSubgraphApp): Promise<FastifyInstance> {
  const config = readSubgraphConfig('test', 0, { ...timeoutEnv, PGLITE_DIR: 'memory://', HUB_SIGNING_SECRET: 'slow-clients-test-secret-0123456789abcdef' });
  return create({
    name: 'test',
    typeDefs: subgraphTypeDefs,
    resolvers: { Query: { hello: () => 'hello' } },
    context: () => ({}),
    healthCheck: async () => {},
    signing: config.signing,
    timeouts: config.timeouts,
    logLevel: 'silent',
  });
}

/** A subgraph reads the body of a request that carries signing headers, to check the signature over it. */
const signedLooking = Object.values(signingHeaders)
  .map((name) => `${name}: x\r\n`)
  .join('');

const servers: [string, () => Promise<FastifyInstance>, string][] = [
  ['the gateway', () => createGateway(readGatewayConfig({ LOG_LEVEL: 'silent', ...timeoutEnv })), ''],
  ['a subgraph on Apollo Server', () => subgraph(createApolloSubgraphApp), signedLooking],
  ['a subgraph on mercurius', () => subgraph(createMercuriusSubgraphApp), signedLooking],
];

/**
 * Opens a raw connection, writes `head` at once and then `trickle` one byte every 300 ms; resolves
 * with how long the server took to close the connection and what it answered, if anything.
 */
function trickle(port: number, head: string, trickled: string): Promise<{ closedAfterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server held a trickling connection open for ${closeBoundMs} ms`));
    }, closeBoundMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve({ closedAfterMs: Math.round(performance.now() - started), answer });
    });
    socket.on('connect', () => {
      socket.write(head);
      let sent = 0;
      timer = setInterval(() => {
        if (sent < trickled.length && !socket.destroyed) socket.write(trickled[sent++]!);
      }, 300);
    });
  });
}

describe.each(servers)('%s', (_label, create, extraHeaders) => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await create();
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => app?.close());

  it('closes a connection whose body trickles in one byte at a time', async () => {
    const body = JSON.stringify({ query: '{ __typename }' }).padEnd(200, ' ');
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extraHeaders}Content-Length: ${body.length}\r\n\r\n`;
    const { closedAfterMs, answer } = await trickle(port, head, body);
    console.log(`${_label}: trickled body closed after ${closedAfterMs} ms (${answer.split('\r\n')[0] || 'no answer'})`);
    // Node answers 408 when it can, then closes; either way the connection is gone.
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a connection whose header lines trickle in', async () => {
    const { closedAfterMs, answer } = await trickle(port, `GET /health HTTP/1.1\r\n`, 'X-Slow: ' + 'a'.repeat(200));
    console.log(`${_label}: trickled headers closed after ${closedAfterMs} ms (${answer.split('\r\n')[0] || 'no answer'})`);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('serves several requests on one kept-alive connection, then closes it when idle', async () => {
    // Raw HTTP/1.1 (kept alive by default): Node's own client would drop the connection before
    // the server's keep-alive hint runs out, and hide who closed it.
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    let closedAt: number | undefined;
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('close', () => (closedAt = performance.now()));
    await new Promise((resolve) => socket.once('connect', resolve));
    const answers = () => received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    const request = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    socket.write(request);
    await expect.poll(() => answers().length, { timeout: 5000 }).toBe(1);
    socket.write(request);
    await expect.poll(() => answers().length, { timeout: 5000 }).toBe(2);
    expect(answers()).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(closedAt).toBeUndefined();
    // The server ends the idle connection after KEEP_ALIVE_TIMEOUT_MS (1 s here).
    const idleFrom = performance.now();
    await expect.poll(() => closedAt, { timeout: closeBoundMs }).toBeDefined();
    console.log(`${_label}: idle kept-alive connection closed after ${Math.round(closedAt! - idleFrom)} ms`);
  });
});

describe('connection timeout settings', () => {
  it('refuses a header timeout longer than the request timeout, and an idle timeout shorter than the request deadline', () => {
    expect(() => readGatewayConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toThrow(/HEADERS_TIMEOUT_MS \(5000\) must not be longer than REQUEST_TIMEOUT_MS \(4000\)/);
    expect(() => readSubgraphConfig('test', 0, { HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toThrow(/HEADERS_TIMEOUT_MS/);
    expect(() => readGatewayConfig({ CONNECTION_TIMEOUT_MS: '15000', REQUEST_DEADLINE_MS: '15000' })).toThrow(/CONNECTION_TIMEOUT_MS \(15000\) must be longer than REQUEST_DEADLINE_MS \(15000\)/);
  });
});
