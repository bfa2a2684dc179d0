// Builds the hub's one public endpoint: Apollo Gateway inside Apollo Server on Fastify,
// planning queries with the committed supergraph (no subgraph introspection at run time).
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import {
  anonymous,
  ErrorCode,
  httpTimeoutOptions,
  maskUnexpectedError,
  ownRequestLogging,
  registerHealthRoutes,
  registerMetrics,
  requestLogging,
  requestSpan,
  tracedRequests,
  tracingLoggerOptions,
  type Identity,
} from '@crimehub/common';
import type { Span } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { GatewayConfig } from './config.ts';
import { authorizationPlugin, readAccessRules } from './auth/authorize.ts';
import { createIdentityResolver } from './auth/identity.ts';
import { CircuitBreaker } from './circuitBreaker.ts';
import { registerGatewayMetrics } from './gatewayMetrics.ts';
import { gatewayReadiness } from './gatewayReadiness.ts';
import { policies } from './auth/policies.ts';
import { registerExplorer } from './explorer.ts';
import { landingPage } from './landingPage.ts';
import { loadSupergraph } from './loadSupergraph.ts';
import { registerOpenReferralProxy } from './openReferral.ts';
import { registerSecurity, restoreLimitCode, securityPlugins, securityValidationRules } from './security.ts';
import { inputBoundsPlugin } from './security/inputBounds.ts';
import { loadTrustedDocuments, registerTrustedDocuments, trustedDocumentsPlugin } from './security/trustedDocuments.ts';
import { createSubgraphDataSource } from './subgraphDataSource.ts';
import { BoundedPersistedQueryCache } from './persistedQueryCache.ts';
import { cacheControlPlugin, readCacheHints, registerPublicCaching } from './publicCaching.ts';
import { registerResponseCache, type CacheNote } from './responseCache.ts';
import { tracingPlugin } from './tracingPlugin.ts';

/** What every resolver and plugin of the gateway knows about a request. */
export interface GatewayContext {
  identity: Identity;
  /** When the gateway stops working on the request and answers with what it has (epoch milliseconds). */
  deadline: number;
  /** The request's server span, when tracing is on (common/src/tracing.ts): subgraph requests are its children. */
  span?: Span;
  /** What the response cache notes while the request runs: the subgraphs it calls, whether its answer may be kept (responseCache.ts). */
  cacheNote?: CacheNote;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
}

export interface CreateGatewayOptions {
  /** Where the log goes (standard output by default), e.g. for a test that reads the warnings. */
  logStream?: { write(line: string): void };
}

