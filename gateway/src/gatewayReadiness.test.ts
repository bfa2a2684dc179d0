// The gateway's readiness against real HTTP servers in this process: each partner's own readiness
// and circuit are reported, a partner that is down or not ready never makes the gateway unready,
// and a gateway that is shutting down is not ready.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuitBreaker.ts';
import { gatewayReadiness } from './gatewayReadiness.ts';

const answering = (status: number) => http.createServer((request, response) => response.writeHead(request.url === '/health/ready' ? status : 404).end('{}'));
const ready = answering(200);
const unready = answering(503);
const urls: Record<string, string> = {};

beforeAll(async () => {
  for (const [name, server] of [
    ['police', ready],
    ['support', unready],
  ] as const) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  // Nothing listens on the discard port: a partner whose process is gone.
  urls.cyber = 'http://127.0.0.1:9/graphql';
});
afterAll(async () => {
  for (const server of [ready, unready]) await new Promise((resolve) => server.close(resolve));
});

describe("the gateway's readiness", () => {
  it('reports each partner and its circuit, and stays ready while partners are down', async () => {
    const open = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    open.failed();
    const breakers = new Map([['cyber', open]]);
    const report = await gatewayReadiness({ subgraphUrls: urls as never }, breakers, () => true)();
    expect(report).toEqual({
      ready: true,
      supergraph: 'loaded',
      subgraphs: { police: { status: 'up', circuit: 'closed' }, support: { status: 'down', circuit: 'closed' }, cyber: { status: 'down', circuit: 'open' } },
    });
  });

  it('is not ready once the gateway is shutting down', async () => {
    expect(await gatewayReadiness({ subgraphUrls: urls as never }, new Map(), () => false)()).toEqual({ ready: false, reason: 'the gateway is shutting down' });
  });
});
