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
import { decodeIdentity, readSigningConfig, signRequest, verifyRequest, type SigningConfig } from './signing.ts';

const run = promisify(execFile);

const config: SigningConfig = { secret: 'a-test-secret-that-is-long-enough-0123456789', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const police: Identity = { kind: 'user', subject: 'officer-7', role: 'police' };
const body = JSON.stringify({ query: '{ _service { sdl } }' });
const now = 1_800_000_000_000;

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

/** Signs an arbitrary identity header as a gateway with the right secret would. */
function signRawIdentity(identityJson: string, at = now): Record<string, string> {
  const identity = Buffer.from(identityJson).toString('base64url');
  const digest = createHash('sha256').update(body).digest('hex');
  const mac = createHmac('sha256', config.secret).update(`${at}.${identity}.${digest}`).digest('hex');
  return { 'x-hub-identity': identity, 'x-hub-timestamp': String(at), 'x-hub-signature': `v1=${mac}` };
}

describe('signRequest and verifyRequest', () => {
  it('round-trips a user identity and the anonymous identity over the exact body', () => {
    const headers = signRequest(config, police, body, now);
    expect(Object.keys(headers).sort()).toEqual(['x-hub-identity', 'x-hub-signature', 'x-hub-timestamp']);
    expect(headers['x-hub-timestamp']).toBe(String(now));
    expect(headers['x-hub-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(Buffer.from(headers['x-hub-identity']!, 'base64url').toString())).toEqual(police);
    expect(verifyRequest(config, headers, body, now)).toEqual(police);
    expect(verifyRequest(config, signRequest(config, anonymous, body, now), body, now + 299_000)).toEqual(anonymous);
    const business: Identity = { kind: 'user', subject: 'u1', role: 'business', businessId: 'b-1' };
    expect(verifyRequest(config, signRequest(config, business, '', now), '', now)).toEqual(business);
  });

  it('refuses a tampered body', () => {
    const headers = signRequest(config, anonymous, body, now);
    expectRefused(() => verifyRequest(config, headers, body.replace('sdl', 'sdl __typename'), now), /signature does not match/);
    expectRefused(() => verifyRequest(config, headers, `${body} `, now), /signature does not match/);
  });

  it('refuses a tampered identity', () => {
    const headers = signRequest(config, { kind: 'user', subject: 'u1', role: 'business' }, body, now);
    const admin = Buffer.from(JSON.stringify({ kind: 'user', subject: 'u1', role: 'admin' })).toString('base64url');
    expectRefused(() => verifyRequest(config, { ...headers, 'x-hub-identity': admin }, body, now), /signature does not match/);
  });

  it('refuses a tampered timestamp and a signature made with another secret', () => {
    const headers = signRequest(config, anonymous, body, now);
    expectRefused(() => verifyRequest(config, { ...headers, 'x-hub-timestamp': String(now + 1) }, body, now), /signature does not match/);
    const wrong = signRequest({ ...config, secret: 'another-secret-that-is-long-enough-987654321' }, anonymous, body, now);
    expectRefused(() => verifyRequest(config, wrong, body, now), /signature does not match/);
    expectRefused(() => verifyRequest(config, { ...headers, 'x-hub-signature': 'v1=abc' }, body, now), /signature does not match/);
    expectRefused(() => verifyRequest(config, { ...headers, 'x-hub-signature': headers['x-hub-signature']!.replace('v1=', 'v2=') }, body, now), /signature does not match/);
  });

  it('refuses a request with any signing header missing', () => {
    const headers = signRequest(config, anonymous, body, now);
    expectRefused(() => verifyRequest(config, {}, body, now), /not signed/);
    for (const name of Object.keys(headers)) {
      const { [name]: _left, ...rest } = headers;
      expectRefused(() => verifyRequest(config, rest, body, now), new RegExp(`not signed \\(missing ${name}\\)`));
    }
    expectRefused(() => verifyRequest(config, { ...headers, 'x-hub-signature': ['a', 'b'] }, body, now), /not signed/);
  });

  it('refuses stale and future timestamps', () => {
    const stale = signRequest(config, anonymous, body, now - 301_000);
    expectRefused(() => verifyRequest(config, stale, body, now), /too old or from the future/);
    const future = signRequest(config, anonymous, body, now + 301_000);
    expectRefused(() => verifyRequest(config, future, body, now), /too old or from the future/);
    expect(verifyRequest({ ...config, maxAgeSeconds: 600 }, stale, body, now)).toEqual(anonymous);
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
      expectRefused(() => verifyRequest(config, signRawIdentity(json), body, now), /identity header is malformed/);
    }
  });

  it('keeps only the known fields of an identity', () => {
    const header = Buffer.from(JSON.stringify({ kind: 'anonymous', role: 'admin' })).toString('base64url');
    expect(decodeIdentity(header)).toEqual({ kind: 'anonymous' });
    expect(decodeIdentity('%%%')).toBeUndefined();
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

  it('uses HUB_SIGNING_SECRET and HUB_SIGNATURE_MAX_AGE_SECONDS (default 300)', () => {
    const secret = randomBytes(32).toString('hex');
    expect(read({ HUB_SIGNING_SECRET: secret, NODE_ENV: 'production' })).toMatchObject({ secret, maxAgeSeconds: 300 });
    expect(read({ HUB_SIGNING_SECRET: secret, HUB_SIGNATURE_MAX_AGE_SECONDS: '60' }).maxAgeSeconds).toBe(60);
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
    const outputs = await Promise.all(
      Array.from({ length: 5 }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file]).then((r) => r.stdout.trim())),
    );
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
