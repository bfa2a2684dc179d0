// Verifies `Authorization: Bearer <JWT>` and turns it into an Identity.
//
// No header: an anonymous caller. A header that is not a valid token — expired, wrongly signed,
// for another audience or issuer, malformed, without a role — is refused with UNAUTHENTICATED,
// never treated as anonymous. Error messages say what is wrong and never repeat the token.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { anonymous, ErrorCode, repoRoot, roles, userError, type EnvReader, type Identity, type Role } from '@crimehub/common';
import type { GraphQLError } from 'graphql';
import { loadDevPublicKey } from './devKeys.ts';

/** The algorithms the hub accepts at all; a PEM key narrows this to the one its type signs with. */
export const acceptedAlgorithms = ['ES256', 'RS256', 'EdDSA'] as const;

/** Where the key that verifies tokens comes from. */
export type AuthKeySource =
  /** `AUTH_JWKS_URL`: a JSON Web Key Set fetched (and cached) from the identity provider. */
  | { kind: 'jwks'; url: string }
  /** `AUTH_PUBLIC_KEY` or `AUTH_PUBLIC_KEY_FILE`: one PEM (SPKI) public key. */
  | { kind: 'publicKey'; key: KeyObject; algorithms: string[]; source: string }
  /** Outside production with no key configured: the generated development key pair. */
  | { kind: 'devKeys'; dir: string }
  /** Production with no key configured: a configuration problem, the gateway does not start. */
  | { kind: 'missing' };

export interface AuthConfig {
  /**
   * `AUTH_ISSUER`: the issuers whose tokens are accepted, a comma-separated list (default
   * `business-crime-hub`); a token's `iss` must be one of them. The first is the one
   * `npm run token` signs as. `npm start` adds the development identity provider's issuer.
   */
  issuers: string[];
  /** `AUTH_AUDIENCE`: the `aud` every token must carry (or include). */
  audience: string;
  /** `AUTH_CLOCK_TOLERANCE_SECONDS`: leeway for `exp` and `nbf` against clock skew. */
  clockToleranceSeconds: number;
  /**
   * `AUTH_MAX_TOKEN_LIFETIME_SECONDS`: the longest `exp - iat` accepted (default 3600 in
   * production, 86400 otherwise), so a leaked token is not good for days.
   */
  maxTokenLifetimeSeconds: number;
  /** In production a token must carry `iat`: without it its lifetime cannot be known. */
  requireIssuedAt: boolean;
  key: AuthKeySource;
}

export type IdentityResolver = (authorization: string | undefined) => Promise<Identity>;

/** `DEV_KEYS_DIR`: where the development key pair lives (default `.data/dev-keys`, relative to the repository). */
export function readDevKeysDir(read: EnvReader): string {
  return path.resolve(repoRoot, read.string('DEV_KEYS_DIR', path.join('.data', 'dev-keys')));
}

