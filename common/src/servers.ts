// Builds a subgraph's Fastify app on either partner stack — Apollo Server with @apollo/subgraph,
// or mercurius with @mercuriusjs/federation — with the same health check and error policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import { repoRoot } from './config.ts';
import { ErrorCode } from './errors.ts';

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
  /** Builds a fresh per-request context (DataLoaders live here). */
  context: () => TContext;
  /** Checks the database answers, for `GET /health`. */
  healthCheck: () => Promise<void>;
  logLevel?: string;
}

function createFastify(options: SubgraphAppOptions<unknown>): FastifyInstance {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
  });
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
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, app.log),
    // Inline (ftv1) traces only feed Apollo's hosted reporting, which the hub never uses.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async () => options.context() }),
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

/** mercurius + @mercuriusjs/federation on Fastify at `/graphql`, with no CDN-loaded GraphiQL. */
export async function createMercuriusSubgraphApp<TContext extends object>(options: SubgraphAppOptions<TContext>): Promise<FastifyInstance> {
  const app = createFastify(options as SubgraphAppOptions<unknown>);
  await app.register(mercuriusFederationPlugin, {
    schema: options.typeDefs,
    resolvers: options.resolvers as never,
    graphiql: false,
    path: '/graphql',
    context: () => options.context(),
    errorFormatter: (execution, ctx) => {
      const log = ctx.reply ? ctx.reply.log : ctx.app.log;
      const errors = (execution.errors ?? []).map((error) => maskUnexpectedError(withNumericIndexes(error.toJSON()), error.originalError ?? error, log));
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });
  return app;
}
