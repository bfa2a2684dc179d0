// The development identity provider in process, on a free port, with its own development key
// pair: discovery, the authorization-code flow with PKCE as a browser would walk it (plain fetch,
// redirects followed by hand, cookies kept), the token exchange, and the access token checked by
// the gateway's own verifier; refresh, sign-out, refusals, and no start in production.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, EnvReader, repoRoot } from '@crimehub/common';
import { createIdentityResolver, readAuthConfig, type IdentityResolver } from '../../../gateway/src/auth/identity.ts';
import { productionRefusal, readIdpConfig } from './config.ts';
import { createIdp, type Idp } from './server.ts';

const webUrl = 'http://127.0.0.1:3999';
const gatewayUrl = 'http://127.0.0.1:4999';
const webSecret = 'a-test-secret';

let keysDir: string;
let idp: Idp;
let issuer: string;
let resolve: IdentityResolver;

beforeAll(async () => {
  keysDir = await mkdtemp(path.join(tmpdir(), 'crimehub-idp-'));
  const config = readIdpConfig({
    IDP_PORT: '0',
    LOG_LEVEL: 'silent',
    DEV_KEYS_DIR: keysDir,
    WEB_PUBLIC_URL: webUrl,
    GATEWAY_PUBLIC_URL: gatewayUrl,
    WEB_OIDC_CLIENT_SECRET: webSecret,
  });
  idp = await createIdp(config);
  await idp.app.listen({ host: '127.0.0.1', port: 0 });
  issuer = idp.issuer();
  // The gateway as `npm start` configures it: its own issuer and the provider's, the development key.
  const read = new EnvReader({ DEV_KEYS_DIR: keysDir, AUTH_ISSUER: `business-crime-hub,${issuer}` });
  const auth = readAuthConfig(read);
  read.done();
  resolve = await createIdentityResolver(auth);
});

afterAll(async () => {
  await idp?.app.close();
  await rm(keysDir, { recursive: true, force: true });
});

/** A browser's cookies, by name (the provider's paths are narrower; sending them everywhere is harmless here). */
class Browser {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    return this.send(url, { method: 'GET' });
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  /** Follows redirects within the provider; stops at the first page, or at a redirect that leaves it (returned as its URL). */
  async walk(response: Response): Promise<{ page?: Response; left?: URL }> {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      if (current.status < 300 || current.status >= 400) return { page: current };
      const next = new URL(current.headers.get('location')!, issuer);
      if (next.origin !== new URL(issuer).origin) return { left: next };
      current = await this.get(next.href);
    }
    throw new Error('too many redirects');
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(url, issuer), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const gone = value === '' || attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function authorizationUrl(params: Record<string, string>): string {
  return `${issuer}/auth?${new URLSearchParams({ response_type: 'code', scope: 'openid', ...params }).toString()}`;
}

/** The web service's start of a sign-in, as web/src asks it (openid-client: offline_access, so prompt=consent). */
function webSignIn(challenge: string, state: string, extra: Record<string, string> = {}): string {
  return authorizationUrl({
    client_id: 'hub-web',
    redirect_uri: `${webUrl}/auth/callback`,
    scope: 'openid profile email offline_access',
    prompt: 'consent',
    state,
    nonce: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
}

async function token(form: Record<string, string>): Promise<{ status: number; body: Record<string, any>; headers: Headers }> {
  const response = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

/** Signs in as `email` (password `password`) from the sign-in page; answers where the browser is sent back to the client. */
async function signIn(browser: Browser, start: string, email: string): Promise<URL> {
  const { page } = await browser.walk(await browser.get(start));
  expect(page?.status).toBe(200);
  const action = /<form method="post" action="([^"]+)"/.exec(await page!.text())?.[1];
  expect(action).toMatch(/^\/interaction\/[^/]+\/login$/);
  const { left } = await browser.walk(await browser.post(action!, { email, password: 'password' }));
  expect(left).toBeDefined();
  return left!;
}

describe('the development identity provider', () => {
  it('publishes its discovery document and its key, the development key (ES256)', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, any>;
    expect(discovery).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      end_session_endpoint: `${issuer}/session/end`,
      jwks_uri: `${issuer}/jwks`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs a business in with the authorization-code flow and PKCE: a wrong password is shown as an error, the access token passes the gateway', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const state = randomBytes(8).toString('hex');
    const { page } = await browser.walk(await browser.get(webSignIn(challenge, state)));
    expect(page?.status).toBe(200);
    const html = await page!.text();
    expect(page!.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(html).toContain('<h1 class="govuk-heading-l">Sign in</h1>');
    expect(html).toContain('hardware@example.org');
    expect(html).toContain('new.business@example.org');
    expect(html).not.toMatch(/<script|style=/);
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;

    // A wrong password: the page again, with the error summary and the field's error; not signed in.
    const wrong = await browser.post(action, { email: 'hardware@example.org', password: 'letmein' });
    expect(wrong.status).toBe(200);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('<title>Error: Sign in');
    expect(wrongHtml).toContain('govuk-error-summary');
    expect(wrongHtml).toContain('The email address or password is not right');
    expect(wrongHtml).toContain('value="hardware@example.org"');

    // Nothing entered: each field says what is missing.
    const empty = await (await browser.post(action, { email: '', password: '' })).text();
    expect(empty).toContain('Enter your email address');
    expect(empty).toContain('Enter your password');

    // The right password: sent back to the web service with a code (consent is given without a page).
    const { left } = await browser.walk(await browser.post(action, { email: 'Hardware@example.org ', password: 'password' }));
    expect(left?.origin + left!.pathname).toBe(`${webUrl}/auth/callback`);
    expect(left!.searchParams.get('state')).toBe(state);
    expect(left!.searchParams.get('iss')).toBe(issuer);
    const code = left!.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: `${webUrl}/auth/callback`, code_verifier: verifier, client_id: 'hub-web', client_secret: webSecret });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String) });

