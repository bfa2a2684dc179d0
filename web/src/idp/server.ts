// The development OpenID Connect identity provider (oidc-provider, a Koa app) behind Fastify:
// Fastify serves the sign-in pages (/interaction/…) and GOV.UK Frontend's CSS, fonts and images
// (/assets/…); every other request goes, unparsed, to the provider. It signs with the hub's
// development key (gateway/src/auth/devKeys.ts), so the gateway — which verifies with that key
// when none is configured outside production — accepts its access tokens with no extra setup.
//
// Two static clients: `hub-web` (the web service, confidential, client_secret_post) and
// `hub-explorer` (the gateway's explorer, public); both must use PKCE. Access tokens are JWTs
// for the hub (audience AUTH_AUDIENCE) carrying the claims the gateway reads; ID tokens carry
// name and email. Consent is given without a page: both clients are the hub's own.
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import nunjucks from 'nunjucks';
import Provider, { errors, type ClientMetadata, type Configuration, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import { loadDevPrivateKey } from '../../../gateway/src/auth/devKeys.ts';
import { accountBySub, authenticate, hubClaims, testAccounts, type TestAccount } from './accounts.ts';
import { productionRefusal, type IdpConfig } from './config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** govuk-frontend's `dist/` folder: its `govuk/` holds the Nunjucks macros, the CSS and the assets. */
const govukDist = path.resolve(path.dirname(require.resolve('govuk-frontend')), '..');

export const serviceName = 'Business Crime Hub development sign-in';

/** The resource indicator of the hub's API: the default resource of every authorization, so clients need not send `resource`. */
export const hubResource = 'urn:business-crime-hub:graphql';

/** The longest access token the gateway accepts in production (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
export const accessTokenSeconds = 3600;

export const webClientId = 'hub-web';
export const explorerClientId = 'hub-explorer';

export interface Idp {
  app: FastifyInstance;
  /** The issuer (`iss`); known once the app listens when IDP_ISSUER is not set. */
  issuer: () => string;
}

/** The development private key as a signing JWK (ES256), its `kid` the RFC 7638 thumbprint. */
export function signingJwk(privateKey: KeyObject): JWK {
  const jwk = privateKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string; d: string };
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');
  return { ...jwk, kid: thumbprint, alg: 'ES256', use: 'sig' };
}

function views(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(here, 'views'), govukDist]), { autoescape: true, throwOnUndefined: false });
  env.addGlobal('serviceName', serviceName);
  return env;
}

function clients(config: IdpConfig): ClientMetadata[] {
  return [
    {
      client_id: webClientId,
      client_name: 'Get help with business crime in Staffordshire',
      client_secret: config.webClientSecret,
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: config.webRedirectUris,
      post_logout_redirect_uris: config.webPostLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    },
    {
      client_id: explorerClientId,
      client_name: 'the Business Crime Hub explorer',
      token_endpoint_auth_method: 'none',
      redirect_uris: config.explorerRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
    },
  ];
}

