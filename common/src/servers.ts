// Builds a subgraph's Fastify app on either partner stack — Apollo Server with @apollo/subgraph,
// or mercurius with @mercuriusjs/federation — with the same health check and error policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { GraphQLError, parse, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import type { Registry } from 'prom-client';
import { EnvReader, readHttpTimeouts, repoRoot, type HttpTimeouts } from './config.ts';
import { ErrorCode } from './errors.ts';
import { databaseReadiness, healthPaths, registerHealthRoutes } from './health.ts';
import { anonymous, type Identity } from './identity.ts';
import type { PoolUse } from './db.ts';
import { ownRequestLogging, requestLogging } from './requestLog.ts';
import { registerMetrics, registerPoolMetrics, registerReadCacheMetrics, type MetricsConfig } from './metrics.ts';
import type { ReadCache } from './readCache.ts';
import { createNonceStore } from './nonceStore.ts';
import { signingHeaders, verifySignedRequest, type SigningConfig } from './signing.ts';
import { tracedRequests, tracingLoggerOptions } from './tracing.ts';

/** Reads `schema/<name>.graphql`, the subgraph's SDL, once at start. */
export function readSchemaFile(name: string): string {
  return readFileSync(path.join(repoRoot, 'schema', `${name}.graphql`), 'utf8');
}

const knownCodes = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Errors we raised on purpose carry a code from the table and pass through as they are.
 * Anything else (a database error, a bug) is logged in full and reaches the client as
 * INTERNAL_SERVER_ERROR with no internals in its message.
 */
export function maskUnexpectedError(formatted: GraphQLFormattedError, original: unknown, log: FastifyBaseLogger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const validation = original instanceof GraphQLError && !original.path && !original.originalError;
  if ((typeof code === 'string' && knownCodes.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) || validation) return formatted;
  log.error({ err: original }, 'unexpected error while resolving');
  return {
    message: 'Internal error: the failure was logged; please try again later.',
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

export interface SubgraphAppOptions<TContext> {
  /** Subgraph name, e.g. `police`. */
  name: string;
  /** The SDL text (Federation 2). */
  typeDefs: string;
  resolvers: Record<string, unknown>;
  /** Builds a fresh per-request context (DataLoaders live here) for the identity the gateway vouched for. */
  context: (identity: Identity) => TContext;
  /** Checks the database answers, for `GET /health/ready` (see health.ts). */
  healthCheck: () => Promise<void>;
  /** `METRICS_TOKEN`: who may read `GET /metrics` (see metrics.ts); unset, nobody. */
  metrics?: MetricsConfig;
  /** The database pool's use, for `/metrics` (PostgreSQL only). */
  poolUse?: () => PoolUse;
  /** The embedded database's read cache, for `/metrics` (PGlite only). */
  readCache?: ReadCache;
  /** Adds the subgraph's own metrics (e.g. the police outbox backlog) to its registry. */
  addMetrics?: (registry: Registry) => void;
  /** How the gateway's signature on every request is checked (see signing.ts). */
  signing: SigningConfig;
  /** How long a slow or idle client may hold a connection (defaults: see readHttpTimeouts). */
  timeouts?: HttpTimeouts;
  logLevel?: string;
}

/**
 * Fastify's server options for the hub's connection timeouts. Fastify leaves the request
 * timeout off and Node checks it only every 30 s: a client trickling one byte at a time would
 * hold its connection for minutes. Node checks here at least every second.
 */
export function httpTimeoutOptions(timeouts: HttpTimeouts = readHttpTimeouts(new EnvReader({}))) {
  return {
    connectionTimeout: timeouts.connectionMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(timeouts.headersMs / 2))),
    },
  };
}

/** The exact body text of each JSON request, as the signature covers it. */
const rawBodies = new WeakMap<FastifyRequest, string>();
/** The identity each verified request carries. */
const identities = new WeakMap<FastifyRequest, Identity>();

