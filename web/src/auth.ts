// Signing in with OpenID Connect (openid-client): authorization code with PKCE, state and nonce,
// as a confidential client. The tokens stay in the server-side session (sessions.ts); the browser
// holds only the session cookie. An access token near its expiry is refreshed with the refresh
// token; when that fails, the person signs in again and comes back to the page they were on.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { OidcConfig } from './config.ts';
import type { SessionData, SignedInUser } from './sessions.ts';

/** Refresh an access token this long before it expires, so a page's calls never carry a dead one. */
const refreshMarginMs = 60_000;

/** A local path to come back to after signing in: only a page of this service, never an open redirect. */
export function safeReturnTo(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length > 1000) return fallback;
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : fallback;
}

export interface Authentication {
  /** Whether a provider is configured at all. */
  readonly enabled: boolean;
  /**
   * The signed-in person and a fresh access token, or undefined after sending the browser to sign
   * in (the reply is then already a redirect: the handler returns it).
   */
  require(request: FastifyRequest, reply: FastifyReply): Promise<{ user: SignedInUser; accessToken: string; session: SessionData } | undefined>;
  /** The signed-in person, if any, without refreshing or redirecting (for the header's links). */
  current(request: FastifyRequest): Promise<SignedInUser | undefined>;
}

/** Reads the claims of a JWT the provider's token endpoint has just given us (already trusted: it came over the back channel). */
function jwtClaims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function userFrom(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): SignedInUser {
  const id = tokens.claims() ?? ({} as oidc.IDToken);
  const access = jwtClaims(tokens.access_token);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    subject: text(id.sub) || text(access.sub),
    name: text(id.name) || text(id.email) || text(id.sub),
    email: text(id.email),
    role: text(access.role) || 'unknown',
  };
}

function tokensFrom(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, previousRefresh?: string, idToken?: string): NonNullable<SessionData['tokens']> {
  const expiresIn = tokens.expiresIn() ?? 300;
  return {
    accessToken: tokens.access_token,
    expiresAtMs: Date.now() + expiresIn * 1000,
    ...((tokens.refresh_token ?? previousRefresh) ? { refreshToken: tokens.refresh_token ?? previousRefresh } : {}),
    ...((tokens.id_token ?? idToken) ? { idToken: tokens.id_token ?? idToken } : {}),
  };
}

export function registerAuthentication(app: FastifyInstance, settings: { oidc: OidcConfig | null; publicUrl: string }): Authentication {
  const { oidc: provider, publicUrl } = settings;
  const redirectUri = `${publicUrl}/auth/callback`;
  let discovered: Promise<oidc.Configuration> | undefined;

  /** The provider's configuration, discovered on first use (the provider may start after the service) and again after a failure. */
  function configuration(): Promise<oidc.Configuration> {
    if (!provider) return Promise.reject(new Error('no OpenID Connect provider is configured (WEB_OIDC_ISSUER)'));
    discovered ??= oidc
      .discovery(new URL(provider.issuer), provider.clientId, undefined, oidc.ClientSecretPost(provider.clientSecret), {
        timeout: 10,
        ...(new URL(provider.issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  async function startSignIn(request: FastifyRequest, reply: FastifyReply, returnTo: string): Promise<FastifyReply> {
    if (!provider) return reply.code(503).page('sign-in-unavailable.njk', { returnTo });
    const config = await configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    const session = await request.session();
    await request.saveSession({ ...session, signIn: { codeVerifier, state, nonce, returnTo } });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: provider.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(provider.scope.split(' ').includes('offline_access') ? { prompt: 'consent' } : {}),
    });
    return reply.redirect(url.href, 303);
  }

  app.get('/sign-in', async (request, reply) => startSignIn(request, reply, safeReturnTo((request.query as Record<string, unknown>).return)));

  app.get('/auth/callback', async (request, reply) => {
    const session = await request.existingSession();
    const signIn = session?.signIn;
    // No sign-in in progress (an old or copied link, an expired session): start again.
    if (!session || !signIn) return reply.redirect('/sign-in', 303);
    const query = request.query as Record<string, unknown>;
    if (typeof query.error === 'string') {
      request.log.warn({ error: query.error }, 'the provider refused the sign-in');
      await request.saveSession({ ...session, signIn: undefined });
      return reply.code(401).page('sign-in-failed.njk', { returnTo: signIn.returnTo });
    }
    const config = await configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, publicUrl), {
        pkceCodeVerifier: signIn.codeVerifier,
        expectedState: signIn.state,
        expectedNonce: signIn.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      request.log.warn({ err: error }, 'sign-in could not be completed');
      await request.saveSession({ ...session, signIn: undefined });
      return reply.code(401).page('sign-in-failed.njk', { returnTo: signIn.returnTo });
    }
    // A new session id after signing in: a session id planted before it is worth nothing.
    await request.endSession();
    const fresh = await request.session();
    await request.saveSession({ ...fresh, user: userFrom(tokens), tokens: tokensFrom(tokens), flash: { title: 'You are signed in' } });
    return reply.redirect(signIn.returnTo, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    const session = await request.existingSession();
    const idToken = session?.tokens?.idToken;
    await request.endSession();
    if (!provider || !idToken) return reply.redirect('/signed-out', 303);
    try {
      const config = await configuration();
      const url = oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: `${publicUrl}/signed-out`, id_token_hint: idToken });
      return reply.redirect(url.href, 303);
    } catch {
      return reply.redirect('/signed-out', 303);
    }
  });
  app.get('/signed-out', async (_request, reply) => reply.page('signed-out.njk'));

  return {
    enabled: provider !== null,
    async current(request) {
      return (await request.existingSession())?.user;
    },
    async require(request, reply) {
      const session = await request.existingSession();
      const here = safeReturnTo(request.method === 'GET' ? request.url : request.headers.referer ? new URL(request.headers.referer, publicUrl).pathname : '/account');
      if (!session?.user || !session.tokens) {
        await startSignIn(request, reply, here);
        return undefined;
      }
      let tokens = session.tokens;
      if (tokens.expiresAtMs - refreshMarginMs <= Date.now()) {
        if (!tokens.refreshToken) {
          await startSignIn(request, reply, here);
          return undefined;
        }
        try {
          const refreshed = await oidc.refreshTokenGrant(await configuration(), tokens.refreshToken);
          tokens = tokensFrom(refreshed, tokens.refreshToken, tokens.idToken);
          session.tokens = tokens;
          await request.saveSession(session);
        } catch (error) {
          request.log.info({ err: error }, 'the access token could not be refreshed: signing in again');
          await startSignIn(request, reply, here);
          return undefined;
        }
      }
      return { user: session.user, accessToken: tokens.accessToken, session };
    },
  };
}