export function readAuthConfig(read: EnvReader): AuthConfig {
  const issuers = readIssuers(read);
  const audience = read.string('AUTH_AUDIENCE', 'business-crime-hub');
  const clockToleranceSeconds = read.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 5, { min: 0, max: 300 });
  const jwksUrl = read.optional('AUTH_JWKS_URL');
  const publicKeyText = read.optional('AUTH_PUBLIC_KEY');
  const publicKeyFile = read.optional('AUTH_PUBLIC_KEY_FILE');
  const production = read.production;
  const maxTokenLifetimeSeconds = read.integer('AUTH_MAX_TOKEN_LIFETIME_SECONDS', production ? 3600 : 86_400, { min: 60, max: 30 * 86_400 });

  const chosen = [jwksUrl && 'AUTH_JWKS_URL', publicKeyText && 'AUTH_PUBLIC_KEY', publicKeyFile && 'AUTH_PUBLIC_KEY_FILE'].filter(Boolean);
  if (chosen.length > 1) read.problems.push(`Set only one of ${chosen.join(', ')}: they each name the key that verifies tokens`);

  let key: AuthKeySource;
  if (jwksUrl !== undefined) {
    // In production the key set must come over TLS: whoever can alter it in transit can mint tokens.
    key = { kind: 'jwks', url: production ? httpsOnly(read, jwksUrl) : read.url('AUTH_JWKS_URL', jwksUrl) };
  } else if (publicKeyText !== undefined) {
    // Environment files often carry a PEM on one line with literal "\n" between its lines.
    key = parsePublicKey(read, 'AUTH_PUBLIC_KEY', publicKeyText.replace(/\\n/g, '\n'), 'AUTH_PUBLIC_KEY');
  } else if (publicKeyFile !== undefined) {
    const file = path.resolve(repoRoot, publicKeyFile);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      read.problems.push(`AUTH_PUBLIC_KEY_FILE: cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    key = text ? parsePublicKey(read, 'AUTH_PUBLIC_KEY_FILE', text, file) : { kind: 'missing' };
  } else if (production) {
    read.problems.push('No key to verify tokens: set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE (the development key is never used with NODE_ENV=production)');
    key = { kind: 'missing' };
  } else {
    key = { kind: 'devKeys', dir: readDevKeysDir(read) };
  }
  return { issuers, audience, clockToleranceSeconds, maxTokenLifetimeSeconds, requireIssuedAt: production, key };
}

/** `AUTH_ISSUER` as a list: comma-separated, blanks around each name ignored, duplicates dropped. */
function readIssuers(read: EnvReader): string[] {
  const raw = read.string('AUTH_ISSUER', 'business-crime-hub');
  const issuers = [...new Set(raw.split(',').map((issuer) => issuer.trim()))];
  if (issuers.some((issuer) => issuer === '')) {
    read.problems.push(`AUTH_ISSUER must be one issuer or a comma-separated list of issuers with no empty entry, got "${raw}"`);
    return issuers.filter((issuer) => issuer !== '');
  }
  return issuers;
}

function httpsOnly(read: EnvReader, url: string): string {
  if (/^http:/i.test(url)) {
    read.problems.push(`AUTH_JWKS_URL must be an https: URL in production, got "${url}"`);
    return url;
  }
  return read.url('AUTH_JWKS_URL', url, ['https:']);
}

function parsePublicKey(read: EnvReader, name: string, pem: string, source: string): AuthKeySource {
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) {
    read.problems.push(`${name} must be a PEM public key (SPKI, "-----BEGIN PUBLIC KEY-----")`);
    return { kind: 'missing' };
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    read.problems.push(`${name} is not a readable PEM public key`);
    return { kind: 'missing' };
  }
  const algorithm = algorithmFor(key);
  if (!algorithm) {
    read.problems.push(`${name} must be an EC P-256 (ES256), RSA (RS256) or Ed25519 (EdDSA) public key`);
    return { kind: 'missing' };
  }
  return { kind: 'publicKey', key, algorithms: [algorithm], source };
}

function algorithmFor(key: KeyObject): (typeof acceptedAlgorithms)[number] | undefined {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
    case 'rsa':
      return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? 'RS256' : undefined;
    case 'ed25519':
      return 'EdDSA';
    default:
      return undefined;
  }
}

/** Resolves a request's identity from its Authorization header; throws UNAUTHENTICATED for a bad token. */
export async function createIdentityResolver(config: AuthConfig): Promise<IdentityResolver> {
  const { key, algorithms } = await verificationKey(config.key);
  const options: JWTVerifyOptions = {
    issuer: config.issuers,
    audience: config.audience,
    algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: config.clockToleranceSeconds,
  };
  const verified = new VerifiedTokens(verifiedTokenCacheSize);
  return async (authorization) => {
    if (authorization === undefined) return anonymous;
    const token = bearerToken(authorization);
    const known = verified.get(token, Date.now() - config.clockToleranceSeconds * 1000);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (error) {
      throw refused(describeFailure(error, config, algorithms));
    }
    checkLifetime(payload, config);
    const identity = identityFrom(payload);
    verified.set(token, identity, payload.exp! * 1000);
    return identity;
  };
}

/** How many verified tokens the gateway remembers (each a few hundred bytes to a few KB). */
export const verifiedTokenCacheSize = 10_000;

/**
 * The identities of tokens already verified, until each token expires: a client sends the same
 * token with every request, and checking its ES256/RS256 signature again costs more CPU than the
 * rest of the gateway's work on a small request. The key is the whole token, so only the very
 * bytes that were verified (signature included) hit; a token is forgotten at its `exp` (a later
 * request verifies it again, and jose refuses it as expired), and beyond `capacity` tokens the
 * oldest entries go first. Tokens are stateless: one the issuer stops trusting stays valid here,
 * as it would without the cache, until it expires (at most AUTH_MAX_TOKEN_LIFETIME_SECONDS).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(private readonly capacity: number) {}

  /** The identity of `token` if it was verified and expires after `notExpiredAtMs`. */
  get(token: string, notExpiredAtMs: number): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= notExpiredAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.identity;
  }

  set(token: string, identity: Identity, expiresAtMs: number): void {
    if (this.capacity < 1) return;
    this.entries.delete(token);
    while (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { identity, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}

async function verificationKey(source: AuthKeySource): Promise<{ key: KeyObject | JWTVerifyGetKey; algorithms: string[] }> {
  switch (source.kind) {
    case 'jwks':
      return { key: createRemoteJWKSet(new URL(source.url)), algorithms: [...acceptedAlgorithms] };
    case 'publicKey':
      return { key: source.key, algorithms: source.algorithms };
    case 'devKeys':
      return { key: await loadDevPublicKey(source.dir), algorithms: ['ES256'] };
    case 'missing':
      throw new Error('No key to verify tokens is configured (see AUTH_JWKS_URL, AUTH_PUBLIC_KEY, AUTH_PUBLIC_KEY_FILE)');
  }
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The token from `Bearer <token>` (scheme case-insensitive), or UNAUTHENTICATED. */
function bearerToken(header: string): string {
  const match = /^\s*(\S+)(?:\s+(.*?))?\s*$/s.exec(header);
  if (!match || match[1]!.toLowerCase() !== 'bearer') {
    throw refused('The Authorization header is not a Bearer header: send `Authorization: Bearer <token>`, or no Authorization header to ask anonymously.');
  }
  const token = match[2] ?? '';
  if (token === '') throw refused('The Authorization header has no token after "Bearer".');
  if (!compactJws.test(token)) throw refused('The token is malformed: it is not a signed JWT (three base64url parts separated by dots).');
  return token;
}

function describeFailure(error: unknown, config: AuthConfig, algorithms: string[]): string {
  const { code, claim, reason } = (error ?? {}) as { code?: string; claim?: string; reason?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'The token has expired: get a new one.';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'The token signature is not valid: it was not signed by a key this hub trusts, or it was changed after signing.';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return `The token is signed with an algorithm this hub does not accept (unsigned tokens are never accepted; allowed: ${algorithms.join(', ')}).`;
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'The token is malformed: it is not a well-formed signed JWT.';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'aud') return reason === 'missing' ? 'The token has no "aud" (audience) claim.' : `The token is for the wrong audience: this hub accepts audience "${config.audience}".`;
      if (claim === 'iss')
        return reason === 'missing'
          ? 'The token has no "iss" (issuer) claim.'
          : `The token is from the wrong issuer: this hub accepts ${config.issuers.length === 1 ? 'issuer' : 'issuers'} ${config.issuers.map((issuer) => `"${issuer}"`).join(', ')}.`;
      if (claim === 'nbf') return 'The token is not valid yet: its "nbf" (not before) time is in the future.';
      if (claim === 'exp' && reason === 'missing') return 'The token has no "exp" (expiry) claim: tokens must expire.';
      if (claim === 'sub' && reason === 'missing') return 'The token has no "sub" (subject) claim.';
      return `The token's "${claimName(claim)}" claim is not valid.`;
    default:
      // A key set that cannot be fetched is our problem, not the caller's, but the token still cannot be trusted.
      if (config.key.kind === 'jwks') return 'The token could not be checked: the keys that verify tokens are unavailable right now; try again later.';
      return 'The token could not be verified.';
  }
}