/** The identity the gateway signed for this request (anonymous before verification). */
export function identityOf(request: FastifyRequest): Identity {
  return identities.get(request) ?? anonymous;
}

function refuse(request: FastifyRequest, reply: FastifyReply, reason: string): FastifyReply {
  request.log.warn({ reason }, 'refused a request without a valid gateway signature');
  return reply
    .code(401)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message: `This service answers only the Business Crime Hub gateway: ${reason}`, extensions: { code: ErrorCode.UNAUTHENTICATED } }] }));
}

/**
 * Only the health routes and `GET /metrics` (which checks its own token) are open; every other
 * request must carry the gateway's signature.
 */
const openPaths = new Set<string>([...healthPaths, '/metrics']);
const isOpen = (request: FastifyRequest) => openPaths.has(request.routeOptions.url ?? '') && (request.method === 'GET' || request.method === 'HEAD');

/**
 * Subgraphs trust only the gateway. Unsigned requests are refused as they arrive, before the
 * body is read; the others are verified once the body is in, before any GraphQL runs: signed
 * for this subgraph (`name`), for the method and the path with query string they came on (a
 * GET's query lives there), over the exact body bytes received (a POST's raw JSON; none
 * otherwise), and with a nonce never seen before.
 */
function requireGatewaySignature(app: FastifyInstance, signing: SigningConfig, name: string): void {
  const nonces = createNonceStore(signing.nonces, app.log);
  app.addHook('onReady', () => nonces.whenReady());
  app.addHook('onClose', () => nonces.close());
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    rawBodies.set(request, body as string);
    defaultJsonParser(request, body as string, done);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (isOpen(request)) return;
    const missing = Object.values(signingHeaders).filter((name) => !request.headers[name]);
    if (missing.length > 0) return refuse(request, reply, `the request is not signed (missing ${missing.join(', ')})`);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (isOpen(request)) return;
    let signed: string | undefined;
    if (request.method === 'POST') {
      signed = rawBodies.get(request);
      if (signed === undefined) return refuse(request, reply, 'a signed request must send an application/json body');
    } else {
      signed = '';
    }
    try {
      identities.set(request, await verifySignedRequest(signing, nonces, { audience: name, method: request.method, path: request.url }, request.headers, signed));
    } catch (error) {
      return refuse(request, reply, (error as Error).message);
    }
  });
}

/**
 * The header in which the gateway sends a request's deadline (epoch milliseconds). It is not
 * signed: all it can do is make a subgraph stop sooner.
 */
export const deadlineHeader = 'x-hub-deadline';

/** When the request behind a context must stop: its deadline, and whether its caller hung up. */
interface RequestStop {
  deadline: number | undefined;
  hungUp: AbortSignal;
}

/** Where a request's stop conditions live in its context (a symbol: both stacks copy it, no resolver sees it). */
const requestStop = Symbol('requestStop');

/**
 * Adds the request's stop conditions to the context it gets: the deadline the gateway sent,
 * and a signal raised when the gateway hangs up before the answer is sent.
 */
function withRequestStop<TContext extends object>(context: TContext, request: FastifyRequest, reply: FastifyReply): TContext {
  const header = Number(request.headers[deadlineHeader]);
  const hungUp = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) hungUp.abort();
  });
  const stop: RequestStop = { deadline: Number.isSafeInteger(header) && header > 0 ? header : undefined, hungUp: hungUp.signal };
  return Object.assign(context, { [requestStop]: stop });
}

function stopReason(context: unknown): string | undefined {
  const stop = (context as { [requestStop]?: RequestStop } | null | undefined)?.[requestStop];
  if (!stop) return undefined;
  if (stop.hungUp.aborted) return 'the gateway stopped waiting for the answer';
  if (stop.deadline !== undefined && Date.now() >= stop.deadline) return "the request's deadline passed";
  return undefined;
}

