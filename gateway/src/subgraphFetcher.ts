// The gateway's fetcher for one subgraph. Apollo's default sets no timeout: a partner that
// hangs would hang every help answer. Each call gets SUBGRAPH_TIMEOUT_MS, cut short by the
// request's deadline (REQUEST_DEADLINE_MS): a partner that cannot be reached becomes a
// SUBGRAPH_UNAVAILABLE error naming it, one the deadline overtook DEADLINE_EXCEEDED, and no call
// starts after the deadline; the rest of the answer still arrives.
// It also signs each request for this subgraph, its method and path, and the exact body sent,
// with a fresh nonce (common/src/signing.ts): subgraphs answer nothing else, and each request once.
import type { Fetcher } from '@apollo/utils.fetcher';
import type { FastifyBaseLogger } from 'fastify';
import { anonymous, deadlineHeader, encodeIdentity, ErrorCode, pathOf, signEncoded, signingHeaders, type SigningConfig } from '@crimehub/common';
import { GraphQLError } from 'graphql';

/**
 * Where in the answer a subgraph request's data goes, as JSON (set by subgraphDataSource.ts), so
 * that an error for a request that never answered names the missing path. Never sent on.
 */
export const responsePathHeader = 'x-hub-response-path';

export function createSubgraphFetcher(serviceName: string, timeoutMs: number, log: FastifyBaseLogger, signing: SigningConfig): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    if (init?.body != null && typeof init.body !== 'string') throw new Error(`the request to the ${serviceName} service has a body that cannot be signed`);
    const body = init?.body ?? '';
    const headers = new Headers(init?.headers);
    const path = readPath(headers.get(responsePathHeader));
    headers.delete(responsePathHeader);
    // The request's deadline (subgraphDataSource.ts) also goes to the subgraph, which stops at it too.
    const deadline = Number(headers.get(deadlineHeader) ?? Number.NaN);
    const remainingMs = Number.isFinite(deadline) ? deadline - Date.now() : Number.POSITIVE_INFINITY;
    if (remainingMs <= 0) throw deadlineExceeded(serviceName, path);
    // The data source puts the caller's identity in x-hub-identity (subgraphDataSource.ts).
    const identityHeader = headers.get(signingHeaders.identity) ?? encodeIdentity(anonymous);
    const target = { audience: serviceName, method: init?.method ?? 'GET', path: pathOf(url) };
    for (const [name, value] of Object.entries(signEncoded(signing, target, identityHeader, body))) headers.set(name, value);
    // Whichever comes first: this call's own timeout, or the request's deadline.
    const deadlineFirst = remainingMs < timeoutMs;
    const signal = AbortSignal.timeout(deadlineFirst ? Math.ceil(remainingMs) : timeoutMs);
    try {
      const response = await fetch(url, { ...init, headers, signal });
      // Read the body here, under the same signal, so a subgraph that stalls mid-answer is cut off too.
      const text = await response.text();
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      if (timedOut && deadlineFirst) {
        log.warn({ serviceName, url }, 'request deadline passed while waiting for a subgraph');
        throw deadlineExceeded(serviceName, path, error as Error);
      }
      log.warn({ err: error, serviceName, url }, 'subgraph unavailable');
      throw new GraphQLError(
        `The ${serviceName} service ${timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached'}, so its part of the answer is missing. Please try again later.`,
        { originalError: error as Error, path, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName } },
      );
    }
  }) as unknown as Fetcher;
}

function deadlineExceeded(serviceName: string, path: (string | number)[] | undefined, cause?: Error): GraphQLError {
  return new GraphQLError(`The request's deadline passed before the ${serviceName} service answered, so its part of the answer is missing. Ask for less in one request, or try again later.`, {
    originalError: cause,
    path,
    extensions: { code: ErrorCode.DEADLINE_EXCEEDED, serviceName },
  });
}

function readPath(header: string | null): (string | number)[] | undefined {
  if (header === null) return undefined;
  try {
    const path: unknown = JSON.parse(header);
    return Array.isArray(path) && path.every((segment) => typeof segment === 'string' || typeof segment === 'number') ? path : undefined;
  } catch {
    return undefined;
  }
}
