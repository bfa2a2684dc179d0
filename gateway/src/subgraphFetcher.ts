// The gateway's fetcher for one subgraph. Apollo's default sets no timeout: a partner that
// hangs would hang every help answer. Each call gets SUBGRAPH_TIMEOUT_MS, cut short by the
// request's deadline (REQUEST_DEADLINE_MS): a partner that cannot be reached becomes a
// SUBGRAPH_UNAVAILABLE error naming it, one the deadline overtook DEADLINE_EXCEEDED, and no call
// starts after the deadline; the rest of the answer still arrives. A subgraph that keeps failing
// is skipped for a while (circuitBreaker.ts), with the same SUBGRAPH_UNAVAILABLE at once.
// It also signs each request for this subgraph, its method and path, and the exact body sent,
// with a fresh nonce (common/src/signing.ts): subgraphs answer nothing else, and each request once.
// Identical queries in flight at once are sent once (SUBGRAPH_DEDUP, on by default): a query the
// data source marks shareable (never a mutation) for the same URL, the same exact body and the
// same x-hub-identity (everything the subgraph knows of the caller, so two callers never share an
// answer) waits for the request already on its way and gets a copy of its answer, or its error.
// Only the one request is signed and sent, with its own nonce; nothing is kept once it has answered.
// Requests go out through node:http on a keep-alive agent of the subgraph's own rather than the
// global fetch: undici's fetch builds a Request, web streams and an AbortSignal chain for every
// call, which cost the gateway more CPU than planning and shaping the answer together.
import http from 'node:http';
import https from 'node:https';
import type { Fetcher, FetcherHeaders, FetcherResponse } from '@apollo/utils.fetcher';
import type { FastifyBaseLogger } from 'fastify';
import {
  anonymous,
  deadlineHeader,
  encodeIdentity,
  ErrorCode,
  extractTraceContext,
  hubTracer,
  injectTraceContext,
  pathOf,
  signEncoded,
  signingHeaders,
  tracingEnabled,
  type SigningConfig,
} from '@crimehub/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import type { CircuitBreaker } from './circuitBreaker.ts';
import type { SubgraphMetrics } from './gatewayMetrics.ts';

/**
 * Where in the answer a subgraph request's data goes, as JSON (set by subgraphDataSource.ts), so
 * that an error for a request that never answered names the missing path. Never sent on.
 */
export const responsePathHeader = 'x-hub-response-path';

/**
 * Set (to `1`) by subgraphDataSource.ts on a query whose answer may go to every identical request
 * in flight; a mutation never carries it. Never sent on.
 */
export const shareableHeader = 'x-hub-shareable';

export interface SubgraphFetcherOptions {
  /** `SUBGRAPH_DEDUP`: identical shareable requests in flight are sent once (default true). */
  dedup?: boolean;
}

/** What watches a subgraph's calls: its circuit breaker and the gateway's metrics (both optional). */
export interface SubgraphWatch {
  breaker?: CircuitBreaker;
  metrics?: SubgraphMetrics;
}

