// Token verification in process: each role's token gives its Identity, and every kind of bad
// token is refused with UNAUTHENTICATED — a plain message, never the token, never anonymous.
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWTPayload } from 'jose';
import { EnvReader, type Identity } from '@crimehub/common';
import { createIdentityResolver, readAuthConfig, VerifiedTokens, type AuthConfig, type IdentityResolver } from './identity.ts';

const hub = 'business-crime-hub';

interface SignOptions {
  key?: CryptoKey;
  alg?: string;
  kid?: string;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  subject?: string | null;
  /** Seconds from now for `iat`; null for a token without one. */
  issuedAt?: number | null;
}

let hubKeys: CryptoKeyPair;
let otherKeys: CryptoKeyPair;
let hubPublicPem: string;

function sign(
  claims: JWTPayload,
  { key = hubKeys.privateKey, alg = 'ES256', kid, issuer = hub, audience = hub, expiresIn = 600, subject = 'user-1', issuedAt = 0 }: SignOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime(now + expiresIn);
  if (issuedAt !== null) jwt.setIssuedAt(now + issuedAt);
  if (subject !== null) jwt.setSubject(subject);
  return jwt.sign(key);
}

function configFor(env: Record<string, string>): AuthConfig {
  const read = new EnvReader(env);
  const config = readAuthConfig(read);
  read.done();
  return config;
}

/** The header is refused with UNAUTHENTICATED, a message matching `pattern`, and no part of the token in it. */
async function expectRefused(resolve: IdentityResolver, header: string, pattern: RegExp): Promise<void> {
  const error = await resolve(header).then(
    (identity) => expect.fail(`accepted as ${JSON.stringify(identity)}`),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { message, extensions } = error as GraphQLError;
  expect(extensions.code).toBe('UNAUTHENTICATED');
  expect(message).toMatch(pattern);
  const credentials = header.replace(/^\s*\S+\s*/, '');
  if (credentials) expect(message).not.toContain(credentials);
  for (const part of credentials.split('.')) if (part.length >= 8) expect(message).not.toContain(part);
}

beforeAll(async () => {
  hubKeys = await generateKeyPair('ES256', { extractable: true });
  otherKeys = await generateKeyPair('ES256', { extractable: true });
  hubPublicPem = await exportSPKI(hubKeys.publicKey);
});

describe('readAuthConfig', () => {
  it('defaults to issuer and audience business-crime-hub, 5 seconds of clock tolerance and the development keys', () => {
    const read = new EnvReader({});
    const config = readAuthConfig(read);
    expect(read.problems).toEqual([]);
    expect(config).toMatchObject({ issuers: [hub], audience: hub, clockToleranceSeconds: 5, key: { kind: 'devKeys' } });
    expect(config.key.kind === 'devKeys' && config.key.dir).toMatch(/\.data[/\\]dev-keys$/);
  });

  it('refuses to run in production with no key to verify tokens', () => {
    const read = new EnvReader({ NODE_ENV: 'production' });
    readAuthConfig(read);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE/);
  });

  it('accepts a public key in production', () => {
    expect(configFor({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: hubPublicPem }).key).toMatchObject({ kind: 'publicKey', algorithms: ['ES256'] });
  });

  it('names bad key settings: two at once, a non-PEM key, an unreadable file, a non-http JWKS URL, a bad tolerance', () => {
    const read = new EnvReader({ AUTH_JWKS_URL: 'ftp://keys.example', AUTH_PUBLIC_KEY: 'not a key', AUTH_CLOCK_TOLERANCE_SECONDS: 'soon' });
    readAuthConfig(read);
    const problems = read.problems.join('\n');
    expect(problems).toMatch(/Set only one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY/);
    expect(problems).toMatch(/AUTH_JWKS_URL must be a http: or https: URL/);
    expect(problems).toMatch(/AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number/);

    const pem = new EnvReader({ AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' });
    readAuthConfig(pem);
    expect(pem.problems).toEqual(['AUTH_PUBLIC_KEY is not a readable PEM public key']);

    const file = new EnvReader({ AUTH_PUBLIC_KEY_FILE: '/nonexistent/public.pem' });
    readAuthConfig(file);
    expect(file.problems.join('\n')).toMatch(/AUTH_PUBLIC_KEY_FILE: cannot read "\/nonexistent\/public.pem" \(ENOENT\)/);
  });

  it('reads AUTH_PUBLIC_KEY_FILE, and a PEM written on one line with \\n escapes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crimehub-auth-'));
    try {
      await writeFile(path.join(dir, 'public.pem'), hubPublicPem);
      const fromFile = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY_FILE: path.join(dir, 'public.pem') }));
      const oneLine = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem.trim().replace(/\n/g, '\\n') }));
      const token = await sign({ role: 'police' });
      for (const resolve of [fromFile, oneLine]) expect(await resolve(`Bearer ${token}`)).toMatchObject({ kind: 'user', role: 'police' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('AUTH_ISSUER as a list', () => {
  const idp = 'http://127.0.0.1:4100';

  it('reads a comma-separated list, blanks around names ignored and duplicates dropped', () => {
    expect(configFor({ AUTH_ISSUER: ` ${hub} , ${idp},${hub}` }).issuers).toEqual([hub, idp]);
  });

  it('names an empty entry as a problem', () => {
    const read = new EnvReader({ AUTH_ISSUER: `${hub},,${idp}` });
    expect(readAuthConfig(read).issuers).toEqual([hub, idp]);
    expect(read.problems).toEqual([expect.stringMatching(/^AUTH_ISSUER must be one issuer or a comma-separated list of issuers with no empty entry/)]);
  });

  it('accepts a token from any listed issuer and refuses one from another, naming every accepted issuer', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem, AUTH_ISSUER: `${hub},${idp}` }));
    expect(await resolve(`Bearer ${await sign({ role: 'police' }, { issuer: hub })}`)).toMatchObject({ role: 'police' });
    expect(await resolve(`Bearer ${await sign({ role: 'analyst' }, { issuer: idp })}`)).toMatchObject({ role: 'analyst' });
    await expectRefused(
      resolve,
      `Bearer ${await sign({ role: 'admin' }, { issuer: 'http://127.0.0.1:4101' })}`,
      /wrong issuer: this hub accepts issuers "business-crime-hub", "http:\/\/127\.0\.0\.1:4100"\.$/,
    );
  });
});

