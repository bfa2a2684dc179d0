// The gateway's fetcher for one subgraph. Apollo's default sets no timeout: a partner that
// hangs would hang every help answer. Each request gets a deadline, and a partner that cannot
// be reached becomes a SUBGRAPH_UNAVAILABLE error naming it; the rest of the answer still arrives.
import type { Fetcher } from '@apollo/utils.fetcher';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode } from '@crimehub/common';
import { GraphQLError } from 'graphql';

export function createSubgraphFetcher(serviceName: string, timeoutMs: number, log: FastifyBaseLogger): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
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
