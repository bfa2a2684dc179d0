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
    expect(readSubgraphConfig('victims', 4004, { PGLITE_DIR: 'memory://' }).database).toEqual({ kind: 'pglite', dir: 'memory://' });
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
