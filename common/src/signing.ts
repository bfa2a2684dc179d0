// Subgraphs trust only the gateway: it signs each subgraph request and the identity it forwards.
//
// Every request the gateway sends a subgraph carries four headers:
//   x-hub-identity   base64url of the caller's Identity as JSON
//   x-hub-timestamp  when it was signed, in milliseconds since the epoch
//   x-hub-nonce      128 random bits, base64url: this request and no other
//   x-hub-signature  `v2=` + hex HMAC-SHA256, under the shared secret, of the lines
//                    v2, audience (the subgraph's name), method, path with query string,
//                    timestamp, nonce, identity header, sha256hex(body)
// A subgraph recomputes the HMAC for its own name and the method, path and exact body it
// received, and refuses the request (UNAUTHENTICATED) unless it matches, the timestamp is within
// the allowed age (seconds), and the nonce was not seen before (nonceStore.ts). So a captured
// request cannot be sent again, nor to another subgraph, path or method. `v1=` (no audience,
// path or nonce) is refused.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { GraphQLError } from 'graphql';
import { repoRoot, type EnvReader } from './config.ts';
import { ErrorCode, userError } from './errors.ts';
import { roles, type Identity, type Role } from './identity.ts';

export interface SigningConfig {
  /** The shared HMAC secret: `HUB_SIGNING_SECRET`, or in development the generated one. */
  secret: string;
  /** How old (or how far in the future) a signature may be: `HUB_SIGNATURE_MAX_AGE_SECONDS`. */
  maxAgeSeconds: number;
  /**
   * Where a subgraph remembers the nonces it has seen (readSubgraphConfig): Redis when `REDIS_URL`
   * is set, with keys under `namespace`; otherwise only in memory.
   */
  nonces?: { redisUrl?: string; namespace: string };
  /** Where the secret came from, for logs: never the secret itself. */
  source: 'HUB_SIGNING_SECRET' | 'development secret file';
}

export const signingHeaders = {
  identity: 'x-hub-identity',
  timestamp: 'x-hub-timestamp',
  nonce: 'x-hub-nonce',
  signature: 'x-hub-signature',
} as const;

/** `HUB_SIGNATURE_MAX_AGE_SECONDS`: its default, and the most it may be. */
export const defaultMaxAgeSeconds = 30;
export const maxMaxAgeSeconds = 120;

/** The shortest `HUB_SIGNING_SECRET` accepted. */
export const minSecretLength = 32;

/** The least estimated entropy of a production `HUB_SIGNING_SECRET` (see estimatedEntropyBits). */
export const minSecretEntropyBits = 128;

/**
 * A secret's entropy as its length times the Shannon entropy of its characters' frequencies:
 * 0 for `aaaa…`, 2 bits a character for `abcdabcd…`, about 3.8 for random hex. It cannot see
 * a long random block repeated, so it is a floor for obvious mistakes, not a proof of strength.
 */
export function estimatedEntropyBits(secret: string): number {
  const counts = new Map<string, number>();
  const characters = [...secret];
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let perCharacter = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    perCharacter -= p * Math.log2(p);
  }
  return perCharacter * characters.length;
}

/** The development secret's file name, in `DEV_KEYS_DIR` (default `.data/dev-keys`) beside the gateway's development key pair. */
export const devSecretFileName = 'subgraph-signing-secret';

/**
 * `HUB_SIGNING_SECRET` (at least 32 characters) and `HUB_SIGNATURE_MAX_AGE_SECONDS` (default 30,
 * at most 120: the window in which a nonce must be remembered, and a clock may drift).
 * Without `HUB_SIGNING_SECRET` outside production, the development secret in
 * `<DEV_KEYS_DIR>/subgraph-signing-secret` (default `.data/dev-keys/…`) is used, created on first
 * use, so that `npm start`'s five processes share it; in production (`NODE_ENV=production`) a
 * missing secret, or one of low estimated entropy (see estimatedEntropyBits), is a configuration problem.
 */
