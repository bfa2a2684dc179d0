// The gateway's fetcher for subgraph requests. Apollo's default sets no timeout: a partner
// that hangs would hang every help answer, so each request gets a deadline.
import type { Fetcher } from '@apollo/utils.fetcher';

export function createSubgraphFetcher(timeoutMs: number): Fetcher {
  return (async (url: string, init?: RequestInit) => {
    return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }) as unknown as Fetcher;
}