describe('readAuthConfig in production', () => {
  it('refuses an http:// AUTH_JWKS_URL (keys fetched in clear could be swapped on the way), and accepts https://', () => {
    expect(() => configFor({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://login.example.gov.uk/jwks.json' })).toThrow(
      /AUTH_JWKS_URL must be an https: URL in production, got "http:\/\/login.example.gov.uk\/jwks.json"/,
    );
    expect(configFor({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://login.example.gov.uk/jwks.json' }).key).toEqual({
      kind: 'jwks',
      url: 'https://login.example.gov.uk/jwks.json',
    });
    expect(configFor({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }).key).toMatchObject({ kind: 'jwks' });
  });

  it('refuses NODE_ENV values other than development, production and test', () => {
    expect(() => configFor({ NODE_ENV: 'prod', AUTH_PUBLIC_KEY: hubPublicPem })).toThrow(/NODE_ENV must be exactly one of development, production, test/);
  });

  it('limits token lifetime to AUTH_MAX_TOKEN_LIFETIME_SECONDS: by default an hour in production, a day otherwise', () => {
    expect(configFor({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: hubPublicPem }).maxTokenLifetimeSeconds).toBe(3600);
    expect(configFor({}).maxTokenLifetimeSeconds).toBe(86_400);
    expect(configFor({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '900' }).maxTokenLifetimeSeconds).toBe(900);
    expect(() => configFor({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'forever' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number from 60/);
  });
});

describe('token lifetime', () => {
  it('refuses a token whose exp - iat is over the maximum, and accepts one at the maximum', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }));
    await expectRefused(resolve, `Bearer ${await sign({ role: 'police' }, { expiresIn: 7200 })}`, /The token lives longer than this hub accepts: 7200 s from "iat" to "exp", at most 3600 s/);
    // Issued long ago and still valid: its whole life counts, not what is left of it.
    await expectRefused(resolve, `Bearer ${await sign({ role: 'police' }, { issuedAt: -86_000, expiresIn: 600 })}`, /lives longer than this hub accepts/);
    expect(await resolve(`Bearer ${await sign({ role: 'police' }, { expiresIn: 3600 })}`)).toMatchObject({ role: 'police' });
  });

  it('in production refuses a token without "iat", whose lifetime cannot be known', async () => {
    const resolve = await createIdentityResolver(configFor({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: hubPublicPem }));
    await expectRefused(resolve, `Bearer ${await sign({ role: 'police' }, { issuedAt: null })}`, /The token has no "iat" \(issued at\) claim/);
    expect(await resolve(`Bearer ${await sign({ role: 'police' })}`)).toMatchObject({ role: 'police' });
  });

  it('outside production judges a token without "iat" by the time it has left', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }));
    expect(await resolve(`Bearer ${await sign({ role: 'police' }, { issuedAt: null, expiresIn: 600 })}`)).toMatchObject({ role: 'police' });
    await expectRefused(resolve, `Bearer ${await sign({ role: 'police' }, { issuedAt: null, expiresIn: 7200 })}`, /expires more than 3600 s from now/);
  });

  it('accepts the 8-hour tokens `npm run token` makes by default in development', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem }));
    expect(await resolve(`Bearer ${await sign({ role: 'analyst' }, { expiresIn: 8 * 3600 })}`)).toMatchObject({ role: 'analyst' });
  });
});