export function readSigningConfig(read: EnvReader): SigningConfig {
  const maxAgeSeconds = read.integer('HUB_SIGNATURE_MAX_AGE_SECONDS', defaultMaxAgeSeconds, { min: 1, max: maxMaxAgeSeconds });
  const secret = read.optional('HUB_SIGNING_SECRET');
  if (secret !== undefined) {
    if (secret.length < minSecretLength) {
      read.problems.push(`HUB_SIGNING_SECRET must be at least ${minSecretLength} characters long, got ${secret.length}`);
    } else if (read.production && estimatedEntropyBits(secret) < minSecretEntropyBits) {
      read.problems.push(
        `HUB_SIGNING_SECRET is too predictable: about ${Math.floor(estimatedEntropyBits(secret))} bits of entropy, at least ${minSecretEntropyBits} needed in production; use e.g. the output of: openssl rand -hex 32`,
      );
    }
    return { secret, maxAgeSeconds, source: 'HUB_SIGNING_SECRET' };
  }
  if (read.production) {
    read.problems.push(`HUB_SIGNING_SECRET must be set in production (at least ${minSecretLength} characters, the same for the gateway and every subgraph), e.g. the output of: openssl rand -hex 32`);
    return { secret: '', maxAgeSeconds, source: 'HUB_SIGNING_SECRET' };
  }
  // repoRoot is read here, not at module load: config.ts imports this module.
  const file = path.join(path.resolve(repoRoot, read.string('DEV_KEYS_DIR', path.join('.data', 'dev-keys'))), devSecretFileName);
  try {
    return { secret: readOrCreateDevSecret(file), maxAgeSeconds, source: 'development secret file' };
  } catch (error) {
    read.problems.push(`HUB_SIGNING_SECRET is not set and the development secret in ${file} could not be used: ${(error as Error).message}`);
    return { secret: '', maxAgeSeconds, source: 'development secret file' };
  }
}

/**
 * Reads the development secret, creating it first if need be. Creation is atomic and never
 * replaces a file another process made first: the secret is written to a temporary file and
 * hard-linked into place (which fails if the file exists), so racing processes all end up
 * reading the one secret that won.
 */
export function readOrCreateDevSecret(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EEXIST: another process won the race; read its secret. Filesystems without hard links
      // fall back to a rename (atomic, though a racing process could then replace it).
      if (code !== 'EEXIST') {
        if (!existsSync(file)) renameSync(temp, file);
      }
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // Already renamed into place.
      }
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < minSecretLength) throw new Error(`it holds ${secret.length} characters, fewer than ${minSecretLength}; delete it to generate a new one`);
  return secret;
}

const sha256hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** The `x-hub-identity` value for an identity: base64url of its JSON. */
export function encodeIdentity(identity: Identity): string {
  return Buffer.from(JSON.stringify(identity), 'utf8').toString('base64url');
}

/** What a signature is for: one subgraph (its name), one method, one path with its query string. */
export interface SignedTarget {
  audience: string;
  /** Default `POST`. */
  method?: string;
  /** The path and query string, e.g. `/graphql` (the default) or `/graphql?query=…`. */
  path?: string;
}

const nonceBytes = 16;
const noncePattern = /^[A-Za-z0-9_-]{22}$/;

/** The hex v2 HMAC; the fields are joined by newlines, which none of them can contain. */
function hmac(secret: string, target: Required<SignedTarget>, timestamp: string, nonce: string, identityHeader: string, body: string): string {
  const lines = ['v2', target.audience, target.method.toUpperCase(), target.path, timestamp, nonce, identityHeader, sha256hex(body)];
  return createHmac('sha256', secret).update(lines.join('\n'), 'utf8').digest('hex');
}

const complete = (target: SignedTarget): Required<SignedTarget> => ({ audience: target.audience, method: target.method ?? 'POST', path: target.path ?? '/graphql' });

/** The path and query string of a URL, as a subgraph sees it in its request line. */
export const pathOf = (url: string | URL): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** Signs an already encoded identity header and the exact body that will be sent, for one target, with a fresh nonce. */
export function signEncoded(config: SigningConfig, target: SignedTarget, identityHeader: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.trunc(now));
  const nonce = randomBytes(nonceBytes).toString('base64url');
  return {
    [signingHeaders.identity]: identityHeader,
    [signingHeaders.timestamp]: timestamp,
    [signingHeaders.nonce]: nonce,
    [signingHeaders.signature]: `v2=${hmac(config.secret, complete(target), timestamp, nonce, identityHeader, body)}`,
  };
}

/** The headers that make the subgraph named `target.audience` accept `body` on behalf of `identity`, once. */
export function signRequest(config: SigningConfig, target: SignedTarget, identity: Identity, body: string, now = Date.now()): Record<string, string> {
  return signEncoded(config, target, encodeIdentity(identity), body, now);
}