export async function createGateway(config: GatewayConfig, options: CreateGatewayOptions = {}): Promise<FastifyInstance> {
  // The hub sends nothing to third parties: no anonymous gateway telemetry, no usage reports.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'], ...tracingLoggerOptions(), ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: config.security.maxBodyBytes,
    // A client trickling its request, or holding an idle connection, is cut off.
    ...httpTimeoutOptions(config.security.timeouts),
    // One request line at debug, refusals at info, failures at warn (common/src/requestLog.ts).
    ...ownRequestLogging,
  });
  requestLogging(app);
  // Security headers and CORS come first, so that every answer — a 401 included — carries them.
  await registerSecurity(app, config.security);
  // A server span per request when tracing is on; the public edge starts its own traces (tracing.ts).
  tracedRequests(app, { continueIncomingTrace: false });
  // Who is asking is settled once per request, before rate limits and GraphQL see it.
  const resolveIdentity = await createIdentityResolver(config.auth);
  app.decorateRequest('identity', null);
  app.addHook('onRequest', async (request) => {
    // /metrics carries the scraper's METRICS_TOKEN, which it checks itself: not a caller's token.
    if (request.routeOptions.url === '/metrics') return;
    try {
      request.identity = await resolveIdentity(request.headers.authorization);
    } catch (error) {
      // A token that fails is refused outright, never a fall back to anonymous; but only once the
      // rate limiter has counted the request against its IP (security/http.ts), so that guessing
      // tokens costs the same as any other request.
      const { message, extensions } = error as { message?: string; extensions?: { code?: unknown } };
      if (extensions?.code !== ErrorCode.UNAUTHENTICATED) throw error;
      request.identityRefusal = message ?? 'The token was refused.';
    }
  });
  // The saved operations, by hash: sent by id in every mode; the only documents some callers may run under TRUSTED_DOCUMENTS.
  const trustedDocuments = await loadTrustedDocuments(config.trustedDocuments);
  registerTrustedDocuments(app, trustedDocuments);
  const supergraph = await loadSupergraph(config.supergraphPath);
  // One circuit per subgraph, shared by every request (circuitBreaker.ts).
  const breakers = new Map(
    Object.keys(config.subgraphUrls).map((name) => [
      name,
      new CircuitBreaker(config.circuitBreaker, (state, failures) =>
        state === 'open' ? app.log.warn({ serviceName: name, failures }, 'subgraph circuit opened: calls skipped for a while') : app.log.info({ serviceName: name }, 'subgraph circuit closed'),
      ),
    ]),
  );
  const registry = registerMetrics(app, 'gateway', config.metrics);
  const metrics = registerGatewayMetrics(registry, trustedDocuments, breakers);
  // Whole public answers kept and served before Apollo Server (responseCache.ts); then ETags and
  // 304s for public GET answers, no-store on the rest (publicCaching.ts), in that order.
  const responseCache = registerResponseCache(app, config.responseCache, registry, metrics.operationLabel);
  registerPublicCaching(app);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.forGateway,
    buildService: ({ name }) => createSubgraphDataSource(name, config, app.log, { breaker: breakers.get(name), metrics: metrics.subgraphs }),
    logger: app.log,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    // serve.ts owns SIGINT/SIGTERM: Apollo's own handler re-raises the signal once it has stopped,
    // killing the process before it has closed cleanly.
    stopOnTerminationSignals: false,
    // Browsers cannot send GraphQL cross-site without a preflight; one POST holds one operation
    // unless ALLOW_BATCHED_REQUESTS; who may introspect is the INTROSPECTION policy's call
    // (security/introspection.ts), not NODE_ENV's.
    csrfPrevention: true,
    allowBatchedHttpRequests: config.security.allowBatchedRequests,
    // Automatic persisted queries (GET by hash), in a bounded cache; who may register is the
    // trusted-documents policy's call (security/trustedDocuments.ts).
    persistedQueries: config.apqCacheMaxBytes === 0 ? false : { cache: new BoundedPersistedQueryCache(config.apqCacheMaxBytes) },
    introspection: true,
    validationRules: securityValidationRules(config.security, supergraph.original),
    formatError: (formatted, error) => maskUnexpectedError(restoreLimitCode(formatted, error), error, app.log),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Cache-Control from the gateway's own hints instead (publicCaching.ts).
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin(readCacheHints(supergraph.original)),
      trustedDocumentsPlugin(trustedDocuments),
      // Document limits are validation rules (above): a refused document never reaches these.
      ...securityPlugins(config.security),
      inputBoundsPlugin(config.security.inputBounds),
      authorizationPlugin(readAccessRules(supergraph.original), policies),
      metrics.plugin,
      ...(responseCache ? [responseCache.plugin] : []),
      tracingPlugin(),
    ],
  });
  await apollo.start();
  // The deadline counts from when the request arrived (REQUEST_DEADLINE_MS).
  const context = async (request: FastifyRequest, reply: FastifyReply): Promise<GatewayContext> => ({
    identity: request.identity ?? anonymous,
    deadline: Date.now() - reply.elapsedTime + config.requestDeadlineMs,
    span: requestSpan(request),
    ...(request.cacheNote ? { cacheNote: request.cacheNote } : {}),
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler: fastifyApolloHandler(apollo, { context }) });
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(landingPage));
  registerExplorer(app, config.explorer, trustedDocuments.byHash.values());
  registerOpenReferralProxy(app, config);
  let serving = true;
  registerHealthRoutes(
    app,
    { service: 'gateway' },
    gatewayReadiness(config, breakers, () => serving),
  );
  // A gateway shutting down is no longer ready, so no new traffic is sent its way.
  app.addHook('preClose', async () => void (serving = false));
  // Fastify stops taking requests and drains them first; then Apollo stops. (Apollo's Fastify
  // drain plugin would close Fastify from inside this hook and wait on itself.)
  app.addHook('onClose', async () => apollo.stop());
  return app;
}