    const access = claimsOf(exchanged.body.access_token);
    expect(access).toMatchObject({ iss: issuer, aud: 'business-crime-hub', sub: 'dev-business-hardware', role: 'business', business_id: 'biz-0001', client_id: 'hub-web' });
    expect(access.exp).toBe((access.iat as number) + 3600);
    expect(await resolve(`Bearer ${exchanged.body.access_token}`)).toEqual({ kind: 'user', subject: 'dev-business-hardware', role: 'business', businessId: 'biz-0001' });

    const id = claimsOf(exchanged.body.id_token);
    expect(id).toMatchObject({ iss: issuer, aud: 'hub-web', sub: 'dev-business-hardware', name: 'Harry Hardy', email: 'hardware@example.org', role: 'business', business_id: 'biz-0001' });

    // A refresh token gives a new access token the gateway accepts too.
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token, client_id: 'hub-web', client_secret: webSecret });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(exchanged.body.access_token);
    expect(await resolve(`Bearer ${refreshed.body.access_token}`)).toMatchObject({ role: 'business', businessId: 'biz-0001' });

    // A code is good once.
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: `${webUrl}/auth/callback`, code_verifier: verifier, client_id: 'hub-web', client_secret: webSecret });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // Signing out: a confirmation page, then back to the web service's signed-out page; the refresh token is dead.
    const latest = refreshed.body.refresh_token ?? exchanged.body.refresh_token;
    const end = await browser.get(`${issuer}/session/end?${new URLSearchParams({ id_token_hint: exchanged.body.id_token, post_logout_redirect_uri: `${webUrl}/signed-out`, state: 'bye' })}`);
    expect(end.status).toBe(200);
    const confirmation = await end.text();
    expect(confirmation).toContain('<h1 class="govuk-heading-l">Sign out</h1>');
    const confirm = /<form method="post" action="([^"]+)"/.exec(confirmation)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmation)![1]!;
    const out = await browser.post(confirm, { xsrf, logout: 'yes' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe(`${webUrl}/signed-out?state=bye`);
    expect((await token({ grant_type: 'refresh_token', refresh_token: latest, client_id: 'hub-web', client_secret: webSecret })).body.error).toBe('invalid_grant');
  });

  it('gives every role its claims: a business not yet registered, police, a partner of a seeded organisation, an analyst, an admin', async () => {
    const expected: Record<string, object> = {
      'new.business@example.org': { role: 'business', businessId: 'biz-web-1' },
      'police@example.org': { role: 'police' },
      'growth-hub@example.org': { role: 'partner', organizationId: 'growth-hub' },
      'victim-gateway@example.org': { role: 'partner', organizationId: 'victim-gateway' },
      'analyst@example.org': { role: 'analyst' },
      'admin@example.org': { role: 'admin' },
    };
    for (const [email, identity] of Object.entries(expected)) {
      const { verifier, challenge } = pkce();
      const back = await signIn(new Browser(), webSignIn(challenge, 'x'), email);
      const { body } = await token({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code')!,
        redirect_uri: `${webUrl}/auth/callback`,
        code_verifier: verifier,
        client_id: 'hub-web',
        client_secret: webSecret,
      });
      expect(await resolve(`Bearer ${body.access_token}`), email).toMatchObject({ kind: 'user', ...identity });
    }
  });

  it("signs the explorer (a public client) in, as the explorer's page does, and lets its origin read the token answer", async () => {
    const { verifier, challenge } = pkce();
    const redirectUri = `${gatewayUrl}/explorer/`;
    const back = await signIn(
      new Browser(),
      authorizationUrl({ client_id: 'hub-explorer', redirect_uri: redirectUri, state: 's', code_challenge: challenge, code_challenge_method: 'S256' }),
      'analyst@example.org',
    );
    expect(back.origin + back.pathname).toBe(redirectUri);
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: gatewayUrl },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, client_id: 'hub-explorer', code_verifier: verifier }).toString(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(gatewayUrl);
    const body = (await response.json()) as { access_token: string };
    expect(await resolve(`Bearer ${body.access_token}`)).toEqual({ kind: 'user', subject: 'dev-analyst', role: 'analyst' });
  });

  it('refuses a redirect_uri the client did not register, and an authorization without PKCE, on its own page', async () => {
    const { challenge } = pkce();
    const elsewhere = await fetch(webSignIn(challenge, 's', { redirect_uri: 'http://127.0.0.1:3999/elsewhere' }), { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();
    const page = await elsewhere.text();
    expect(page).toContain('There is a problem with signing in');
    expect(page).toContain('redirect_uri');

    const noPkce = await fetch(authorizationUrl({ client_id: 'hub-explorer', redirect_uri: `${gatewayUrl}/explorer/`, state: 's' }), { redirect: 'manual' });
    // A registered redirect_uri: the error goes back to the client, as OpenID Connect says.
    expect(noPkce.status).toBe(303);
    const back = new URL(noPkce.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    const { body, status } = await token({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'hub-web', client_secret: 'wrong' });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('serves GOV.UK Frontend’s CSS and fonts itself', async () => {
    const css = await fetch(`${issuer}/assets/govuk/govuk-frontend.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const font = /url\((\/assets\/fonts\/[^)]+\.woff2)\)/.exec(await css.text())?.[1];
    expect(font).toBeDefined();
    expect((await fetch(`${issuer}${font}`)).status).toBe(200);
  });

  it('says a sign-in is over when its page is opened without the sign-in in progress', async () => {
    const response = await fetch(`${issuer}/interaction/not-a-sign-in`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Your sign-in has expired');
  });
});

describe('in production', () => {
  it('is refused by its configuration', () => {
    expect(() => readIdpConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => readIdpConfig({ NODE_ENV: 'production' })).toThrow(/refuses to run with NODE_ENV=production/);
  });

  it('does not start: npm run idp says why and exits with code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'web', 'src', 'idp', 'main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production', IDP_PORT: '0', DEV_KEYS_DIR: keysDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(productionRefusal);
    expect(run.stdout).not.toContain('ready at');
  });
});
