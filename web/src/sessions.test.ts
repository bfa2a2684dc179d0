// Sessions, CSRF and the forms' shared parts, in process: the cookie is signed and HttpOnly, a POST
// without the session's token is refused before any work, sessions expire and are bounded in
// memory and in the real Redis this machine runs, return addresses stay on the service, the
// report's date is read as London time, and the API's field errors land on the form's fields.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIdpConfig } from './idp/config.ts';
import { createIdp, type Idp } from './idp/server.ts';
import { safeReturnTo } from './auth.ts';
import { readWebConfig } from './config.ts';
import { apiProblemsOnForm, FormErrors, idempotencyKeyOf, readPosted } from './forms.ts';
import { londonTime, occurredAtOf } from './reportCrime.ts';
import { createWebApp } from './server.ts';
import { GatewayError } from './gateway.ts';
import { MemorySessionStore, RedisSessionStore } from './sessions.ts';

const noGateway = { execute: async () => Promise.reject(new GatewayError('no gateway in this test')) };

// The development identity provider, in process: signing in starts there.
let keysDir: string;
let idp: Idp;
beforeAll(async () => {
  keysDir = await mkdtemp(path.join(tmpdir(), 'crimehub-web-sessions-'));
  idp = await createIdp(readIdpConfig({ IDP_PORT: '0', LOG_LEVEL: 'silent', DEV_KEYS_DIR: keysDir, WEB_OIDC_CLIENT_SECRET: 'web-secret' }));
  await idp.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await idp?.app.close();
  await rm(keysDir, { recursive: true, force: true });
});
const withProvider = () => ({ oidc: { issuer: idp.issuer(), clientId: 'hub-web', clientSecret: 'web-secret', scope: 'openid profile email offline_access' } });