export function createSubgraphFetcher(
  serviceName: string,
  timeoutMs: number,
  log: FastifyBaseLogger,
  signing: SigningConfig,
  watch: SubgraphWatch = {},
  { dedup = true }: SubgraphFetcherOptions = {},
): Fetcher {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const { breaker, metrics } = watch;
  /** The shareable requests on their way, by method, URL, identity and body. */
  const inFlight = new Map<string, Promise<FetcherResponse>>();
  const fetcher = async (url: string, init: RequestInit | undefined, headers: Headers, onDedup?: (deduplicated: boolean) => void) => {
    if (init?.body != null && typeof init.body !== 'string') throw new Error(`the request to the ${serviceName} service has a body that cannot be signed`);
    const body = init?.body ?? '';
    const path = readPath(headers.get(responsePathHeader));
    headers.delete(responsePathHeader);
    const shareable = dedup && headers.get(shareableHeader) === '1';
    headers.delete(shareableHeader);
    // The request's deadline (subgraphDataSource.ts) also goes to the subgraph, which stops at it too.
    const deadline = Number(headers.get(deadlineHeader) ?? Number.NaN);
    const remainingMs = Number.isFinite(deadline) ? deadline - Date.now() : Number.POSITIVE_INFINITY;
    if (remainingMs <= 0) throw deadlineExceeded(serviceName, path);
    if (!shareable) return sendSigned(url, init?.method ?? 'GET', headers, body, path, remainingMs);
    // The data source puts the caller's identity in x-hub-identity (subgraphDataSource.ts).
    const key = `${init?.method ?? 'GET'} ${url}\n${headers.get(signingHeaders.identity) ?? ''}\n${body}`;
    const running = inFlight.get(key);
    if (running) {
      metrics?.deduplicated(serviceName);
      onDedup?.(true);
      return waitForShared(running, serviceName, path, remainingMs, timeoutMs);
    }
    onDedup?.(false);
    const sending = sendSigned(url, init?.method ?? 'GET', headers, body, path, remainingMs);
    inFlight.set(key, sending);
    const forget = () => void inFlight.delete(key);
    sending.then(forget, forget);
    return sending;
  };
  return (async (url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (!tracingEnabled()) return fetcher(url, init, headers);
    // A client span per subgraph request, a child of the request's span (the data source put its
    // traceparent on the headers); the subgraph gets this span's traceparent. A request answered
    // with a copy of an identical one in flight (deduplicated) has its span too, but sends nothing.
    const parent = extractTraceContext(headers);
    const span = hubTracer().startSpan(`subgraph ${serviceName}`, { kind: SpanKind.CLIENT, attributes: { 'hub.subgraph': serviceName, 'url.full': url } }, parent);
    injectTraceContext(headers, trace.setSpan(parent, span));
    try {
      const response = await fetcher(url, init, headers, (deduplicated) => span.setAttribute('hub.deduplicated', deduplicated ? 'yes' : 'no'));
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return response;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  }) as unknown as Fetcher;

  /** Signs and sends one request, watched by the circuit breaker and the metrics. */
  async function sendSigned(url: string, method: string, headers: Headers, body: string, path: (string | number)[] | undefined, remainingMs: number): Promise<FetcherResponse> {
    // A subgraph that keeps failing is not called for a while: its part is missing at once.
    if (breaker && !breaker.tryCall()) {
      metrics?.observe(serviceName, 'skipped');
      throw new GraphQLError(
        `The ${serviceName} service has been failing, so the hub is not asking it until ${new Date(breaker.retryAt).toISOString()}; its part of the answer is missing. Please try again later.`,
        { path, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName } },
      );
    }
    const identityHeader = headers.get(signingHeaders.identity) ?? encodeIdentity(anonymous);
    const target = { audience: serviceName, method, path: pathOf(url) };
    for (const [name, value] of Object.entries(signEncoded(signing, target, identityHeader, body))) headers.set(name, value);
    // Whichever comes first: this call's own timeout, or the request's deadline.
    const deadlineFirst = remainingMs < timeoutMs;
    const signal = AbortSignal.timeout(deadlineFirst ? Math.ceil(remainingMs) : timeoutMs);
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await send(url, method, headers, body, signal, agents);
      // A server error counts against the subgraph; anything else is an answer (GraphQL errors included).
      if (response.status >= 500) breaker?.failed();
      else breaker?.succeeded();
      metrics?.observe(serviceName, response.status >= 500 ? 'server_error' : 'ok', seconds());
      return response;
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      if (timedOut && deadlineFirst) {
        // The request ran out of time: that says nothing about the subgraph.
        breaker?.abandoned();
        metrics?.observe(serviceName, 'deadline', seconds());
        log.warn({ serviceName, url }, 'request deadline passed while waiting for a subgraph');
        throw deadlineExceeded(serviceName, path, error as Error);
      }
      breaker?.failed();
      metrics?.observe(serviceName, timedOut ? 'timeout' : 'unavailable', seconds());
      log.warn({ err: error, serviceName, url }, 'subgraph unavailable');
      throw new GraphQLError(
        `The ${serviceName} service ${timedOut ? `did not answer within ${timeoutMs} ms` : 'could not be reached'}, so its part of the answer is missing. Please try again later.`,
        { originalError: error as Error, path, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName } },
      );
    }
  }
}

/**
 * A copy of the answer of an identical request already on its way, or its error (naming this
 * request's own path). This request's deadline still holds: when it comes first, this request
 * stops waiting with DEADLINE_EXCEEDED (the shared request keeps its own).
 */
async function waitForShared(shared: Promise<FetcherResponse>, serviceName: string, path: (string | number)[] | undefined, remainingMs: number, timeoutMs: number): Promise<FetcherResponse> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = remainingMs < timeoutMs ? new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(deadlineExceeded(serviceName, path)), Math.ceil(remainingMs)))) : undefined;
  try {
    const response = await (deadline ? Promise.race([shared, deadline]) : shared);
    return response.clone();
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.path === path) throw error;
    throw new GraphQLError(error.message, { originalError: error.originalError ?? undefined, path, extensions: error.extensions });
  } finally {
    clearTimeout(timer);
  }
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

/**
 * One HTTP request, its answer read whole under `signal` (so a subgraph that stalls mid-answer is
 * cut off too). An abort rejects with the signal's reason, as fetch does (a TimeoutError for
 * AbortSignal.timeout).
 */
function send(url: string, method: string, headers: Headers, body: string, signal: AbortSignal, agents: { http: http.Agent; https: https.Agent }): Promise<FetcherResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const outgoing: Record<string, string> = {};
  headers.forEach((value, name) => (outgoing[name] = value));
  if (body !== '') outgoing['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(signal.aborted ? signal.reason : error);
    const request = (secure ? https : http).request(target, { method, headers: outgoing, agent: secure ? agents.https : agents.http, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('aborted', () => fail(new Error('the connection closed before the answer was complete')));
      response.on('close', () => {
        if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
      });
      response.on('end', () => {
        if (!response.complete) return fail(new Error('the connection closed before the answer was complete'));
        resolve(new SubgraphResponse(url, response.statusCode ?? 0, response.statusMessage ?? '', response.headers, Buffer.concat(chunks).toString('utf8')));
      });
    });
    request.on('error', fail);
    request.end(body === '' ? undefined : body);
  });
}

/** A subgraph's answer, already read: what the gateway's data source reads of a fetch Response. */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly headers: FetcherHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    incoming: http.IncomingHttpHeaders,
    private readonly body: string,
  ) {
    // Node's Headers is iterable (FetcherHeaders); the compiler's lib here lacks DOM.Iterable.
    this.headers = new Headers() as unknown as FetcherHeaders;
    for (const [name, value] of Object.entries(incoming)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) this.headers.append(name, one);
    }
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    if (this.bodyUsed) throw new TypeError('the body of this subgraph response was already read');
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text(), 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    const copy = new SubgraphResponse(this.url, this.status, this.statusText, {}, this.body);
    for (const [name, value] of this.headers) copy.headers.append(name, value);
    return copy;
  }
}