type Resolver = (...args: unknown[]) => unknown;

/**
 * Wraps every resolver of the map (field resolvers and `__resolveReference`) so that it starts no
 * work after its request must stop: it throws DEADLINE_EXCEEDED instead. Work already running
 * finishes; nothing new begins, so a request the gateway gave up on soon costs nothing.
 */
export function stopAtDeadline(resolvers: Record<string, unknown>): Record<string, unknown> {
  const guard = (resolve: Resolver, field: string, contextAt: number[]): Resolver =>
    function (this: unknown, ...args: unknown[]) {
      const reason = contextAt.map((at) => stopReason(args[at])).find(Boolean);
      if (reason) throw new GraphQLError(`Not resolved: ${reason}, so ${field} was not worked on.`, { extensions: { code: ErrorCode.DEADLINE_EXCEEDED } });
      return resolve.apply(this, args);
    };
  const wrapped: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    // Scalars (GraphQLScalarType instances) and enum value maps are not resolvers.
    const isFieldMap = typeof fields === 'object' && fields !== null && Object.getPrototypeOf(fields) === Object.prototype;
    if (!isFieldMap) {
      wrapped[typeName] = fields;
      continue;
    }
    const guarded: Record<string, unknown> = {};
    for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
      const name = `${typeName}.${field}`;
      // Fields get (parent, args, context, info); __resolveReference gets (reference, context, info)
      // from Apollo and (reference, {}, context, info) from mercurius.
      const contextAt = field === '__resolveReference' ? [1, 2] : [2];
      if (field === '__resolveType' || field === '__isTypeOf') guarded[field] = resolver;
      else if (typeof resolver === 'function') guarded[field] = guard(resolver as Resolver, name, contextAt);
      else if (typeof resolver === 'object' && resolver !== null && typeof (resolver as { resolve?: unknown }).resolve === 'function') {
        guarded[field] = { ...resolver, resolve: guard((resolver as { resolve: Resolver }).resolve, name, contextAt) };
      } else guarded[field] = resolver;
    }
    wrapped[typeName] = guarded;
  }
  return wrapped;
}

function createFastify(options: SubgraphAppOptions<unknown>): FastifyInstance {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-hub-signature"]'], ...tracingLoggerOptions() },
    bodyLimit: 1024 * 1024,
    ...httpTimeoutOptions(options.timeouts),
    ...ownRequestLogging,
  });
  requestLogging(app);
  // Continues the gateway's trace (traceparent); before the signature check so a refused request is traced too.
  tracedRequests(app, { continueIncomingTrace: true, attributes: { 'hub.subgraph': options.name } });
  requireGatewaySignature(app, options.signing, options.name);
  registerHealthRoutes(app, { subgraph: options.name }, databaseReadiness(options.healthCheck));
  const registry = registerMetrics(app, options.name, options.metrics ?? { token: undefined });
  if (options.poolUse) registerPoolMetrics(registry, options.poolUse);
  if (options.readCache) registerReadCacheMetrics(registry, () => options.readCache!.read());
  options.addMetrics?.(registry);
  return app;
}

/** What only the Apollo stack offers. */
export interface ApolloSubgraphAppOptions<TContext> extends SubgraphAppOptions<TContext> {
  /**
   * Work that must be done before an answer leaves, once its data is complete (the police audit
   * trail's one insert per request). When it fails, the answer is withheld: the client gets an
   * INTERNAL_SERVER_ERROR and no data.
   */
  beforeAnswer?: (context: TContext) => Promise<void>;
}

/** Runs `beforeAnswer` on every answer before it is sent; withholds the answer when it fails. */
function beforeAnswerPlugin<TContext extends object>(beforeAnswer: (context: TContext) => Promise<void>, log: FastifyBaseLogger): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ contextValue, response }) => {
        try {
          await beforeAnswer(contextValue);
        } catch (error) {
          log.error({ err: error }, 'the work due before an answer failed: the answer is withheld');
          const withheld = { message: 'The answer was withheld: the hub could not finish the work due before it.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
          if (response.body.kind === 'single') response.body.singleResult = { data: null, errors: [withheld] };
        }
      },
    }),
  };
}