describe('sessions and CSRF', () => {
  it('refuses a form post without the session’s CSRF token, and with a wrong one, before any work', async () => {
    const app = await createWebApp({ gateway: noGateway, logLevel: 'silent', ...withProvider() });
    const bare = await app.inject({ method: 'POST', url: '/report', payload: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(bare.statusCode).toBe(403);
    expect(bare.body).toContain('The form has expired');
    // A session exists (the report page sends the browser to sign in, with one) but the token is not its own.
    const started = await app.inject('/report');
    const cookie = String(started.headers['set-cookie'] ?? '').split(';')[0]!;
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toMatch(new RegExp(`^${idp.issuer()}/auth\\?`));
    expect(new URL(started.headers.location as string).searchParams.get('code_challenge_method')).toBe('S256');
    expect(cookie).toMatch(/^session=/);
    const forged = await app.inject({ method: 'POST', url: '/sign-out', payload: '_csrf=forged', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(forged.statusCode).toBe(403);
    await app.close();
  });

  it('sets a signed, HttpOnly, SameSite=Lax cookie holding only a random id, Secure when the service is https', async () => {
    for (const [publicUrl, secure] of [
      ['http://127.0.0.1:3000', false],
      ['https://business-crime.example', true],
    ] as const) {
      const app = await createWebApp({ gateway: noGateway, logLevel: 'silent', publicUrl, ...withProvider() });
      const response = await app.inject('/sign-in');
      const header = String(response.headers['set-cookie']);
      expect(header).toMatch(/^session=[A-Za-z0-9_-]{43}\.[^;]+;/);
      expect(header).toContain('HttpOnly');
      expect(header).toContain('SameSite=Lax');
      expect(header.includes('Secure')).toBe(secure);
      await app.close();
    }
  });

  it('forgets a session at its expiry and, in memory, the oldest beyond its capacity', async () => {
    const store = new MemorySessionStore(2);
    await store.set('a', { csrf: 'a' }, 60);
    await store.set('b', { csrf: 'b' }, 60);
    await store.set('c', { csrf: 'c' }, 60);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toEqual({ csrf: 'c' });
    await store.set('d', { csrf: 'd' }, 0);
    expect(await store.get('d')).toBeUndefined();
  });

  it('keeps sessions in Redis when configured, with their time to live', async () => {
    const store = new RedisSessionStore(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const id = randomUUID();
    try {
      await store.set(id, { csrf: 't', user: { subject: 's', name: 'N', email: 'e@example.com', role: 'business' } }, 2);
      expect(await store.get(id)).toMatchObject({ csrf: 't', user: { role: 'business' } });
      await store.destroy(id);
      expect(await store.get(id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('return addresses', () => {
  it('are pages of this service only', () => {
    expect(safeReturnTo('/account/reports?after=x')).toBe('/account/reports?after=x');
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a b', 42, undefined, `/${'a'.repeat(1001)}`]) {
      expect(safeReturnTo(bad)).toBe('/account');
    }
  });
});

describe('forms', () => {
  it('reads the first value of each field, bounded, and keeps a well-formed idempotency key only', () => {
    const posted = readPosted({ name: '  Corner Shop  ', many: ['a', 'b'], long: 'x'.repeat(10_000), n: 5 });
    expect(posted).toEqual({ name: 'Corner Shop', many: 'a', long: 'x'.repeat(5001) });
    expect(idempotencyKeyOf({ idempotencyKey: 'abc12345-key' })).toBe('abc12345-key');
    expect(idempotencyKeyOf({ idempotencyKey: 'bad key!' })).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the API’s field errors on the form’s fields, in the form’s order, and any other on the fallback', () => {
    const errors = apiProblemsOnForm(
      [
        { code: 'BAD_USER_INPUT', field: 'input.contactEmail', message: 'email' },
        { code: 'BAD_USER_INPUT', field: 'input.name', message: 'name' },
        { code: 'FORBIDDEN', message: 'register first' },
        { code: 'BAD_USER_INPUT', field: 'input.loss.amount', message: 'loss' },
      ],
      ['name', 'contactEmail', 'loss'],
      'name',
      { 'input.loss.amount': 'loss' },
    );
    expect(errors.summary(['name', 'contactEmail', 'loss'])).toEqual([
      { text: 'name', href: '#name' },
      { text: 'email', href: '#contactEmail' },
      { text: 'loss', href: '#loss' },
    ]);
    expect(new FormErrors().any).toBe(false);
  });
});

describe('when a crime happened', () => {
  it('reads the date and time as London time, summer and winter', () => {
    expect(londonTime(2026, 7, 1, 14, 30).toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(londonTime(2026, 1, 15, 9, 0).toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(occurredAtOf({ day: '1', month: '7', year: '2026', time: '2:30pm' }, new Date('2026-11-28T00:00:00Z')).at?.toISOString()).toBe('2026-07-01T13:30:00.000Z');
  });

  it('refuses a date that is not real, in the future, before 2000, or a time that is not one', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const error = (draft: Record<string, string>) => [...occurredAtOf(draft, now).errors.byField.entries()][0];
    expect(error({})).toEqual(['day', 'Enter the date it happened']);
    expect(error({ day: '31', month: '2', year: '2026' })?.[1]).toMatch(/real date/);
    expect(error({ day: 'x', month: '2', year: '2026' })?.[1]).toMatch(/real date/);
    expect(error({ day: '1', month: '1', year: '1999' })?.[1]).toMatch(/2000 or later/);
    expect(error({ day: '29', month: '11', year: '2026' })?.[1]).toMatch(/in the past/);
    expect(error({ day: '28', month: '11', year: '2026', time: '13:00' })).toEqual(['time', 'The date and time it happened must be in the past']);
    expect(error({ day: '1', month: '11', year: '2026', time: '25:00' })?.[0]).toBe('time');
    expect(error({ day: '1', month: '11', year: '2026', time: 'noon' })?.[0]).toBe('time');
  });
});

describe('configuration', () => {
  it('needs a session secret, an https address and an https provider in production', () => {
    expect(() => readWebConfig({ NODE_ENV: 'production', GATEWAY_URL: 'http://gateway:4000/graphql' })).toThrow(/WEB_SESSION_SECRET[\s\S]*WEB_PUBLIC_URL|WEB_PUBLIC_URL[\s\S]*WEB_SESSION_SECRET/);
    const production = {
      NODE_ENV: 'production',
      WEB_SESSION_SECRET: 's'.repeat(32),
      WEB_PUBLIC_URL: 'https://business-crime.example',
      WEB_OIDC_ISSUER: 'https://id.example',
      WEB_OIDC_CLIENT_SECRET: 'secret',
      WEB_REDIS_URL: 'redis://redis:6379',
    };
    expect(readWebConfig(production)).toMatchObject({
      publicUrl: 'https://business-crime.example',
      oidc: { issuer: 'https://id.example', clientId: 'hub-web' },
      sessions: { redisUrl: 'redis://redis:6379' },
    });
    expect(() => readWebConfig({ ...production, WEB_OIDC_ISSUER: 'http://id.example' })).toThrow(/WEB_OIDC_ISSUER/);
    expect(() => readWebConfig({ ...production, WEB_SESSION_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => readWebConfig({ WEB_OIDC_ISSUER: 'http://127.0.0.1:4100' })).toThrow(/WEB_OIDC_CLIENT_SECRET/);
    expect(readWebConfig({})).toMatchObject({ oidc: null, publicUrl: 'http://127.0.0.1:3000' });
  });
});