describe('createIdentityResolver with AUTH_PUBLIC_KEY', () => {
  let resolve: IdentityResolver;

  beforeAll(async () => {
    resolve = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem }));
  });

  it('makes a caller with no Authorization header anonymous', async () => {
    expect(await resolve(undefined)).toEqual({ kind: 'anonymous' });
  });

  it.each<[string, JWTPayload, Identity]>([
    ['business', { role: 'business', business_id: 'biz-42' }, { kind: 'user', subject: 'user-1', role: 'business', businessId: 'biz-42' }],
    ['police', { role: 'police' }, { kind: 'user', subject: 'user-1', role: 'police' }],
    ['partner', { role: 'partner', org_id: 'pabcis' }, { kind: 'user', subject: 'user-1', role: 'partner', organizationId: 'pabcis' }],
    ['analyst', { role: 'analyst' }, { kind: 'user', subject: 'user-1', role: 'analyst' }],
    ['admin', { role: 'admin' }, { kind: 'user', subject: 'user-1', role: 'admin' }],
  ])('turns a valid %s token into its Identity', async (_role, claims, identity) => {
    expect(await resolve(`Bearer ${await sign(claims)}`)).toEqual(identity);
  });

  it('binds only the role that needs it: a police token with business_id and org_id is bound to neither', async () => {
    expect(await resolve(`Bearer ${await sign({ role: 'police', business_id: 'biz-42', org_id: 'pabcis' })}`)).toEqual({ kind: 'user', subject: 'user-1', role: 'police' });
  });

  it('accepts any case of the Bearer scheme', async () => {
    const token = await sign({ role: 'analyst' });
    expect(await resolve(`bearer ${token}`)).toMatchObject({ role: 'analyst' });
    expect(await resolve(`BEARER   ${token}`)).toMatchObject({ role: 'analyst' });
  });

  it('allows a few seconds of clock skew past expiry', async () => {
    expect(await resolve(`Bearer ${await sign({ role: 'analyst' }, { expiresIn: -2 })}`)).toMatchObject({ role: 'analyst' });
  });

  it('refuses an expired token', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'analyst' }, { expiresIn: -60 })}`, /expired/);
  });

  it('remembers a verified token only until it expires: the same token is refused once its exp has passed', async () => {
    const strict = await createIdentityResolver(configFor({ AUTH_PUBLIC_KEY: hubPublicPem, AUTH_CLOCK_TOLERANCE_SECONDS: '0' }));
    const token = await sign({ role: 'analyst' }, { expiresIn: 1 });
    expect(await strict(`Bearer ${token}`)).toMatchObject({ role: 'analyst' });
    expect(await strict(`Bearer ${token}`)).toMatchObject({ role: 'analyst' });
    await new Promise((done) => setTimeout(done, 2_100));
    await expectRefused(strict, `Bearer ${token}`, /expired/);
  });

  it('never answers a changed token from what it remembers of the verified one', async () => {
    const token = await sign({ role: 'analyst' });
    expect(await resolve(`Bearer ${token}`)).toMatchObject({ role: 'analyst' });
    const [header, payload, signature] = token.split('.');
    const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    await expectRefused(resolve, `Bearer ${header}.${payload}.${flipped}`, /signature/);
  });

  it('refuses a token signed by another key', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { key: otherKeys.privateKey })}`, /signature is not valid/);
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { audience: 'some-other-api' })}`, /wrong audience/);
  });

  it('refuses a token from another issuer', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { issuer: 'someone-else' })}`, /wrong issuer: this hub accepts issuer "business-crime-hub"\.$/);
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const unsigned = new UnsecuredJWT({ role: 'admin' }).setIssuer(hub).setAudience(hub).setSubject('user-1').setExpirationTime('10m').encode();
    expect(unsigned.endsWith('.')).toBe(true);
    await expectRefused(resolve, `Bearer ${unsigned}`, /algorithm this hub does not accept/);
  });

  it('refuses a token signed with an algorithm the key does not sign with', async () => {
    const rsa = await generateKeyPair('RS256');
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { key: rsa.privateKey, alg: 'RS256' })}`, /algorithm this hub does not accept/);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign({ role: 'analyst' })).split('.');
    const payload = Buffer.from(JSON.stringify({ role: 'admin', iss: hub, aud: hub, sub: 'user-1', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    await expectRefused(resolve, `Bearer ${header}.${payload}.${signature}`, /signature is not valid/);
  });

  it.each([
    ['Bearer abc', /malformed/],
    ['Bearer', /no token after "Bearer"/],
    ['Bearer    ', /no token after "Bearer"/],
    ['', /not a Bearer header/],
    ['Basic dXNlcjpwYXNz', /not a Bearer header/],
    ['Bearer a.b.c d.e.f', /malformed/],
    ['Bearer eyJhbGciOiJFUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl', /(malformed|signature is not valid)/],
    ['Bearer bm90IGpzb24.eyJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJl', /malformed/],
  ])('refuses the malformed header %j', async (header, pattern) => {
    await expectRefused(resolve, header, pattern);
  });

  it('refuses a token with no expiry, no subject or a subject that is not a string', async () => {
    const noExp = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ES256' }).setIssuer(hub).setAudience(hub).setSubject('u').sign(hubKeys.privateKey);
    await expectRefused(resolve, `Bearer ${noExp}`, /no "exp"/);
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { subject: null })}`, /no "sub"/);
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin', sub: 42 } as unknown as JWTPayload, { subject: null })}`, /"sub" \(subject\) claim must be a non-empty string/);
  });

  it('refuses a token with no role', async () => {
    await expectRefused(resolve, `Bearer ${await sign({})}`, /no "role" claim/);
  });

  it('refuses a token with an unknown role, without repeating it', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'wizard' })}`, /not a known role/);
    await expect(resolve(`Bearer ${await sign({ role: 'wizard' })}`)).rejects.not.toThrow(/wizard/);
    await expectRefused(resolve, `Bearer ${await sign({ role: ['admin'] })}`, /not a known role/);
  });

  it('refuses a business token without business_id', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'business' })}`, /business token must carry a "business_id"/);
    await expectRefused(resolve, `Bearer ${await sign({ role: 'business', business_id: '' })}`, /business token must carry a "business_id"/);
  });

  it('refuses a partner token without org_id', async () => {
    await expectRefused(resolve, `Bearer ${await sign({ role: 'partner' })}`, /partner token must carry an "org_id"/);
    await expectRefused(resolve, `Bearer ${await sign({ role: 'partner', org_id: 7 })}`, /partner token must carry an "org_id"/);
  });
});