type IncomingHeaders = Record<string, string | string[] | undefined>;

const refuse = (reason: string): GraphQLError => userError(ErrorCode.UNAUTHENTICATED, reason);

function single(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface VerifiedRequest {
  identity: Identity;
  /** The request's nonce: the caller must claim it (NonceStore) before acting on the request. */
  nonce: string;
  /** Until when (ms since the epoch) the signature is acceptable, so the nonce must be remembered. */
  acceptableUntil: number;
}

/**
 * Checks a request's signature — for this subgraph (`expected.audience`), the method and path it
 * arrived on and the exact body received — and its age; returns the identity it carries and its
 * nonce. Throws an UNAUTHENTICATED GraphQLError saying why otherwise. Whether the nonce is new is
 * the NonceStore's part (verifySignedRequest does both).
 */
export function verifyRequest(config: SigningConfig, expected: SignedTarget, headers: IncomingHeaders, rawBody: string, now = Date.now()): VerifiedRequest {
  const identityHeader = single(headers, signingHeaders.identity);
  const timestamp = single(headers, signingHeaders.timestamp);
  const nonce = single(headers, signingHeaders.nonce);
  const signature = single(headers, signingHeaders.signature);
  if (!identityHeader || !timestamp || !nonce || !signature) {
    const missing = Object.values(signingHeaders).filter((name) => !single(headers, name));
    throw refuse(`the request is not signed (missing ${missing.join(', ')})`);
  }
  if (signature.startsWith('v1=')) throw refuse('the signature is version 1, which this service no longer accepts: upgrade the gateway');
  if (!/^\d{1,16}$/.test(timestamp) || !noncePattern.test(nonce) || !/^v2=[0-9a-f]{64}$/.test(signature)) {
    throw refuse('the signature does not match the request');
  }
  const expectedMac = Buffer.from(hmac(config.secret, complete(expected), timestamp, nonce, identityHeader, rawBody), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  if (config.secret === '' || given.length !== expectedMac.length || !timingSafeEqual(given, expectedMac)) {
    throw refuse('the signature does not match the request');
  }
  const signedAt = Number(timestamp);
  if (Math.abs(now - signedAt) > config.maxAgeSeconds * 1000) {
    throw refuse(`the signature is too old or from the future (more than ${config.maxAgeSeconds} s from this server's clock)`);
  }
  const identity = decodeIdentity(identityHeader);
  if (!identity) throw refuse('the identity header is malformed');
  return { identity, nonce, acceptableUntil: signedAt + config.maxAgeSeconds * 1000 };
}

/** What verifySignedRequest needs to know whether a nonce is new: see nonceStore.ts. */
export interface NonceClaimer {
  /** True when `nonce` was not seen before; remembers it until `until` (ms since the epoch). */
  claim(nonce: string, until: number): Promise<boolean>;
}

/** verifyRequest, then refuses a nonce already seen: a request is accepted once. */
export async function verifySignedRequest(config: SigningConfig, nonces: NonceClaimer, expected: SignedTarget, headers: IncomingHeaders, rawBody: string, now = Date.now()): Promise<Identity> {
  const verified = verifyRequest(config, expected, headers, rawBody, now);
  if (!(await nonces.claim(verified.nonce, verified.acceptableUntil))) throw refuse('the request has already been used once (its nonce was seen before): a signed request is accepted once');
  return verified.identity;
}

/** Parses and validates an `x-hub-identity` value; undefined when it is not a valid Identity. */
export function decodeIdentity(header: string): Identity | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(header)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const candidate = value as Record<string, unknown>;
  if (candidate.kind === 'anonymous') return { kind: 'anonymous' };
  if (candidate.kind !== 'user') return undefined;
  const { subject, role, businessId, organizationId } = candidate;
  if (typeof subject !== 'string' || subject === '') return undefined;
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) return undefined;
  if (businessId !== undefined && (typeof businessId !== 'string' || businessId === '')) return undefined;
  if (organizationId !== undefined && (typeof organizationId !== 'string' || organizationId === '')) return undefined;
  return {
    kind: 'user',
    subject,
    role: role as Role,
    ...(businessId !== undefined ? { businessId } : {}),
    ...(organizationId !== undefined ? { organizationId } : {}),
  };
}