/** Apollo Server 5 + @apollo/subgraph, mounted on Fastify at `/graphql`. */
export async function createApolloSubgraphApp<TContext extends object>(options: ApolloSubgraphAppOptions<TContext>): Promise<FastifyInstance> {
  const app = createFastify(options as SubgraphAppOptions<unknown>);
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: stopAtDeadline(options.resolvers) as never }),
    includeStacktraceInErrorResponses: false,
    // serve.ts owns SIGINT/SIGTERM: Apollo's own handler re-raises the signal once it has stopped,
    // killing the process before the database is closed (and its lock released).
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskUnexpectedError(withScalarCode(formatted, error), error, app.log),
    // Inline (ftv1) traces only feed Apollo's hosted reporting, which the hub never uses. No schema
    // gives @cacheControl hints, so the cache-control plugin's only work would be a hook on every
    // field of every answer (each report of a page, each of its fields); without it the gateway
    // reads no cache-control header and keeps the answer uncacheable (max-age 0), as it did.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...(options.beforeAnswer ? [beforeAnswerPlugin(options.beforeAnswer, app.log)] : []),
    ],
  });
  await apollo.start();
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async (request, reply) => withRequestStop(options.context(identityOf(request)), request, reply) }),
  });
  // Fastify stops taking requests and drains them first; then Apollo stops. (Apollo's Fastify
  // drain plugin would close Fastify from inside this hook and wait on itself.)
  app.addHook('onClose', async () => apollo.stop());
  return app;
}

/**
 * mercurius reports list indexes in error paths as strings ("0"); the gateway only maps
 * `_entities` paths back onto the query when they are numbers, as the spec has them.
 */
function withNumericIndexes(error: GraphQLFormattedError): GraphQLFormattedError {
  if (!error.path) return error;
  return { ...error, path: error.path.map((segment) => (typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment)) };
}

/**
 * A body Fastify could not read (not JSON, empty, too large) is the client's mistake: keep its
 * status and message, as the Apollo stack does, rather than mask it as an internal error.
 */
function badBody(error: unknown): { statusCode: number; error: GraphQLFormattedError } | undefined {
  const { code, statusCode, message } = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_CTP_') || typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const errorCode = statusCode === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : 'BAD_REQUEST';
  return { statusCode, error: { message: String(message), extensions: { code: errorCode } } };
}

/**
 * Apollo Server answers every validation error GRAPHQL_VALIDATION_FAILED, a scalar's refusal of a
 * literal too (`at: "20 November"`): the scalar's own code (BAD_USER_INPUT, INVALID_POSTCODE) is
 * the one a client can act on, so it is kept, as mercurius keeps it (see invalidDocumentErrors).
 */
function withScalarCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED' || !(error instanceof GraphQLError) || !(error.originalError instanceof GraphQLError)) return formatted;
  const code = error.originalError.extensions?.code;
  if (typeof code !== 'string' || !knownCodes.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR || code === 'GRAPHQL_VALIDATION_FAILED') return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/**
 * mercurius gathers a document's validation errors, and its variables' coercion errors, into one
 * MER_ERR_GQL_VALIDATION error. Each is the client's mistake, so each is listed as it is: a
 * scalar's refusal keeps its own code (a malformed DateTime is BAD_USER_INPUT, as a variable or a
 * literal), a variable of the wrong type BAD_USER_INPUT, anything else GRAPHQL_VALIDATION_FAILED, as the
 * Apollo stack answers them.
 */
