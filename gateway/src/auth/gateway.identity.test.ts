// The real gateway, in process: no token is anonymous and answered; a valid token is answered;
// a bad token ends the request with 401 and one UNAUTHENTICATED error — and the gateway keeps going.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createGateway } from '../createGateway.ts';
import { readGatewayConfig } from '../config.ts';

const hub = 'business-crime-hub';
let app: FastifyInstance;
let privateKey: CryptoKey;

function token({ audience = hub, expiresIn = 600, issuedAt = false }: { audience?: string; expiresIn?: number; issuedAt?: boolean } = {}): Promise<string> {
  const jwt = new SignJWT({ role: 'analyst' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setIssuer(hub)
    .setAudience(audience)
    .setSubject('analyst-1')
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn);
  if (issuedAt) jwt.setIssuedAt();
  return jwt.sign(privateKey);
}

function ask(authorization?: string) {
  return app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: JSON.stringify({ query: '{ __typename }' }),
  });
}

beforeAll(async () => {
  const keys = await generateKeyPair('ES256', { extractable: true });
  privateKey = keys.privateKey;
  // Nothing listens on these ports: `{ __typename }` never reaches a subgraph.
  app = await createGateway(
    readGatewayConfig({
      LOG_LEVEL: 'silent',
      AUTH_PUBLIC_KEY: await exportSPKI(keys.publicKey),
      HUB_SIGNING_SECRET: 'gateway-identity-test-secret-of-enough-length-0123456789',
      POLICE_URL: 'http://127.0.0.1:9/graphql',
      SUPPORT_URL: 'http://127.0.0.1:9/graphql',
      CYBER_URL: 'http://127.0.0.1:9/graphql',
      VICTIMS_URL: 'http://127.0.0.1:9/graphql',
    }),
  );
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

describe("the gateway and callers' tokens", () => {
  it('answers a caller with no token', async () => {
    const response = await ask();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a caller with a valid token', async () => {
    const response = await ask(`Bearer ${await token()}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    ['an expired token', async () => `Bearer ${await token({ expiresIn: -60 })}`, /expired/],
    ['a token for another audience', async () => `Bearer ${await token({ audience: 'another-api' })}`, /wrong audience/],
    ['a malformed token', async () => 'Bearer not-a-jwt', /malformed/],
    ['a header that is not Bearer', async () => 'Basic dXNlcjpwYXNz', /not a Bearer header/],
    [
      'a token living longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS',
      async () => `Bearer ${await token({ issuedAt: true, expiresIn: 7 * 86_400 })}`,
      /lives longer than this hub accepts: 604800 s .* at most 86400 s/,
    ],
  ])('refuses %s with 401 and one UNAUTHENTICATED error', async (_label, header, pattern) => {
    const authorization = await header();
    const response = await ask(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(body).toEqual({ errors: [{ message: expect.stringMatching(pattern), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(response.body).not.toContain(authorization.split(' ')[1]);
    expect(body).not.toHaveProperty('data');
  });

  it('keeps answering after refusing bad tokens', async () => {
    await ask('Bearer x.y.z');
    const [anonymousCaller, knownCaller] = await Promise.all([ask(), ask(`Bearer ${await token()}`)]);
    expect(anonymousCaller.statusCode).toBe(200);
    expect(knownCaller.statusCode).toBe(200);
    expect(knownCaller.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
