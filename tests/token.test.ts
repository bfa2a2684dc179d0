// `npm run token`: prints only a token the gateway's resolver accepts as the asked-for identity,
// and refuses bad options with a usage message and exit code 2.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { EnvReader, repoRoot } from '@crimehub/common';
import { createIdentityResolver, readAuthConfig } from '../gateway/src/auth/identity.ts';

const run = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;

/** Runs the token script; resolves with its exit code and output, whatever the code. */
async function token(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { cwd: repoRoot, env: { ...env, ...extraEnv } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

function resolverFor(extraEnv: Record<string, string> = {}) {
  const read = new EnvReader({ DEV_KEYS_DIR: dir, ...extraEnv });
  const config = readAuthConfig(read);
  read.done();
  return createIdentityResolver(config);
}

beforeAll(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'crimehub-token-')), 'dev-keys');
  // The script's own view: no key configured, the development pair in a folder of its own.
  env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AUTH_') && name !== 'NODE_ENV'));
  env.DEV_KEYS_DIR = dir;
});

afterAll(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('npm run token', () => {
  it('prints only a token that verifies as the partner organisation asked for', async () => {
    const { code, stdout } = await token(['--role', 'partner', '--org', 'pabcis']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const resolve = await resolverFor();
    expect(await resolve(`Bearer ${stdout.trim()}`)).toEqual({ kind: 'user', subject: 'dev-partner', role: 'partner', organizationId: 'pabcis' });
    const claims = decodeJwt(stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(8 * 60 * 60);
  });

  it('honours --business, --sub, --expires-in and AUTH_AUDIENCE', async () => {
    const { code, stdout } = await token(['--role', 'business', '--business', 'biz-0001', '--sub', 'alice', '--expires-in', '30m'], { AUTH_AUDIENCE: 'hub-test' });
    expect(code).toBe(0);
    const resolve = await resolverFor({ AUTH_AUDIENCE: 'hub-test' });
    expect(await resolve(`Bearer ${stdout.trim()}`)).toEqual({ kind: 'user', subject: 'alice', role: 'business', businessId: 'biz-0001' });
    const claims = decodeJwt(stdout.trim());
    expect(claims.exp! - claims.iat!).toBe(30 * 60);
    await expect((await resolverFor())(`Bearer ${stdout.trim()}`)).rejects.toThrow(/wrong audience/);
  });

  it('mints a token for a new business under an id no one can guess (--business new)', async () => {
    const runs = await Promise.all([token(['--role', 'business', '--business', 'new']), token(['--role', 'business', '--business', 'new'])]);
    const ids = runs.map(({ code, stdout, stderr }) => {
      expect(code).toBe(0);
      const businessId = decodeJwt(stdout.trim()).business_id as string;
      expect(businessId).toMatch(/^biz_[a-z2-7]{26}$/);
      expect(stderr).toContain(`business_id ${businessId}`);
      return businessId;
    });
    expect(ids[0]).not.toBe(ids[1]);
  });

  it.each([
    [['--role', 'wizard'], /Unknown role "wizard"/],
    [[], /Missing --role/],
    [['--role', 'business'], /--role business needs --business/],
    [['--role', 'partner'], /--role partner needs --org/],
    [['--role', 'police', '--org', 'pabcis'], /--org only applies to --role partner/],
    [['--role', 'police', '--expires-in', 'forever'], /not a duration/],
    [['--role', 'police', '--colour', 'blue'], /Unknown option/],
  ])('refuses %j with a usage message and exit code 2', async (args, pattern) => {
    const { code, stdout, stderr } = await token(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
    expect(stderr).toMatch(/Usage: npm run token -- --role <role>/);
  });
});
