// The web service: server-rendered GOV.UK Design System pages (govuk-frontend's Nunjucks macros)
// on Fastify, with govuk-frontend's CSS, JavaScript, fonts and images served from the service
// itself, a Content-Security-Policy with a nonce per response (no 'unsafe-inline'), and every
// answer from the hub fetched through the gateway as a trusted document (gateway.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { registerHealthRoutes, registerMetrics, type HttpTimeouts, type MetricsConfig } from '@crimehub/common';
import { findHelpRoutes } from './routes.ts';
import type { GatewayClient } from './gateway.ts';

export { createGatewayClient, GatewayError, type GatewayClient } from './gateway.ts';
export { readWebConfig, type WebConfig } from './config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** govuk-frontend's `dist/` folder: its `govuk/` holds the Nunjucks macros, CSS, JS and assets. */
const govukDist = path.resolve(path.dirname(require.resolve('govuk-frontend')), '..');
const autocompleteDist = path.join(path.dirname(require.resolve('accessible-autocomplete/package.json')), 'dist');

export const serviceName = 'Get help with business crime in Staffordshire';

export interface WebAppOptions {
  gateway: GatewayClient;
  logLevel?: string;
  timeouts?: HttpTimeouts;
  /** `METRICS_TOKEN`: who may read `GET /metrics`; unset, nobody. */
  metrics?: MetricsConfig;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page of web/views with the layout's values (service name, CSP nonce) and sends it. */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
    /** Renders a page of web/views with the layout's values, to send later. */
    render(template: string, context?: Record<string, unknown>): string;
  }
}

/** The Nunjucks environment: the service's views, then govuk-frontend's `govuk/…` templates and macros. */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(here, '..', 'views'), govukDist], { noCache: false }), { autoescape: true, throwOnUndefined: false });
  env.addGlobal('serviceName', serviceName);
  env.addFilter('longDate', (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true }).format(
      new Date(iso),
    ),
  );
  return env;
}

export async function createWebApp(options: WebAppOptions): Promise<FastifyInstance> {
  const timeouts = options.timeouts;
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    // Question pages carry every answer in the address; nothing longer is needed.
    routerOptions: { maxParamLength: 200 },
    ...(timeouts ? { connectionTimeout: timeouts.connectionMs, keepAliveTimeout: timeouts.keepAliveMs, requestTimeout: timeouts.requestMs } : {}),
  });
  if (timeouts) app.server.headersTimeout = timeouts.headersMs;
  const views = createViews();

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()');
    return payload;
  });

  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const nonce = (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script;
    return views.render(template, { ...context, cspNonce: nonce });
  });
  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    return this.type('text/html; charset=utf-8').send(this.render(template, context));
  });

  // Before any route or plugin: a plugin's routes get the handlers their instance has when it is registered.
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).page('not-found.njk'));
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).page(status === 404 ? 'not-found.njk' : 'problem.njk', { status });
    }
    request.log.error({ err: error }, 'page failed');
    return reply.code(500).page('problem.njk', { status: 500 });
  });

  // govuk-frontend's fonts and images at /assets/ (where its CSS looks for them), its CSS and JS,
  // accessible-autocomplete's, and the service's own.
  await app.register(fastifyStatic, { root: path.join(govukDist, 'govuk', 'assets'), prefix: '/assets/', maxAge: '1d', decorateReply: false });
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk'),
    prefix: '/assets/govuk/',
    allowedPath: (file) => /^\/govuk-frontend\.min\.(css|js)$/.test(file),
    maxAge: '1h',
    decorateReply: false,
  });
  await app.register(fastifyStatic, {
    root: autocompleteDist,
    prefix: '/assets/autocomplete/',
    allowedPath: (file) => /^\/accessible-autocomplete\.min\.(css|js)$/.test(file),
    maxAge: '1h',
    decorateReply: false,
  });
  await app.register(fastifyStatic, { root: path.join(here, '..', 'public'), prefix: '/assets/web/', maxAge: '1h', decorateReply: false });

  app.get('/', async (_request, reply) => reply.page('start.njk'));
  app.get('/cookies', async (_request, reply) => reply.page('cookies.njk'));
  app.get('/accessibility', async (_request, reply) => reply.page('accessibility.njk'));
  // The service keeps no data of its own: ready once it listens. A gateway that is down shows the error page.
  registerHealthRoutes(app, { service: 'web' }, async () => ({ ready: true }));
  registerMetrics(app, 'web', options.metrics ?? { token: undefined });
  await app.register(findHelpRoutes(options.gateway));

  return app;
}
