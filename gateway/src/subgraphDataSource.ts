// How the gateway talks to one subgraph: a RemoteGraphQLDataSource with a deadline
// (subgraphFetcher.ts) that forwards who is asking and signs every request, so that
// subgraphs can trust only the gateway (see common/src/signing.ts).
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { anonymous, encodeIdentity, ErrorCode, signingHeaders, type Identity } from '@crimehub/common';
import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from './config.ts';
import type { SubgraphName } from './composeSupergraph.ts';
import { createSubgraphFetcher } from './subgraphFetcher.ts';

export function createSubgraphDataSource(name: string, config: GatewayConfig, log: FastifyBaseLogger): RemoteGraphQLDataSource<{ identity?: Identity }> {
  return new RemoteGraphQLDataSource<{ identity?: Identity }>({
    url: config.subgraphUrls[name as SubgraphName],
    // The fetcher signs: only it sees the body exactly as it is sent.
    fetcher: createSubgraphFetcher(name, config.subgraphTimeoutMs, log, config.signing),
    willSendRequest({ request, context }) {
      // The caller's identity from the Apollo context; the gateway's own calls have none.
      request.http?.headers.set(signingHeaders.identity, encodeIdentity(context?.identity ?? anonymous));
    },
    async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
      if (response.status !== 401) return RemoteGraphQLDataSource.prototype.errorFromResponse.call(this, response);
      // The subgraph refused our signature: a deployment fault, not the caller's. Say why in the
      // log; the caller gets what an unreachable partner gives, with no URL or reason.
      const body = (await response.json().catch(() => undefined)) as { errors?: { message?: string }[] } | undefined;
      log.error(
        { serviceName: name, reason: body?.errors?.[0]?.message },
        'a subgraph refused the gateway signature: HUB_SIGNING_SECRET must be the same for the gateway and every subgraph, and their clocks in sync',
      );
      return new GraphQLError(`The ${name} service could not answer, so its part of the answer is missing. Please try again later.`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: name },
      });
    },
  });
}
