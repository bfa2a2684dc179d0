import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, readSubgraphConfig } from './config.ts';

describe('readSubgraphConfig', () => {
  it('defaults to embedded PGlite under .data/<name> on the given port', () => {
    const config = readSubgraphConfig('police', 4001, {});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4001, logLevel: 'info', database: { kind: 'pglite' } });
    expect(config.database.kind === 'pglite' && config.database.dir).toMatch(/\.data\/police$/);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = readSubgraphConfig('cyber', 4003, { DATABASE_URL: 'postgres://u@db:5432/cyber' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/cyber' });
  });

  it('keeps nothing on disk with PGLITE_DIR=memory://', () => {
    expect(readSubgraphConfig('victims', 4004, { PGLITE_DIR: 'memory://' }).database).toEqual({ kind: 'pglite', dir: 'memory://', readCacheMaxBytes: 16 * 1024 * 1024 });
  });

  it('bounds the embedded read cache (DB_READ_CACHE_MAX_BYTES), and refuses it on PostgreSQL', () => {
    expect(readSubgraphConfig('victims', 4004, { PGLITE_DIR: 'memory://', DB_READ_CACHE_MAX_BYTES: '0' }).database).toMatchObject({ readCacheMaxBytes: 0 });
    expect(() => readSubgraphConfig('victims', 4004, { DB_READ_CACHE_MAX_BYTES: '-1' })).toThrow(/DB_READ_CACHE_MAX_BYTES/);
    expect(() => readSubgraphConfig('victims', 4004, { DB_READ_CACHE_MAX_BYTES: `${2 * 1024 ** 3}` })).toThrow(/DB_READ_CACHE_MAX_BYTES/);
    expect(() => readSubgraphConfig('victims', 4004, { DATABASE_URL: 'postgres://127.0.0.1/x', DB_READ_CACHE_MAX_BYTES: '1000' })).toThrow(/embedded database only/);
  });

  it('names every bad variable at once', () => {
    try {
      readSubgraphConfig('support', 4002, { PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { problems } = error as ConfigError;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT must be a whole number from 0 to 65535, got "70000"/);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres: or postgresql: URL/);
    }
  });
});

describe('NODE_ENV', () => {
  it.each(['development', 'production', 'test'])('accepts %s', (value) => {
    const env = { NODE_ENV: value, HUB_SIGNING_SECRET: randomBytes(32).toString('hex') };
    expect(() => readSubgraphConfig('police', 4001, env)).not.toThrow();
  });

  it('is development when unset or empty', () => {
    expect(() => readSubgraphConfig('police', 4001, {})).not.toThrow();
    expect(() => readSubgraphConfig('police', 4001, { NODE_ENV: '' })).not.toThrow();
  });

  it.each(['Production', 'prod', 'PRODUCTION', 'dev', 'staging', ' production'])('refuses %j at start instead of running as development', (value) => {
    expect(() => readSubgraphConfig('police', 4001, { NODE_ENV: value, HUB_SIGNING_SECRET: randomBytes(32).toString('hex') })).toThrow(
      `NODE_ENV must be exactly one of development, production, test (or unset, for development), got "${value}"`,
    );
  });
});

describe('HUB_SIGNING_SECRET in production', () => {
  const production = (secret: string) => () => readSubgraphConfig('police', 4001, { NODE_ENV: 'production', HUB_SIGNING_SECRET: secret });

  it.each([
    ['32 × "a"', 'a'.repeat(32)],
    ['64 × "a"', 'a'.repeat(64)],
    ['a short pattern repeated', 'abcd'.repeat(8)],
    ['a word repeated', 'password'.repeat(5)],
    ['two characters', '01'.repeat(32)],
  ])('refuses a secret of low entropy: %s', (_name, secret) => {
    expect(production(secret)).toThrow(/HUB_SIGNING_SECRET is too predictable: about \d+ bits of entropy, at least 128 needed/);
  });

  it('accepts the output of `openssl rand -hex 32` and of `openssl rand -base64 32`', () => {
    const hex = execFileSync('openssl', ['rand', '-hex', '32'], { encoding: 'utf8' }).trim();
    const base64 = execFileSync('openssl', ['rand', '-base64', '32'], { encoding: 'utf8' }).trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(production(hex)).not.toThrow();
    expect(production(base64)).not.toThrow();
    for (let i = 0; i < 200; i++) expect(production(randomBytes(32).toString('hex'))).not.toThrow();
  });

  it('still names a short secret by its length', () => {
    expect(production(randomBytes(15).toString('hex'))).toThrow(/HUB_SIGNING_SECRET must be at least 32 characters long, got 30/);
  });

  it('leaves development free to use a simple secret', () => {
    expect(() => readSubgraphConfig('police', 4001, { HUB_SIGNING_SECRET: 'a'.repeat(32) })).not.toThrow();
  });
});
