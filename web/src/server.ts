// The web service: server-rendered GOV.UK Design System pages (govuk-frontend's Nunjucks macros)
// on Fastify, with govuk-frontend's CSS, JavaScript, fonts and images served from the service
// itself, a Content-Security-Policy with a nonce per response (no 'unsafe-inline'), and every
// answer from the hub fetched through the gateway as a trusted document (gateway.ts).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import { ownRequestLogging, registerHealthRoutes, registerMetrics, requestLogging, type HttpTimeouts, type MetricsConfig } from '@crimehub/common';
import { accountRoutes } from './account.ts';
import { registerAuthentication } from './auth.ts';
import type { OidcConfig } from './config.ts';
import { findHelpRoutes } from './routes.ts';
import type { GatewayClient } from './gateway.ts';
import { MemorySessionStore, RedisSessionStore, registerSessions, type SessionStore, type SignedInUser } from './sessions.ts';

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
  /** Where people reach the service (default http://127.0.0.1:3000): sign-in's redirect address; https makes cookies Secure. */
  publicUrl?: string;
  /** The OpenID Connect provider people sign in with; none, and signing in says it is unavailable. */
  oidc?: OidcConfig | null;
  /** Sessions: the cookie's signing secret (default: random per start), idle lifetime, and where they are kept (default: memory). */
  sessions?: { secret?: string; ttlSeconds?: number; redisUrl?: string; store?: SessionStore };
}

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page of web/views with the layout's values (service name, CSP nonce) and sends it. */
    page(template: string, context?: Record<string, unknown>): FastifyReply;
    /** Renders a page of web/views with the layout's values, to send later. */
    render(template: string, context?: Record<string, unknown>): string;
    /** What every page's layout shows of the session: who is signed in (header links) and the CSRF token for forms. */
    locals: { user?: SignedInUser; csrf?: string };
  }
}

/** The Nunjucks environment: the service's views, then govuk-frontend's `govuk/…` templates and macros. */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(here, '..', 'views'), govukDist], { noCache: false }), { autoescape: true, throwOnUndefined: false });
  env.addGlobal('serviceName', serviceName);
  // The API's enums, in plain words.
  env.addGlobal('statusText', { RECEIVED: 'Received, not yet assigned to an officer', UNDER_INVESTIGATION: 'An officer is investigating', CLOSED: 'Closed' });
  env.addGlobal('timelineText', { RECEIVED: 'Report received', UPDATE: 'Update from the police', OUTCOME: 'Outcome' });
  env.addGlobal('bookingText', { BOOKED: 'Booked', WAITING: 'On the waiting list', CANCELLED: 'Cancelled' });
  env.addGlobal('enquiryText', { OPEN: 'Waiting for an answer', ANSWERED: 'Answered', CLOSED: 'Closed' });
  env.addFilter('longDate', (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }).format(
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
    // One request line at debug, refusals at info, failures at warn (common/src/requestLog.ts).
    ...ownRequestLogging,
  });
  requestLogging(app);
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
        // Signing out posts here and is redirected to the provider's end-session page: Chromium holds redirects of a form to form-action too.
        formAction: ["'self'", ...(options.oidc ? [new URL(options.oidc.issuer).origin] : [])],
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

  app.decorateReply('locals', null as unknown as FastifyReply['locals']);
  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const nonce = (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script;
    return views.render(template, { ...this.locals, ...context, cspNonce: nonce });
  });
  app.decorateReply('page', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    return this.type('text/html; charset=utf-8').send(this.render(template, context));
  });

  // Before any route or plugin: a plugin's routes get the handlers their instance has when it is registered.
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).page('not-found.njk'));
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const page = status === 404 ? 'not-found.njk' : status === 403 ? 'form-expired.njk' : status === 413 ? 'too-long.njk' : 'problem.njk';
      return reply.code(status).page(page, { status });
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

  // Forms post application/x-www-form-urlencoded, at most 64 KiB (the longest field is 4,000 characters).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_request, body, done) => {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) if (!(key in fields) && Object.keys(fields).length < 50) fields[key] = value;
    done(null, fields);
  });
  const publicUrl = (options.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const sessions = options.sessions ?? {};
  await registerSessions(app, {
    store: sessions.store ?? (sessions.redisUrl ? new RedisSessionStore(sessions.redisUrl) : new MemorySessionStore()),
    secret: sessions.secret ?? randomBytes(32).toString('hex'),
    ttlSeconds: sessions.ttlSeconds ?? 8 * 3600,
    secure: publicUrl.startsWith('https:'),
  });
  app.addHook('preHandler', async (request, reply) => {
    // Only a browser that has a session cookie costs a look-up; the find-help pages usually have none.
    const session = request.cookies.session ? await request.existingSession() : undefined;
    reply.locals = { user: session?.user, csrf: session?.csrf };
  });
  const auth = registerAuthentication(app, { oidc: options.oidc ?? null, publicUrl });

  app.get('/', async (_request, reply) => reply.page('start.njk'));
  app.get('/cookies', async (_request, reply) => reply.page('cookies.njk'));
  app.get('/accessibility', async (_request, reply) => reply.page('accessibility.njk'));
  // The service keeps no data of its own: ready once it listens. A gateway that is down shows the error page.
  registerHealthRoutes(app, { service: 'web' }, async () => ({ ready: true }));
  registerMetrics(app, 'web', options.metrics ?? { token: undefined });
  await app.register(findHelpRoutes(options.gateway));
  await app.register(accountRoutes(options.gateway, auth));

  return app;
}
