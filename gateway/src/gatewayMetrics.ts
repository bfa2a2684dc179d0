// The gateway's own Prometheus metrics, beside every process's (common/src/metrics.ts): GraphQL
// operations by name and their latency, errors by code, and each subgraph call by outcome, its
// latency and its circuit's state, and the calls not sent because an identical one was in flight. An operation is labelled with its name only when it is one of
// the saved operations, sent as saved; any other is `other` (or `anonymous` with no name), so a
// client cannot grow the label set.
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, errorCodeLabel, Gauge, Histogram, latencyBuckets, type Registry } from '@crimehub/common';
import { circuitStateValue, type CircuitBreaker } from './circuitBreaker.ts';
import type { TrustedDocuments } from './security/trustedDocuments.ts';

/** How a subgraph call ended, for `gateway_subgraph_requests_total`. */
export type SubgraphOutcome = 'ok' | 'server_error' | 'unavailable' | 'timeout' | 'deadline' | 'skipped';

export interface SubgraphMetrics {
  observe(subgraph: string, outcome: SubgraphOutcome, seconds?: number): void;
  /** A request not sent: it waited for an identical one in flight (SUBGRAPH_DEDUP). */
  deduplicated(subgraph: string): void;
}

export interface GatewayMetrics {
  /** Counts operations, their latency and their errors. */
  plugin: ApolloServerPlugin;
  /** An operation's label: its name when it is a saved operation sent as saved, else `other` (`anonymous` with no name). */
  operationLabel: (name: string | null | undefined, query: string | undefined) => string;
  subgraphs: SubgraphMetrics;
}

export function registerGatewayMetrics(registry: Registry, trustedDocuments: TrustedDocuments, breakers: ReadonlyMap<string, CircuitBreaker>): GatewayMetrics {
  const registers = [registry];
  const operations = new Counter({ name: 'graphql_operations_total', help: 'GraphQL operations answered, by saved operation name (else other or anonymous)', labelNames: ['operation'], registers });
  const latency = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time to answer a GraphQL operation, by saved operation name',
    labelNames: ['operation'],
    buckets: latencyBuckets,
    registers,
  });
  const errors = new Counter({ name: 'graphql_errors_total', help: 'Errors in GraphQL answers, by extensions.code (OTHER when not in the hub table)', labelNames: ['code'], registers });
  const subgraphCalls = new Counter({
    name: 'gateway_subgraph_requests_total',
    help: 'Calls to each subgraph, by outcome (skipped: refused by an open circuit)',
    labelNames: ['subgraph', 'outcome'],
    registers,
  });
  const subgraphDeduplicated = new Counter({
    name: 'gateway_subgraph_requests_deduplicated_total',
    help: 'Subgraph requests not sent because an identical one (same query, variables and caller) was in flight: they shared its answer',
    labelNames: ['subgraph'],
    registers,
  });
  const subgraphLatency = new Histogram({
    name: 'gateway_subgraph_request_duration_seconds',
    help: 'Time a subgraph took to answer a call',
    labelNames: ['subgraph'],
    buckets: latencyBuckets,
    registers,
  });
  new Gauge({
    name: 'gateway_subgraph_circuit_state',
    help: "Each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open",
    labelNames: ['subgraph'],
    registers,
    collect() {
      for (const [subgraph, breaker] of breakers) this.set({ subgraph }, circuitStateValue[breaker.state]);
    },
  });

  // The saved operations' exact texts by name: a request is labelled with a name only when it sends that text.
  const saved = new Map<string, Set<string>>();
  for (const operation of trustedDocuments.byHash.values()) {
    const texts = saved.get(operation.name) ?? new Set<string>();
    texts.add(operation.body).add(operation.text);
    saved.set(operation.name, texts);
  }
  const label = (name: string | null | undefined, query: string | undefined) => {
    if (!name) return 'anonymous';
    return query !== undefined && saved.get(name)?.has(query) ? name : 'other';
  };

  const plugin: ApolloServerPlugin = {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      return {
        // Every error of the answer: refusals before execution, and what resolvers and subgraphs raised.
        async didEncounterErrors({ errors: found }) {
          for (const error of found) errors.inc({ code: errorCodeLabel(error.extensions?.code) });
        },
        async willSendResponse({ request: sent, operationName }) {
          const operation = label(operationName ?? sent.operationName, sent.query ?? request.query);
          operations.inc({ operation });
          latency.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
  return {
    plugin,
    operationLabel: label,
    subgraphs: {
      observe(subgraph, outcome, seconds) {
        subgraphCalls.inc({ subgraph, outcome });
        if (seconds !== undefined) subgraphLatency.observe({ subgraph }, seconds);
      },
      deduplicated(subgraph) {
        subgraphDeduplicated.inc({ subgraph });
      },
    },
  };
}
