// The development key pair: made once, shared by everyone who asks at the same time, and what the
// gateway verifies with when no key is configured.
import { createPublicKey } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { EnvReader } from '@crimehub/common';
import { loadDevPrivateKey, loadDevPublicKey } from './devKeys.ts';
import { createIdentityResolver, readAuthConfig } from './identity.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crimehub-dev-keys-'));
  dirs.push(dir);
  return path.join(dir, 'dev-keys');
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('development keys', () => {
  it('creates an ES256 pair as PEM files on first use and reuses it afterwards', async () => {
    const dir = await tempDir();
    const first = await loadDevPrivateKey(dir);
    expect(first.asymmetricKeyType).toBe('ec');
    expect(first.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect((await readdir(dir)).sort()).toEqual(['private.pem', 'public.pem']);
    expect(await readFile(path.join(dir, 'private.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await readFile(path.join(dir, 'public.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await loadDevPrivateKey(dir);
    expect(again.export({ type: 'pkcs8', format: 'pem' })).toBe(first.export({ type: 'pkcs8', format: 'pem' }));
  });

  it('gives everyone who starts at the same time the same pair, and leaves no temp files', async () => {
    // Several rounds: an overwriting publish shows up as two different keys in most of them.
    for (let round = 0; round < 10; round += 1) {
      const dir = await tempDir();
      const keys = await Promise.all([...Array(8)].map(() => loadDevPrivateKey(dir)));
      const publicPems = new Set(keys.map((key) => createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString()));
      expect(publicPems.size).toBe(1);
      expect([...publicPems][0]).toBe(await readFile(path.join(dir, 'public.pem'), 'utf8'));
      expect((await loadDevPublicKey(dir)).export({ type: 'spki', format: 'pem' })).toBe([...publicPems][0]);
      expect((await readdir(dir)).sort()).toEqual(['private.pem', 'public.pem']);
    }
  });

  it('is what the gateway verifies with when no key is configured outside production', async () => {
    const dir = await tempDir();
    const read = new EnvReader({ DEV_KEYS_DIR: dir });
    const resolve = await createIdentityResolver(readAuthConfig(read));
    expect(read.problems).toEqual([]);
    const token = await new SignJWT({ role: 'analyst' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('business-crime-hub')
      .setAudience('business-crime-hub')
      .setSubject('dev-analyst')
      .setExpirationTime('5m')
      .sign(await loadDevPrivateKey(dir));
    expect(await resolve(`Bearer ${token}`)).toEqual({ kind: 'user', subject: 'dev-analyst', role: 'analyst' });
  });
});
