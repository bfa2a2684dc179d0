import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, EnvReader } from './config.ts';
import { anonymous, type Identity } from './identity.ts';
import { MemoryNonceStore } from './nonceStore.ts';
import { decodeIdentity, readSigningConfig, signRequest, verifyRequest, verifySignedRequest, type SignedTarget, type SigningConfig } from './signing.ts';

const run = promisify(execFile);

const config: SigningConfig = { secret: 'a-test-secret-that-is-long-enough-0123456789', maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
const police: Identity = { kind: 'user', subject: 'officer-7', role: 'police' };
const body = JSON.stringify({ query: '{ _service { sdl } }' });
const now = 1_800_000_000_000;
/** The police subgraph's GraphQL endpoint, as the gateway posts to it. */
const toPolice: SignedTarget = { audience: 'police', method: 'POST', path: '/graphql' };
const sign = (identity: Identity, payload = body, at = now) => signRequest(config, toPolice, identity, payload, at);
const verify = (headers: Record<string, string | string[] | undefined>, payload = body, at = now, target = toPolice, cfg = config) => verifyRequest(cfg, target, headers, payload, at).identity;

/** Runs `verify` and returns the GraphQLError it throws. */
function refusal(verify: () => unknown): GraphQLError {
  try {
    verify();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('the request was accepted');
}

function expectRefused(verify: () => unknown, reason: RegExp): void {
  const error = refusal(verify);
  expect(error.extensions.code).toBe('UNAUTHENTICATED');
  expect(error.message).toMatch(reason);
}

/** Signs an arbitrary identity header as a gateway with the right secret would (the v2 format, written out). */
function signRawIdentity(identityJson: string, at = now): Record<string, string> {
  const identity = Buffer.from(identityJson).toString('base64url');
  const digest = createHash('sha256').update(body).digest('hex');
  const nonce = 'AAAAAAAAAAAAAAAAAAAAAA';
  const mac = createHmac('sha256', config.secret).update(['v2', 'police', 'POST', '/graphql', at, nonce, identity, digest].join('\n')).digest('hex');
  return { 'x-hub-identity': identity, 'x-hub-timestamp': String(at), 'x-hub-nonce': nonce, 'x-hub-signature': `v2=${mac}` };
}

describe('signRequest and verifyRequest', () => {
  it('round-trips a user identity and the anonymous identity over the exact body', () => {
    const headers = sign(police);
    expect(Object.keys(headers).sort()).toEqual(['x-hub-identity', 'x-hub-nonce', 'x-hub-signature', 'x-hub-timestamp']);
    expect(headers['x-hub-timestamp']).toBe(String(now));
    expect(headers['x-hub-nonce']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(headers['x-hub-signature']).toMatch(/^v2=[0-9a-f]{64}$/);
    expect(JSON.parse(Buffer.from(headers['x-hub-identity']!, 'base64url').toString())).toEqual(police);
    expect(verify(headers)).toEqual(police);
    expect(verify(sign(anonymous), body, now + 29_000)).toEqual(anonymous);
    const business: Identity = { kind: 'user', subject: 'u1', role: 'business', businessId: 'b-1' };
    expect(verify(sign(business, ''), '')).toEqual(business);
  });

  it('gives every request its own nonce, and says until when it must be remembered', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => sign(anonymous)['x-hub-nonce']));
    expect(nonces.size).toBe(100);
    const headers = sign(anonymous);
    expect(verifyRequest(config, toPolice, headers, body, now + 5_000)).toEqual({ identity: anonymous, nonce: headers['x-hub-nonce'], acceptableUntil: now + 30_000 });
  });

  it('refuses a tampered body', () => {
    const headers = sign(anonymous);
    expectRefused(() => verify(headers, body.replace('sdl', 'sdl __typename')), /signature does not match/);
    expectRefused(() => verify(headers, `${body} `), /signature does not match/);
  });

  it('refuses a tampered identity', () => {
    const headers = sign({ kind: 'user', subject: 'u1', role: 'business' });
    const admin = Buffer.from(JSON.stringify({ kind: 'user', subject: 'u1', role: 'admin' })).toString('base64url');
    expectRefused(() => verify({ ...headers, 'x-hub-identity': admin }), /signature does not match/);
  });

  it('refuses a request signed for another subgraph, method or path', () => {
    const headers = sign(police);
    for (const target of [
      { ...toPolice, audience: 'support' },
      { ...toPolice, audience: 'victims' },
      { ...toPolice, method: 'GET' },
      { ...toPolice, path: '/graphql?x=1' },
      { ...toPolice, path: '/graphql/' },
      { ...toPolice, path: '/other' },
    ]) {
      expectRefused(() => verify(headers, body, now, target), /signature does not match/);
    }
    // A GET signs its query string, which carries the query.
    const get = { audience: 'police', method: 'GET', path: '/graphql?query=%7B__typename%7D' };
    const signedGet = signRequest(config, get, police, '', now);
    expect(verify(signedGet, '', now, get)).toEqual(police);
    expectRefused(() => verify(signedGet, '', now, { ...get, path: '/graphql?query=%7BcrimeReports%7Bnarrative%7D%7D' }), /signature does not match/);
  });

  it('refuses a tampered timestamp or nonce and a signature made with another secret', () => {
    const headers = sign(anonymous);
    expectRefused(() => verify({ ...headers, 'x-hub-timestamp': String(now + 1) }), /signature does not match/);
    expectRefused(() => verify({ ...headers, 'x-hub-nonce': sign(anonymous)['x-hub-nonce'] }), /signature does not match/);
    expectRefused(() => verify({ ...headers, 'x-hub-nonce': 'short' }), /signature does not match/);
    const wrong = signRequest({ ...config, secret: 'another-secret-that-is-long-enough-987654321' }, toPolice, anonymous, body, now);
    expectRefused(() => verify(wrong), /signature does not match/);
    expectRefused(() => verify({ ...headers, 'x-hub-signature': 'v2=abc' }), /signature does not match/);
    expectRefused(() => verify({ ...headers, 'x-hub-signature': headers['x-hub-signature']!.replace('v2=', 'v3=') }), /signature does not match/);
  });

  it('refuses a version 1 signature, even one that was valid', () => {
    const identity = Buffer.from(JSON.stringify(police)).toString('base64url');
    const digest = createHash('sha256').update(body).digest('hex');
    const v1 = createHmac('sha256', config.secret).update(`${now}.${identity}.${digest}`).digest('hex');
    const headers = { 'x-hub-identity': identity, 'x-hub-timestamp': String(now), 'x-hub-nonce': 'AAAAAAAAAAAAAAAAAAAAAA', 'x-hub-signature': `v1=${v1}` };
    expectRefused(() => verify(headers), /version 1, which this service no longer accepts/);
  });

  it('refuses a request with any signing header missing', () => {
    const headers = sign(anonymous);
    expectRefused(() => verify({}), /not signed/);
    for (const name of Object.keys(headers)) {
      const { [name]: _left, ...rest } = headers;
      expectRefused(() => verify(rest), new RegExp(`not signed \\(missing ${name}\\)`));
    }
    expectRefused(() => verify({ ...headers, 'x-hub-signature': ['a', 'b'] }), /not signed/);
  });

  it('refuses timestamps more than the window (30 s by default) old or ahead', () => {
    const stale = sign(anonymous, body, now - 31_000);
    expectRefused(() => verify(stale), /too old or from the future \(more than 30 s/);
    const future = sign(anonymous, body, now + 31_000);
    expectRefused(() => verify(future), /too old or from the future/);
    expect(verify(stale, body, now, toPolice, { ...config, maxAgeSeconds: 60 })).toEqual(anonymous);
  });

  it('refuses a correctly signed but malformed identity', () => {
    for (const json of [
      '{"kind":"root"}',
      '{"kind":"user","subject":"u1","role":"superuser"}',
      '{"kind":"user","role":"police"}',
      '{"kind":"user","subject":"","role":"police"}',
      '{"kind":"user","subject":"u1","role":"business","businessId":7}',
      '[]',
      'null',
      'not json',
    ]) {
      expectRefused(() => verify(signRawIdentity(json)), /identity header is malformed/);
    }
  });

  it('keeps only the known fields of an identity', () => {
    const header = Buffer.from(JSON.stringify({ kind: 'anonymous', role: 'admin' })).toString('base64url');
    expect(decodeIdentity(header)).toEqual({ kind: 'anonymous' });
    expect(decodeIdentity('%%%')).toBeUndefined();
  });
});

describe('verifySignedRequest', () => {
  it('accepts a signed request once: the same request again, within the window, is refused', async () => {
    const nonces = new MemoryNonceStore(() => now);
    const headers = sign(police);
    expect(await verifySignedRequest(config, nonces, toPolice, headers, body, now)).toEqual(police);
    const again = await verifySignedRequest(config, nonces, toPolice, headers, body, now + 1_000).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(GraphQLError);
    expect((again as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
    expect((again as GraphQLError).message).toMatch(/already been used once/);
    // Another request from the same caller, with the same body, has its own nonce.
    expect(await verifySignedRequest(config, nonces, toPolice, sign(police), body, now)).toEqual(police);
  });

  it('spends no nonce on a request it refuses for its signature', async () => {
    const nonces = new MemoryNonceStore(() => now);
    const headers = sign(police);
    await expect(verifySignedRequest(config, nonces, { ...toPolice, audience: 'support' }, headers, body, now)).rejects.toThrow(/signature does not match/);
    expect(nonces.size).toBe(0);
    expect(await verifySignedRequest(config, nonces, toPolice, headers, body, now)).toEqual(police);
  });
});

describe('readSigningConfig', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-signing-'));
    dirs.push(dir);
    return path.join(dir, 'dev-keys', 'subgraph-signing-secret');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const read = (env: Record<string, string>, devSecretFile = tempFile()) => {
    const reader = new EnvReader({ DEV_KEYS_DIR: path.dirname(devSecretFile), ...env });
    const config = readSigningConfig(reader);
    reader.done();
    return config;
  };

  it('uses HUB_SIGNING_SECRET and HUB_SIGNATURE_MAX_AGE_SECONDS (default 30 s, at most 120 s)', () => {
    const secret = randomBytes(32).toString('hex');
    expect(read({ HUB_SIGNING_SECRET: secret, NODE_ENV: 'production' })).toMatchObject({ secret, maxAgeSeconds: 30 });
    expect(read({ HUB_SIGNING_SECRET: secret, HUB_SIGNATURE_MAX_AGE_SECONDS: '60' }).maxAgeSeconds).toBe(60);
    expect(read({ HUB_SIGNING_SECRET: secret, HUB_SIGNATURE_MAX_AGE_SECONDS: '120' }).maxAgeSeconds).toBe(120);
    expect(() => read({ HUB_SIGNING_SECRET: secret, HUB_SIGNATURE_MAX_AGE_SECONDS: '300' })).toThrow(/HUB_SIGNATURE_MAX_AGE_SECONDS must be a whole number from 1 to 120, got "300"/);
    expect(() => read({ HUB_SIGNING_SECRET: secret, HUB_SIGNATURE_MAX_AGE_SECONDS: 'soon' })).toThrow(/HUB_SIGNATURE_MAX_AGE_SECONDS must be a whole number/);
  });

  it('creates the development secret file once and reuses it', () => {
    const file = tempFile();
    const first = read({}, file);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(read({ NODE_ENV: 'development' }, file).secret).toBe(first.secret);
    expect(read({}, file).secret).toBe(first.secret);
    // Another checkout's file gives another secret.
    expect(read({}).secret).not.toBe(first.secret);
  });

  it('gives five processes starting at once the same development secret', async () => {
    const file = tempFile();
    const script = `import { readOrCreateDevSecret } from ${JSON.stringify(new URL('./signing.ts', import.meta.url).href)}; console.log(readOrCreateDevSecret(process.argv[1]));`;
    const outputs = await Promise.all(Array.from({ length: 5 }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file]).then((r) => r.stdout.trim())));
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toBe(readFileSync(file, 'utf8').trim());
    expect(outputs[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a development secret another process wrote first', () => {
    const file = tempFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${'ab'.repeat(32)}\n`);
    expect(read({}, file).secret).toBe('ab'.repeat(32));
  });

  it('calls a missing HUB_SIGNING_SECRET in production a configuration problem', () => {
    const file = tempFile();
    expect(() => read({ NODE_ENV: 'production' }, file)).toThrow(ConfigError);
    expect(() => read({ NODE_ENV: 'production' }, file)).toThrow(/HUB_SIGNING_SECRET must be set in production/);
    expect(() => statSync(file)).toThrow();
  });

  it('calls a short secret a configuration problem', () => {
    expect(() => read({ HUB_SIGNING_SECRET: 'x'.repeat(31) })).toThrow(/HUB_SIGNING_SECRET must be at least 32 characters long, got 31/);
    const file = tempFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'short\n');
    expect(() => read({}, file)).toThrow(/development secret .* could not be used: it holds 5 characters/);
  });
});
