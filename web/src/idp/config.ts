// The development identity provider's configuration, read as the other processes' is (EnvReader):
// a bad variable stops the start with its name.
import { EnvReader, type NodeEnvironment } from '@crimehub/common';
import { readDevKeysDir } from '../../../gateway/src/auth/identity.ts';

type Env = Record<string, string | undefined>;

export interface IdpConfig {
  /** `HOST` (default 127.0.0.1). */
  host: string;
  /** `IDP_PORT`, else `PORT` (default 4100; 0 takes a free port). */
  port: number;
  /** `IDP_ISSUER`: the issuer URL tokens carry in `iss` (default `http://<HOST>:<port>`, the port it listens on). */
  issuer: string | undefined;
  /** `AUTH_AUDIENCE`: the `aud` of access tokens, the one the gateway checks (default `business-crime-hub`). */
  audience: string;
  /** `DEV_KEYS_DIR`: the development key pair the gateway verifies with (see gateway/src/auth/devKeys.ts). */
  devKeysDir: string;
  /** `WEB_OIDC_CLIENT_SECRET`: the web service's client secret (default `dev-web-secret`). */
  webClientSecret: string;
  /** `IDP_WEB_REDIRECT_URIS` (comma-separated), default `<WEB_PUBLIC_URL>/auth/callback`. */
  webRedirectUris: string[];
  /** `IDP_WEB_POST_LOGOUT_REDIRECT_URIS` (comma-separated), default `<WEB_PUBLIC_URL>/signed-out`. */
  webPostLogoutRedirectUris: string[];
  /** `IDP_EXPLORER_REDIRECT_URIS` (comma-separated), default `<GATEWAY_PUBLIC_URL>/explorer/`. */
  explorerRedirectUris: string[];
  logLevel: string;
  environment: NodeEnvironment;
}

/** The message, and exit code 2, of an identity provider started with NODE_ENV=production. */
export const productionRefusal =
  'The development identity provider refuses to run with NODE_ENV=production: its accounts and their password are published in the README. In production, configure your own OpenID Connect provider (see the README, "Signing in").';

export function readIdpConfig(env: Env = process.env): IdpConfig {
  const read = new EnvReader(env);
  const environment = read.environment();
  if (environment === 'production') read.problems.push(productionRefusal);
  const host = read.string('HOST', '127.0.0.1');
  const port = read.optional('IDP_PORT') !== undefined ? read.port('IDP_PORT', 4100) : read.port('PORT', 4100);
  const issuerText = read.optional('IDP_ISSUER');
  const issuer = issuerText === undefined ? undefined : read.url('IDP_ISSUER', issuerText).replace(/\/$/, '');
  const webUrl = read.url('WEB_PUBLIC_URL', 'http://127.0.0.1:3000').replace(/\/$/, '');
  const gatewayUrl = read.url('GATEWAY_PUBLIC_URL', 'http://127.0.0.1:4000').replace(/\/$/, '');
  const config: IdpConfig = {
    host,
    port,
    issuer,
    audience: read.string('AUTH_AUDIENCE', 'business-crime-hub'),
    devKeysDir: readDevKeysDir(read),
    webClientSecret: read.string('WEB_OIDC_CLIENT_SECRET', 'dev-web-secret'),
    webRedirectUris: urlList(read, 'IDP_WEB_REDIRECT_URIS', [`${webUrl}/auth/callback`]),
    webPostLogoutRedirectUris: urlList(read, 'IDP_WEB_POST_LOGOUT_REDIRECT_URIS', [`${webUrl}/signed-out`]),
    explorerRedirectUris: urlList(read, 'IDP_EXPLORER_REDIRECT_URIS', [`${gatewayUrl}/explorer/`]),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    environment,
  };
  read.done();
  return config;
}

/** A comma-separated list of http(s) URLs, each checked. */
function urlList(read: EnvReader, name: string, fallback: string[]): string[] {
  const raw = read.optional(name);
  if (raw === undefined) return fallback;
  const urls = raw.split(',').map((url) => url.trim());
  for (const url of urls) {
    try {
      if (!['http:', 'https:'].includes(new URL(url).protocol)) throw new Error('protocol');
    } catch {
      read.problems.push(`${name} must be a comma-separated list of http or https URLs, got "${url}" in it`);
    }
  }
  return urls;
}
