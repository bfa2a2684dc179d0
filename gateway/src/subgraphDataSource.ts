// How the gateway talks to one subgraph: a RemoteGraphQLDataSource with a deadline
// (subgraphFetcher.ts); request signing and identity forwarding belong here too.
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from './config.ts';
import type { SubgraphName } from './composeSupergraph.ts';
import { createSubgraphFetcher } from './subgraphFetcher.ts';

export function createSubgraphDataSource(name: string, config: GatewayConfig, log: FastifyBaseLogger): RemoteGraphQLDataSource {
  return new RemoteGraphQLDataSource({
    url: config.subgraphUrls[name as SubgraphName],
    fetcher: createSubgraphFetcher(name, config.subgraphTimeoutMs, log),
  });
}
