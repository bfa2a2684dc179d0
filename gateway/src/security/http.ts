// Fastify-level protections for the public endpoint: security headers, the CORS allowlist,
// rate limits per identity, the body size and batching rules, the token limit, and logs that
// never carry request bodies, variables or credentials.
import { createHash } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { ErrorCode, healthPaths, type Identity } from '@crimehub/common';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { landingPage } from '../landingPage.ts';
import type { SecurityConfig } from './config.ts';
import { exceedsTokenLimit, tokenLimitMessage } from './documentLimits.ts';
import { createSharedRateLimitStore, type SharedRateLimitStore } from './rateLimitStore.ts';
import { HttpRefusal, sendRefusal } from './refusal.ts';

/** The GraphQL route the batching and token rules guard. */
const graphqlPath = '/graphql';
/** Routes that are never rate limited. */
const unlimitedPaths = new Set<string>(healthPaths);

declare module 'fastify' {
  interface FastifyRequest {
    /** Why the request's token was refused, when it was: the request is answered 401 once it has been counted. */
    identityRefusal: string | null;
  }
}

export async function registerSecurity(app: FastifyInstance, config: SecurityConfig): Promise<void> {
  keepRequestDataOutOfLogs(app);
  registerErrorAnswers(app, config);
  await app.register(helmet, helmetOptions(config));
  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
    credentials: false,
    maxAge: 600,
  });
  await registerRateLimit(app, config);
  app.decorateRequest('identityRefusal', null);
  refuseBadTokensAfterCounting(app);
  guardGraphQLRoute(app, config);
  // Fastify's own 404 logs and echoes the URL, query string included.
  app.setNotFoundHandler({ preHandler: [app.rateLimit(), refuseBadToken] }, async (request, reply) =>
    sendRefusal(reply, 404, `Not found: ${request.method} ${request.url.split('?')[0]}. The hub answers GraphQL at /graphql.`, { code: ErrorCode.NOT_FOUND }),
  );
}

// ---------------------------------------------------------------------------------------------
// Headers

/** The CSP hash of each inline <style> of the landing page, so it renders with no 'unsafe-inline'. */
export function landingPageStyleHashes(html: string = landingPage): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

