// The gateway's readiness (`GET /health/ready`): ready once its supergraph is loaded and until it
// starts shutting down. Each subgraph's own readiness and circuit are reported in the body, but a
// subgraph that is down does not make the gateway unready: it still answers, with that
// subgraph's fields null and SUBGRAPH_UNAVAILABLE, and taking it out of rotation would help no one.
import { readinessTimeoutMs, type Readiness } from '@crimehub/common';
import type { CircuitBreaker } from './circuitBreaker.ts';
import type { GatewayConfig } from './config.ts';

/** How long the gateway waits for one subgraph's readiness: within its own probe's time. */
const subgraphProbeMs = Math.floor(readinessTimeoutMs * 0.75);

export function gatewayReadiness(config: Pick<GatewayConfig, 'subgraphUrls'>, breakers: ReadonlyMap<string, CircuitBreaker>, serving: () => boolean): () => Promise<Readiness> {
  return async () => {
    // The supergraph is loaded before this route exists (createGateway.ts); serving() turns false at shutdown.
    if (!serving()) return { ready: false, reason: 'the gateway is shutting down' };
    const subgraphs = Object.fromEntries(
      await Promise.all(Object.entries(config.subgraphUrls).map(async ([name, url]) => [name, { status: await subgraphStatus(url), circuit: breakers.get(name)?.state ?? 'closed' }] as const)),
    );
    return { ready: true, supergraph: 'loaded', subgraphs };
  };
}

async function subgraphStatus(graphqlUrl: string): Promise<'up' | 'down'> {
  try {
    const response = await fetch(new URL('/health/ready', graphqlUrl), { signal: AbortSignal.timeout(subgraphProbeMs) });
    await response.body?.cancel();
    return response.ok ? 'up' : 'down';
  } catch {
    return 'down';
  }
}
