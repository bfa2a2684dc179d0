// Builds a subgraph's Fastify app on either partner stack — Apollo Server with @apollo/subgraph,
// or mercurius with @mercuriusjs/federation — with the same health check and error policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { repoRoot } from './config.ts';
import { ErrorCode } from './errors.ts';
import { anonymous, type Identity } from './identity.ts';
import { signingHeaders, verifyRequest, type SigningConfig } from './signing.ts';

/** Reads `schema/<name>.graphql`, the subgraph's SDL, once at start. */
export function readSchemaFile(name: string): string {
  return readFileSync(path.join(repoRoot, 'schema', `${name}.graphql`), 'utf8');
}

const knownCodes = new Set<string>([...Object.values(ErrorCode), 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

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
  /** Checks the database answers, for `GET /health`. */
  healthCheck: () => Promise<void>;
  /** How the gateway's signature on every request is checked (see signing.ts). */
  signing: SigningConfig;
  logLevel?: string;
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

/** Only `GET /health` is open; every other request must carry the gateway's signature. */
const isOpen = (request: FastifyRequest) => request.routeOptions.url === '/health' && (request.method === 'GET' || request.method === 'HEAD');

/**
 * Subgraphs trust only the gateway. Unsigned requests are refused as they arrive, before the
 * body is read; the others are verified over the exact bytes received once the body is in,
 * before any GraphQL runs. A POST signs its raw JSON body; any other method signs its path
 * and query string (a GET's query lives there).
 */
function requireGatewaySignature(app: FastifyInstance, signing: SigningConfig): void {
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
      signed = request.url;
    }
    try {
      identities.set(request, verifyRequest(signing, request.headers, signed));
    } catch (error) {
      return refuse(request, reply, (error as Error).message);
    }
  });
}

function createFastify(options: SubgraphAppOptions<unknown>): FastifyInstance {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-hub-signature"]'] },
    bodyLimit: 1024 * 1024,
  });
  requireGatewaySignature(app, options.signing);
  app.get('/health', async (_request, reply) => {
    try {
      await options.healthCheck();
      return { status: 'ok', subgraph: options.name };
    } catch (error) {
      app.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', subgraph: options.name });
    }
  });
  return app;
}

/** Apollo Server 5 + @apollo/subgraph, mounted on Fastify at `/graphql`. */
export async function createApolloSubgraphApp<TContext extends object>(options: SubgraphAppOptions<TContext>): Promise<FastifyInstance> {
  const app = createFastify(options as SubgraphAppOptions<unknown>);
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(options.typeDefs), resolvers: options.resolvers as never }),
    includeStacktraceInErrorResponses: false,
    // serve.ts owns SIGINT/SIGTERM: Apollo's own handler re-raises the signal once it has stopped,
    // killing the process before the database is closed (and its lock released).
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, app.log),
    // Inline (ftv1) traces only feed Apollo's hosted reporting, which the hub never uses.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async (request) => options.context(identityOf(request)) }),
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

/** mercurius + @mercuriusjs/federation on Fastify at `/graphql`, with no CDN-loaded GraphiQL. */
export async function createMercuriusSubgraphApp<TContext extends object>(options: SubgraphAppOptions<TContext>): Promise<FastifyInstance> {
  const app = createFastify(options as SubgraphAppOptions<unknown>);
  await app.register(mercuriusFederationPlugin, {
    schema: options.typeDefs,
    resolvers: options.resolvers as never,
    graphiql: false,
    path: '/graphql',
    context: (request) => options.context(identityOf(request)),
    errorFormatter: (execution, ctx) => {
      const log = ctx.reply ? ctx.reply.log : ctx.app.log;
      const refused = badBody(execution.errors?.[0]?.originalError);
      if (refused) return { statusCode: refused.statusCode, response: { data: null, errors: [refused.error] } };
      const errors = (execution.errors ?? []).map((error) => maskUnexpectedError(withNumericIndexes(error.toJSON()), error.originalError ?? error, log));
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });
  return app;
}