function helmetOptions(config: SecurityConfig) {
  const styles = landingPageStyleHashes();
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      // The gateway serves JSON and one self-contained page: nothing is loaded from anywhere.
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: styles.length > 0 ? styles : ["'none'"],
        imgSrc: ["'self'", 'data:'],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' as const },
    // HSTS only means something over HTTPS, which production terminates in front of the gateway.
    strictTransportSecurity: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

// ---------------------------------------------------------------------------------------------
// Rate limits

/** The rate-limit key: the signed-in user, or the caller's IP (an IPv6 /64) when anonymous. */
export function rateLimitKey(request: FastifyRequest): string {
  const identity = (request as FastifyRequest & { identity?: Identity | null }).identity;
  return identity?.kind === 'user' ? `user:${identity.subject}` : `ip:${normalizeIP(request.ip)}`;
}

/** Answers 401 for a request whose token was refused (see createGateway.ts); runs after the rate limiter. */
const refuseBadToken: onRequestHookHandler = async (request, reply) => {
  if (request.identityRefusal === null) return;
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer error="invalid_token"')
    .type('application/json; charset=utf-8')
    .send({ errors: [{ message: request.identityRefusal, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
};

/**
 * Adds `refuseBadToken` to every route declared from now on, after the rate limiter's route
 * hook: a hook of the app's own would run before it.
 */
function refuseBadTokensAfterCounting(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, refuseBadToken];
  });
}

async function registerRateLimit(app: FastifyInstance, config: SecurityConfig): Promise<void> {
  const { max, windowMs, redisUrl, namespace } = config.rateLimit;
  let shared: SharedRateLimitStore | undefined;
  if (redisUrl) {
    shared = createSharedRateLimitStore(redisUrl, namespace, app.log);
    const { close } = shared;
    app.addHook('onClose', close);
    await shared.ready;
  }
  await app.register(rateLimit, {
    global: true,
    // A route hook, so it runs after the app's onRequest hook that settles `request.identity`,
    // and before the body is read: a caller over the limit costs no more than its headers.
    hook: 'onRequest',
    max,
    timeWindow: windowMs,
    keyGenerator: rateLimitKey,
    allowList: (request) => unlimitedPaths.has(request.routeOptions.url ?? ''),
    // Redis when it answers, memory while it does not: limiting never stops, never waits.
    ...(shared ? { store: shared.store } : {}),
    onExceeded: (request) => request.log.info('rate limit exceeded'),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpRefusal(context.statusCode, `Too many requests: at most ${context.max} requests per ${formatWindow(windowMs)} from one caller; try again in ${seconds} seconds.`, {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds: seconds,
      });
    },
  });
}

function formatWindow(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

// ---------------------------------------------------------------------------------------------
// Batching and token limits, at the HTTP layer, before Apollo Server parses anything

function guardGraphQLRoute(app: FastifyInstance, config: SecurityConfig): void {
  const guard: preHandlerHookHandler = async (request) => {
    const payload: unknown = request.method === 'POST' ? request.body : request.query;
    let operations: unknown[];
    if (Array.isArray(payload)) {
      if (!config.allowBatchedRequests) {
        throw new HttpRefusal(400, 'Batched requests are not accepted: send one operation per request, as a JSON object rather than an array.', {
          code: ErrorCode.BAD_USER_INPUT,
        });
      }
      if (payload.length > config.maxBatchSize) {
        throw new HttpRefusal(400, `A batch may hold at most ${config.maxBatchSize} operations; this one has ${payload.length}.`, {
          code: ErrorCode.BAD_USER_INPUT,
          maxBatchSize: config.maxBatchSize,
        });
      }
      operations = payload;
    } else {
      operations = [payload];
    }
    for (const operation of operations) {
      const query = (operation as { query?: unknown } | null | undefined)?.query;
      if (typeof query === 'string' && exceedsTokenLimit(query, config.maxTokens)) {
        throw new HttpRefusal(400, tokenLimitMessage(config.maxTokens), { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'tokens' });
      }
    }
  };
  // A route-level hook added after the rate limiter's, so refused documents still count.
  app.addHook('onRoute', (route) => {
    if (route.url !== graphqlPath) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...existing, guard];
  });
}

// ---------------------------------------------------------------------------------------------
// Error answers

function registerErrorAnswers(app: FastifyInstance, config: SecurityConfig): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpRefusal) return sendRefusal(reply, error.statusCode, error.message, error.extensions);
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendRefusal(reply, 413, `The request body is too large: the gateway accepts at most ${config.maxBodyBytes} bytes.`, {
        code: ErrorCode.PAYLOAD_TOO_LARGE,
        maxBytes: config.maxBodyBytes,
      });
    }
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendRefusal(reply, 400, 'The request body is not valid JSON: send {"query": "...", "variables": {...}}.', { code: ErrorCode.BAD_USER_INPUT });
    }
    // Anything else goes on to Fastify's own handler, which logs it and answers as it always has.
    throw error;
  });
}

// ---------------------------------------------------------------------------------------------
// Logs

/** What a log line says about a request: no query string (a GET carries its query and variables there), no headers. */
export function describeRequest(request: FastifyRequest): Record<string, unknown> {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  return {
    method: request.method,
    url: queryAt === -1 ? url : `${url.slice(0, queryAt)}?[redacted]`,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Paths censored in any request-scoped log line, should anything ever log them. */
export const redactedLogPaths = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'body', 'req.body', 'variables', 'request.variables'];

/**
 * Request logs (Fastify's "incoming request" / "request completed" and anything a hook or
 * plugin logs through `request.log`) go through a child logger that drops the query string and
 * headers and censors bodies and variables. Fastify itself never logs bodies.
 */
function keepRequestDataOutOfLogs(app: FastifyInstance): void {
  const safe = app.log.child({}, { serializers: { req: describeRequest }, redact: { paths: redactedLogPaths, censor: '[redacted]' } });
  app.setChildLoggerFactory((_logger, bindings, options) => safe.child(bindings, options));
}
