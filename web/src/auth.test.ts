// Signing in, in process, against the development identity provider (also in process): the whole
// authorization code flow with PKCE ends in a session holding the tokens (the browser gets only the
// session cookie), pages call the gateway with the access token, an access token near its expiry
// is refreshed with the refresh token, and a refresh that fails sends the person to sign in again.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { print, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from './gateway.ts';
import { readIdpConfig } from './idp/config.ts';
import { createIdp, type Idp } from './idp/server.ts';
import { createWebApp } from './server.ts';
import { MemorySessionStore } from './sessions.ts';

const webUrl = 'http://127.0.0.1:3999';
let keysDir: string;
let idp: Idp;
let app: FastifyInstance;
const store = new MemorySessionStore();
/** The access tokens the stand-in gateway was called with, in order. */
const tokensSeen: (string | undefined)[] = [];

const gateway: GatewayClient = {
  async execute(document, _variables, options) {
    const name = /(query|mutation) (\w+)/.exec(print(document as DocumentNode))![2]!;
    tokensSeen.push(options?.accessToken);
    if (name !== 'MyBusiness') throw new Error(`no answer for ${name}`);
    return { data: { me: { id: 'dev-business-hardware', permissions: [], business: null } } } as never;
  },
};

beforeAll(async () => {
  keysDir = await mkdtemp(path.join(tmpdir(), 'crimehub-web-auth-'));
  idp = await createIdp(readIdpConfig({ IDP_PORT: '0', LOG_LEVEL: 'silent', DEV_KEYS_DIR: keysDir, WEB_PUBLIC_URL: webUrl, WEB_OIDC_CLIENT_SECRET: 'web-secret' }));
  await idp.app.listen({ host: '127.0.0.1', port: 0 });
  app = await createWebApp({
    gateway,
    logLevel: 'silent',
    publicUrl: webUrl,
    oidc: { issuer: idp.issuer(), clientId: 'hub-web', clientSecret: 'web-secret', scope: 'openid profile email offline_access' },
    sessions: { store },
  });
});

afterAll(async () => {
  await app?.close();
  await idp?.app.close();
  await rm(keysDir, { recursive: true, force: true });
});

/** Follows the provider's redirects with its cookies, signs in as `email`, and answers the address it sends the browser back to. */
async function atProvider(start: string, email: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(url, idp.issuer()), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  };
  const walk = async (response: Response): Promise<Response | URL> => {
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get('location')!, idp.issuer());
      if (next.origin !== new URL(idp.issuer()).origin) return next;
      response = await send(next.href);
    }
    return response;
  };
  const page = (await walk(await send(start))) as Response;
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())![1]!;
  const back = await walk(
    await send(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: 'password' }).toString() }),
  );
  expect(back).toBeInstanceOf(URL);
  return back as URL;
}

const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;

describe('signing in', () => {
  it('signs in with the code and PKCE, calls the gateway with the access token, refreshes it near expiry, and signs in again when that fails', async () => {
    const start = await app.inject('/account');
    expect(start.statusCode).toBe(303);
    const authorize = new URL(start.headers.location as string);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${webUrl}/auth/callback`);
    const before = cookieOf(start.headers['set-cookie']);

    const callback = await atProvider(authorize.href, 'hardware@example.org');
    expect(callback.origin + callback.pathname).toBe(`${webUrl}/auth/callback`);
    // Another browser's session cannot finish this sign-in (the state and verifier are this session's).
    const stranger = await app.inject({ url: callback.pathname + callback.search });
    expect(stranger.headers.location).toBe('/sign-in');
    const signedIn = await app.inject({ url: callback.pathname + callback.search, headers: { cookie: before } });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/account');
    const session = cookieOf(signedIn.headers['set-cookie']);
    // A new session id after signing in; the old one is gone.
    expect(session).not.toBe(before);
    expect(session).not.toMatch(/eyJ/);

    const account = await app.inject({ url: '/account', headers: { cookie: session } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Signed in as Harry Hardy');
    const first = tokensSeen.at(-1)!;
    expect(JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString())).toMatchObject({ role: 'business', business_id: 'biz-0001', aud: 'business-crime-hub' });

    // The access token is about to expire: the next page refreshes it first.
    const id = app.unsignCookie(decodeURIComponent(session.slice('session='.length))).value!;
    const stored = (await store.get(id))!;
    await store.set(id, { ...stored, tokens: { ...stored.tokens!, expiresAtMs: Date.now() + 10_000 } }, 60);
    expect((await app.inject({ url: '/account', headers: { cookie: session } })).statusCode).toBe(200);
    const refreshed = tokensSeen.at(-1)!;
    expect(refreshed).not.toBe(first);
    expect((await store.get(id))!.tokens!.expiresAtMs).toBeGreaterThan(Date.now() + 3000_000);

    // A refresh the provider refuses: sign in again, coming back to the page.
    const again = (await store.get(id))!;
    await store.set(id, { ...again, tokens: { ...again.tokens!, refreshToken: 'not-a-refresh-token', expiresAtMs: Date.now() - 1 } }, 60);
    const resign = await app.inject({ url: '/account/reports', headers: { cookie: session } });
    expect(resign.statusCode).toBe(303);
    expect(resign.headers.location).toMatch(new RegExp(`^${idp.issuer()}/auth\\?`));
    expect((await store.get(id))!.signIn?.returnTo).toBe('/account/reports');
  });
});
