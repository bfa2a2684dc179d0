// The web service's configuration, read and validated as the other processes' is (EnvReader):
// a bad variable stops the start with its name.
import { randomBytes } from 'node:crypto';
import { EnvReader, readHttpTimeouts, readMetricsConfig, type HttpTimeouts, type MetricsConfig, type NodeEnvironment } from '@crimehub/common';

type Env = Record<string, string | undefined>;

export interface WebConfig {
  /** `HOST` (default 127.0.0.1). */
  host: string;
  /** `WEB_PORT`, else `PORT` (default 3000). */
  port: number;
  /** `GATEWAY_URL`: the gateway's GraphQL endpoint, the only way the service reaches the hub. */
  gatewayUrl: string;
  /** `WEB_GATEWAY_TIMEOUT_MS`: how long a page waits for the gateway before it shows the error page (default 10 s). */
  gatewayTimeoutMs: number;
  logLevel: string;
  timeouts: HttpTimeouts;
  environment: NodeEnvironment;
  /** `METRICS_TOKEN` (see common/src/metrics.ts). */
  metrics: MetricsConfig;
  /** `WEB_PUBLIC_URL`: the address people reach the service at (default `http://<HOST>:<port>`); https in production. Sign-in's redirect address and the cookie's Secure flag follow it. */
  publicUrl: string;
  /** How a person signs in: `WEB_OIDC_*`; null when no provider is configured (signing in then says so). */
  oidc: OidcConfig | null;
  /** Sessions: `WEB_SESSION_SECRET`, `WEB_SESSION_TTL_SECONDS`, `WEB_REDIS_URL`. */
  sessions: SessionConfig;
}

export interface OidcConfig {
  /** `WEB_OIDC_ISSUER`: the OpenID Connect provider's issuer URL (its discovery document is read at start). */
  issuer: string;
  /** `WEB_OIDC_CLIENT_ID` (default `hub-web`, the development provider's). */
  clientId: string;
  /** `WEB_OIDC_CLIENT_SECRET`: the service is a confidential client. */
  clientSecret: string;
  /** `WEB_OIDC_SCOPE` (default `openid profile email offline_access`). */
  scope: string;
}

export interface SessionConfig {
  /** `WEB_SESSION_SECRET`: signs the session cookie (at least 32 characters; required in production; outside it a random one per start). */
  secret: string;
  /** `WEB_SESSION_TTL_SECONDS`: how long an idle session lives (default 8 hours). */
  ttlSeconds: number;
  /** `WEB_REDIS_URL`: keep sessions in Redis (so several replicas share them); unset, in this process's memory. */
  redisUrl: string | undefined;
}

export function readWebConfig(env: Env = process.env): WebConfig {
  const read = new EnvReader(env);
  const port = read.optional('WEB_PORT') !== undefined ? read.port('WEB_PORT', 3000) : read.port('PORT', 3000);
  const config: WebConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port,
    gatewayUrl: read.url('GATEWAY_URL', 'http://127.0.0.1:4000/graphql'),
    gatewayTimeoutMs: read.integer('WEB_GATEWAY_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    timeouts: readHttpTimeouts(read),
    environment: read.environment(),
    metrics: readMetricsConfig(read),
    publicUrl: '',
    oidc: null,
    sessions: readSessionConfig(read),
  };
  config.publicUrl = read
    .url('WEB_PUBLIC_URL', `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`, read.production ? ['https:'] : ['http:', 'https:'])
    .replace(/\/$/, '');
  config.oidc = readOidcConfig(read);
  read.done();
  return config;
}

function readOidcConfig(read: EnvReader): OidcConfig | null {
  const issuer = read.optional('WEB_OIDC_ISSUER');
  if (issuer === undefined) {
    if (read.production) read.problems.push('WEB_OIDC_ISSUER is not set: in production the service needs an OpenID Connect provider for people to sign in (see the README, "Signing in")');
    return null;
  }
  const clientSecret = read.optional('WEB_OIDC_CLIENT_SECRET');
  if (clientSecret === undefined) read.problems.push('WEB_OIDC_CLIENT_SECRET is not set: the service signs in as a confidential client of WEB_OIDC_ISSUER');
  return {
    issuer: read.url('WEB_OIDC_ISSUER', issuer, read.production ? ['https:'] : ['http:', 'https:']),
    clientId: read.string('WEB_OIDC_CLIENT_ID', 'hub-web'),
    clientSecret: clientSecret ?? '',
    scope: read.string('WEB_OIDC_SCOPE', 'openid profile email offline_access'),
  };
}

function readSessionConfig(read: EnvReader): SessionConfig {
  let secret = read.optional('WEB_SESSION_SECRET');
  if (secret === undefined) {
    if (read.production) read.problems.push('WEB_SESSION_SECRET is not set: in production the session cookie must be signed with a secret of at least 32 characters, the same on every replica');
    secret = randomBytes(32).toString('hex');
  } else if (secret.length < 32) {
    read.problems.push('WEB_SESSION_SECRET must be at least 32 characters');
  }
  const redisUrl = read.optional('WEB_REDIS_URL');
  return {
    secret,
    ttlSeconds: read.integer('WEB_SESSION_TTL_SECONDS', 8 * 3600, { min: 60, max: 30 * 86_400 }),
    redisUrl: redisUrl === undefined ? undefined : read.url('WEB_REDIS_URL', redisUrl, ['redis:', 'rediss:']),
  };
}
