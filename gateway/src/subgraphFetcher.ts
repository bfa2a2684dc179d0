// The gateway's fetcher for one subgraph. Apollo's default sets no timeout: a partner that
// hangs would hang every help answer. Each request gets a deadline, and a partner that cannot
// be reached becomes a SUBGRAPH_UNAVAILABLE error naming it; the rest of the answer still arrives.
// It also signs each request for this subgraph, its method and path, and the exact body sent,
// with a fresh nonce (common/src/signing.ts): subgraphs answer nothing else, and each request once.
import type { Fetcher } from '@apollo/utils.fetcher';
import type { FastifyBaseLogger } from 'fastify';
import { anonymous, encodeIdentity, ErrorCode, pathOf, signEncoded, signingHeaders, type SigningConfig } from '@crimehub/common';
import { GraphQLError } from 'graphql';

export function createSubgraphFetcher(serviceName: string, timeoutMs: number, log: FastifyBaseLogger, signing: SigningConfig): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    if (init?.body != null && typeof init.body !== 'string') throw new Error(`the request to the ${serviceName} service has a body that cannot be signed`);
    const body = init?.body ?? '';
    const headers = new Headers(init?.headers);
    // The data source puts the caller's identity in x-hub-identity (subgraphDataSource.ts).
    const identityHeader = headers.get(signingHeaders.identity) ?? encodeIdentity(anonymous);
    const target = { audience: serviceName, method: init?.method ?? 'GET', path: pathOf(url) };
    for (const [name, value] of Object.entries(signEncoded(signing, target, identityHeader, body))) headers.set(name, value);
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      log.warn({ err: error, serviceName, url }, 'subgraph unavailable');
      throw new GraphQLError(
        `The ${serviceName} service ${timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached'}, so its part of the answer is missing. Please try again later.`,
        { originalError: error as Error, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName } },
      );
    }
  }) as unknown as Fetcher;
}