/** Security headers of every page: nothing from elsewhere, no framing; forms post here and are redirected on to the clients. */
function pageHeaders(config: IdpConfig): Record<string, string> {
  const formTargets = new Set(["'self'"]);
  for (const uri of [...config.webRedirectUris, ...config.webPostLogoutRedirectUris, ...config.explorerRedirectUris]) formTargets.add(new URL(uri).origin);
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'none'",
      "style-src 'self'",
      "img-src 'self'",
      "font-src 'self'",
      `form-action ${[...formTargets].join(' ')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

function providerConfiguration(config: IdpConfig, jwk: JWK, render: (ctx: KoaContextWithOIDC, status: number, template: string, context: Record<string, unknown>) => void): Configuration {
  return {
    clients: clients(config),
    jwks: { keys: [jwk] },
    async findAccount(_ctx, sub) {
      const account = accountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: account.sub,
        claims: async () => ({ sub: account.sub, name: account.name, email: account.email, email_verified: true, ...hubClaims(account) }),
      };
    },
    // The hub's claims ride with `profile`, so the web can say who is signed in and what they may do.
    claims: { openid: ['sub'], profile: ['name', 'role', 'business_id', 'org_id'], email: ['email', 'email_verified'] },
    // The ID token carries the claims of the granted scopes (name, email), not only `sub`: the access token is for the hub, not for /me.
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => hubResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== hubResource) throw new errors.InvalidTarget(`the only resource is ${hubResource}`);
          return { scope: '', audience: config.audience, accessTokenTTL: accessTokenSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx) => {
          const session = ctx.oidc.session as unknown as { accountId?: string; state?: { secret?: string } };
          render(ctx, 200, 'sign-out.njk', {
            action: ctx.oidc.urlFor('end_session_confirm'),
            xsrf: session.state?.secret,
            clientName: ctx.oidc.client?.clientName,
            accountName: accountBySub(session.accountId ?? '')?.email ?? 'a test account',
          });
        },
        postLogoutSuccessSource: async (ctx) => {
          render(ctx, 200, 'message.njk', { pageTitle: 'You have signed out', paragraphs: ['You have signed out of the development sign-in service.'] });
        },
      },
    },
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = accountBySub(token.accountId);
      return account ? hubClaims(account) : undefined;
    },
    // The web service keeps its session alive with a refresh token whether or not it asks for offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: accessTokenSeconds,
      AuthorizationCode: 60,
      IdToken: accessTokenSeconds,
      RefreshToken: 8 * 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    // The explorer asks from the browser: its origin, and only its, may read the answers.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    renderError: async (ctx, out) => {
      // The provider has set the status (400 for a bad request, 500 for its own failure).
      render(ctx, ctx.status >= 400 ? ctx.status : 400, 'message.njk', {
        pageTitle: 'There is a problem with signing in',
        paragraphs: ['The service that sent you here asked for something this sign-in service cannot do. Go back to it and try again.'],
        details: [out.error, out.error_description].filter(Boolean).join(': '),
      });
    },
  };
}

/** The provider and its pages; the provider is made once the issuer is known (at listen, when IDP_ISSUER is unset). */
export async function createIdp(config: IdpConfig): Promise<Idp> {
  if (config.environment === 'production') throw new Error(productionRefusal);
  const jwk = signingJwk(await loadDevPrivateKey(config.devKeysDir));
  const env = views();
  const headers = pageHeaders(config);

  const renderKoa = (ctx: KoaContextWithOIDC, status: number, template: string, context: Record<string, unknown>) => {
    ctx.status = status;
    ctx.type = 'html';
    for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
    ctx.body = env.render(template, context);
  };

  let provider: Provider | undefined;
  let issuer = config.issuer;
  const make = (at: string) => {
    issuer = at;
    provider = new Provider(at, providerConfiguration(config, jwk, renderKoa));
    provider.on('server_error', (_ctx, error) => app.log.error({ err: error }, 'identity provider error'));
  };

  const app = Fastify({ logger: { level: config.logLevel } });
  if (issuer !== undefined) make(issuer);
  app.server.once('listening', () => {
    if (provider) return;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    make(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
  });
  const ready = (): Provider => {
    if (!provider) throw new Error('the identity provider is not listening yet');
    return provider;
  };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => done(null, new URLSearchParams(body as string)));
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });

  const page = (reply: FastifyReply, status: number, template: string, context: Record<string, unknown> = {}) =>
    reply.code(status).type('text/html; charset=utf-8').send(env.render(template, context));
  app.setErrorHandler(async (error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return page(reply, status, 'message.njk', { pageTitle: 'There is a problem with signing in', paragraphs: ['The sign-in service could not read what was sent. Go back and try again.'] });
    }
    request.log.error({ err: error }, 'sign-in page failed');
    return page(reply, 500, 'message.njk', { pageTitle: 'Sorry, there is a problem with the sign-in service', paragraphs: ['Go back to the service you were using and try again.'] });
  });
  const expired = (reply: FastifyReply) =>
    page(reply, 400, 'message.njk', {
      pageTitle: 'Your sign-in has expired',
      paragraphs: ['This sign-in is no longer in progress: it took too long, or it was already finished.', 'Go back to the service you were using and sign in again.'],
    });

  // GOV.UK Frontend's fonts and images at /assets/ (where its CSS looks for them), and its CSS.
  await app.register(fastifyStatic, { root: path.join(govukDist, 'govuk', 'assets'), prefix: '/assets/', maxAge: '1d', decorateReply: false });
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk'),
    prefix: '/assets/govuk/',
    allowedPath: (file) => file === '/govuk-frontend.min.css',
    maxAge: '1h',
    decorateReply: false,
  });

  app.get<{ Params: { uid: string } }>('/interaction/:uid', async (request, reply) => {
    const oidc = ready();
    let interaction;
    try {
      interaction = await oidc.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return expired(reply);
      throw error;
    }
    if (interaction.uid !== request.params.uid) return expired(reply);
    if (interaction.prompt.name === 'login') return signInPage(reply, interaction.uid, String(interaction.params.client_id), {});
    if (interaction.prompt.name === 'consent') return reply.redirect(await giveConsent(oidc, request, reply, interaction), 303);
    return page(reply, 400, 'message.njk', { pageTitle: 'There is a problem with signing in', paragraphs: ['This sign-in service cannot do what was asked.'], details: interaction.prompt.name });
  });

  app.post<{ Params: { uid: string }; Body: URLSearchParams | undefined }>('/interaction/:uid/login', async (request, reply) => {
    const oidc = ready();
    let interaction;
    try {
      interaction = await oidc.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return expired(reply);
      throw error;
    }
    if (interaction.uid !== request.params.uid || interaction.prompt.name !== 'login') return expired(reply);
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    const clientId = String(interaction.params.client_id);
    if (email === '' || password === '') {
      return signInPage(reply, interaction.uid, clientId, {
        email,
        emailError: email === '' ? 'Enter your email address' : undefined,
        passwordError: password === '' ? 'Enter your password' : undefined,
      });
    }
    const account = authenticate(email, password);
    if (!account) return signInPage(reply, interaction.uid, clientId, { email, emailError: 'Enter a test account’s email address and password', wrong: true });
    const target = await oidc.interactionResult(request.raw, reply.raw, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
    return reply.redirect(target, 303);
  });

  function signInPage(reply: FastifyReply, uid: string, clientId: string, state: { email?: string; emailError?: string; passwordError?: string; wrong?: boolean }) {
    const errors = state.wrong
      ? [{ text: 'The email address or password is not right: use one of the test accounts below, whose password is “password”', href: '#email' }]
      : [...(state.emailError ? [{ text: state.emailError, href: '#email' }] : []), ...(state.passwordError ? [{ text: state.passwordError, href: '#password' }] : [])];
    const client = clients(config).find((candidate) => candidate.client_id === clientId);
    return page(reply, 200, 'sign-in.njk', {
      uid,
      error: errors.length > 0,
      errors,
      email: state.email,
      emailError: state.wrong ? 'The email address or password is not right' : state.emailError,
      passwordError: state.passwordError,
      clientName: client?.client_name ?? 'the Business Crime Hub',
      accountRows: testAccounts.map((account) => ({ key: { text: account.email }, value: { html: accountHtml(env, account) } })),
    });
  }

  // Everything else is the provider's: discovery, authorization, token, JWKS, end session… Handed
  // over before Fastify reads the body, which the provider reads itself.
  const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    ready().callback()(request.raw, reply.raw);
  };
  app.all('/', { onRequest: handOver }, async () => undefined);
  app.all('/*', { onRequest: handOver }, async () => undefined);

  return {
    app,
    issuer: () => {
      if (issuer === undefined) throw new Error('the identity provider is not listening yet');
      return issuer;
    },
  };
}

function actsFor(account: TestAccount): string {
  if (account.businessId) return `business ${account.businessId}`;
  if (account.organizationId) return `organisation ${account.organizationId}`;
  return 'the whole hub';
}

/** An account's role, what it acts for and what it is for, escaped. */
function accountHtml(env: nunjucks.Environment, account: TestAccount): string {
  return env.renderString('<strong>{{ role }}</strong>, for {{ actsFor }}<br>{{ use }}', { role: account.role, actsFor: actsFor(account), use: account.use });
}

/** Both clients are the hub's own: the consent prompt is answered at once with what was asked for. */
async function giveConsent(oidc: Provider, request: FastifyRequest, reply: FastifyReply, interaction: Awaited<ReturnType<Provider['interactionDetails']>>): Promise<string> {
  const { prompt, params, session, grantId } = interaction;
  const clientId = String(params.client_id);
  const grant = (grantId ? await oidc.Grant.find(grantId) : undefined) ?? new oidc.Grant({ accountId: session!.accountId, clientId });
  const details = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const id = await grant.save();
  return oidc.interactionResult(request.raw, reply.raw, { consent: { grantId: id } }, { mergeWithLastSubmission: true });
}