/** Refuses a token that lives longer than the hub allows (jose has checked `exp` and that `iat`, if any, is a number). */
function checkLifetime(payload: JWTPayload, config: AuthConfig): void {
  const max = config.maxTokenLifetimeSeconds;
  const exp = payload.exp!;
  if (payload.iat === undefined) {
    if (config.requireIssuedAt) throw refused('The token has no "iat" (issued at) claim: this hub needs it to know how long the token lives.');
    const left = exp - Math.floor(Date.now() / 1000);
    if (left > max + config.clockToleranceSeconds) throw refused(`The token expires more than ${max} s from now, longer than this hub accepts: get a shorter-lived one.`);
    return;
  }
  const lifetime = exp - payload.iat;
  if (lifetime > max) throw refused(`The token lives longer than this hub accepts: ${lifetime} s from "iat" to "exp", at most ${max} s. Get a shorter-lived one.`);
}

/** jose names registered claims only, but never echo anything that might come from the token. */
function claimName(claim: string | undefined): string {
  return claim && /^[a-z_]{1,20}$/.test(claim) ? claim : 'unknown';
}

function identityFrom(payload: JWTPayload): Identity {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.trim() === '') throw refused('The token\'s "sub" (subject) claim must be a non-empty string.');
  const role = payload.role;
  if (role === undefined) throw refused(`The token has no "role" claim: it must be one of ${roles.join(', ')}.`);
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) {
    throw refused(`The token's "role" claim is not a known role: it must be one of ${roles.join(', ')}.`);
  }
  switch (role as Role) {
    case 'business':
      return { kind: 'user', subject, role: 'business', businessId: requiredString(payload.business_id, 'A business token must carry a "business_id" claim naming the one business it acts for.') };
    case 'partner':
      return { kind: 'user', subject, role: 'partner', organizationId: requiredString(payload.org_id, 'A partner token must carry an "org_id" claim naming the organisation it works for.') };
    default:
      return { kind: 'user', subject, role: role as Role };
  }
}

function requiredString(value: unknown, message: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw refused(message);
  return value;
}

function refused(message: string): GraphQLError {
  return userError(ErrorCode.UNAUTHENTICATED, message);
}