function invalidDocumentErrors(error: unknown): GraphQLFormattedError[] | undefined {
  const { code, errors } = (error ?? {}) as { code?: unknown; errors?: unknown };
  if (code !== 'MER_ERR_GQL_VALIDATION' || !Array.isArray(errors)) return undefined;
  return errors.map((inner: unknown) => {
    const formatted: GraphQLFormattedError = inner instanceof GraphQLError ? inner.toJSON() : { message: String((inner as { message?: unknown })?.message ?? inner) };
    const innerCode = formatted.extensions?.code;
    const keep = typeof innerCode === 'string' && knownCodes.has(innerCode) && innerCode !== ErrorCode.INTERNAL_SERVER_ERROR;
    if (keep) return formatted;
    // A variable's value that does not fit its type is bad input, as Apollo Server answers it.
    const fallback = formatted.message.startsWith('Variable "$') ? ErrorCode.BAD_USER_INPUT : 'GRAPHQL_VALIDATION_FAILED';
    return { ...formatted, extensions: { ...formatted.extensions, code: fallback } };
  });
}

/**
 * mercurius's response schema types every segment of an error's `path` as a string, so the error
 * of an entity's field reaches the gateway at `_entities."0".field`, and the gateway, which maps
 * `_entities.<number>` to where the entity sits in the answer, puts it at a path that does not
 * exist. List indexes stay numbers here, as the GraphQL spec has them.
 */
function keepListIndexesInErrorPaths(route: RouteOptions): void {
  const ok = (route.schema?.response as Record<string, unknown> | undefined)?.['2xx'];
  if (!ok) return;
  const answer = structuredClone(ok) as { properties?: { errors?: { items?: { properties?: { path?: unknown } } } } };
  const error = answer.properties?.errors?.items?.properties;
  if (!error?.path) return;
  error.path = { type: 'array', items: { type: ['integer', 'string'] } };
  route.schema = { ...route.schema, response: { ...(route.schema!.response as Record<string, unknown>), '2xx': answer } };
}

/**
 * A resolver map typed by GraphQL Code Generator (`Resolvers`), retyped for mercurius: codegen
 * types `__resolveReference(reference, context, info)` as Apollo calls it, while
 * @mercuriusjs/federation calls it as `(reference, {}, context, info)`.
 */
export type MercuriusResolvers<TResolvers, TContext> = {
  [Type in keyof TResolvers]: NonNullable<TResolvers[Type]> extends { __resolveReference?: (reference: infer Ref, context: never, info: never) => infer Result }
    ? Omit<NonNullable<TResolvers[Type]>, '__resolveReference'> & { __resolveReference?: (reference: Ref, args: Record<string, never>, context: TContext, info: GraphQLResolveInfo) => Result }
    : TResolvers[Type];
};

/** mercurius + @mercuriusjs/federation on Fastify at `/graphql`, with no CDN-loaded GraphiQL. */
export async function createMercuriusSubgraphApp<TContext extends object>(options: SubgraphAppOptions<TContext>): Promise<FastifyInstance> {
  const app = createFastify(options as SubgraphAppOptions<unknown>);
  app.addHook('onRoute', keepListIndexesInErrorPaths);
  await app.register(mercuriusFederationPlugin, {
    schema: options.typeDefs,
    resolvers: stopAtDeadline(options.resolvers) as never,
    graphiql: false,
    path: '/graphql',
    context: (request, reply) => withRequestStop(options.context(identityOf(request)), request, reply),
    errorFormatter: (execution, ctx) => {
      const log = ctx.reply ? ctx.reply.log : ctx.app.log;
      const refused = badBody(execution.errors?.[0]?.originalError);
      if (refused) return { statusCode: refused.statusCode, response: { data: null, errors: [refused.error] } };
      const errors = (execution.errors ?? []).flatMap(
        (error) => invalidDocumentErrors(error.originalError) ?? [maskUnexpectedError(withNumericIndexes(error.toJSON()), error.originalError ?? error, log)],
      );
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });
  return app;
}