describe('createIdentityResolver with AUTH_JWKS_URL', () => {
  let server: Server;
  let jwksUrl: string;
  let requests = 0;

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(hubKeys.publicKey)), kid: 'hub-1', alg: 'ES256', use: 'sig' };
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('verifies tokens against the key set it fetches, and caches it', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_JWKS_URL: jwksUrl }));
    expect(await resolve(`Bearer ${await sign({ role: 'partner', org_id: 'pabcis' }, { kid: 'hub-1' })}`)).toEqual({
      kind: 'user',
      subject: 'user-1',
      role: 'partner',
      organizationId: 'pabcis',
    });
    expect(await resolve(`Bearer ${await sign({ role: 'police' }, { kid: 'hub-1' })}`)).toMatchObject({ role: 'police' });
    expect(requests).toBe(1);
  });

  it('refuses tokens signed by a key not in the set', async () => {
    const resolve = await createIdentityResolver(configFor({ AUTH_JWKS_URL: jwksUrl }));
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { key: otherKeys.privateKey, kid: 'hub-1' })}`, /signature is not valid/);
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { key: otherKeys.privateKey, kid: 'unknown' })}`, /signature is not valid/);
  });

  it('refuses tokens, rather than crashing or letting them in, when the key set cannot be fetched', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const resolve = await createIdentityResolver(configFor({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` }));
    await expectRefused(resolve, `Bearer ${await sign({ role: 'admin' }, { kid: 'hub-1' })}`, /keys that verify tokens are unavailable/);
  });
});

describe('VerifiedTokens', () => {
  const analyst: Identity = { kind: 'user', subject: 'a', role: 'analyst' };

  it('forgets the oldest tokens beyond its capacity, and a token at or before the time asked', () => {
    const tokens = new VerifiedTokens(2);
    tokens.set('one', analyst, 10_000);
    tokens.set('two', analyst, 10_000);
    tokens.set('three', analyst, 10_000);
    expect(tokens.size).toBe(2);
    expect(tokens.get('one', 0)).toBeUndefined();
    expect(tokens.get('three', 9_999)).toEqual(analyst);
    expect(tokens.get('three', 10_000)).toBeUndefined();
    expect(tokens.size).toBe(1);
  });
});
