// Subgraphs trust only the gateway: it signs each subgraph request and the identity it forwards.
//
// Every request the gateway sends a subgraph carries three headers:
//   x-hub-identity   base64url of the caller's Identity as JSON
//   x-hub-timestamp  when it was signed, in milliseconds since the epoch
//   x-hub-signature  `v1=` + hex HMAC-SHA256, under the shared secret, of
//                    `${timestamp}.${identityHeader}.${sha256hex(body)}`
// A subgraph recomputes the HMAC over the exact bytes it received and refuses the request
// (UNAUTHENTICATED) unless it matches and the timestamp is within the allowed age.
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
  /** Where the secret came from, for logs: never the secret itself. */
  source: 'HUB_SIGNING_SECRET' | 'development secret file';
}

export const signingHeaders = {
  identity: 'x-hub-identity',
  timestamp: 'x-hub-timestamp',
  signature: 'x-hub-signature',
} as const;

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
 * `HUB_SIGNING_SECRET` (at least 32 characters) and `HUB_SIGNATURE_MAX_AGE_SECONDS` (default 300).
 * Without `HUB_SIGNING_SECRET` outside production, the development secret in
 * `<DEV_KEYS_DIR>/subgraph-signing-secret` (default `.data/dev-keys/…`) is used, created on first
 * use, so that `npm start`'s five processes share it; in production (`NODE_ENV=production`) a
 * missing secret, or one of low estimated entropy (see estimatedEntropyBits), is a configuration problem.
 */
export function readSigningConfig(read: EnvReader): SigningConfig {
  const maxAgeSeconds = read.integer('HUB_SIGNATURE_MAX_AGE_SECONDS', 300, { min: 1, max: 3600 });
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
    read.problems.push(
      `HUB_SIGNING_SECRET must be set in production (at least ${minSecretLength} characters, the same for the gateway and every subgraph), e.g. the output of: openssl rand -hex 32`,
    );
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

/** The hex HMAC for a timestamp, an encoded identity and a body. */
function hmac(secret: string, timestamp: string, identityHeader: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${identityHeader}.${sha256hex(body)}`, 'utf8').digest('hex');
}

/** Signs an already encoded identity header and the exact body that will be sent. */
export function signEncoded(config: SigningConfig, identityHeader: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.trunc(now));
  return {
    [signingHeaders.identity]: identityHeader,
    [signingHeaders.timestamp]: timestamp,
    [signingHeaders.signature]: `v1=${hmac(config.secret, timestamp, identityHeader, body)}`,
  };
}

/** The headers that make a subgraph accept `body` on behalf of `identity`. */
export function signRequest(config: SigningConfig, identity: Identity, body: string, now = Date.now()): Record<string, string> {
  return signEncoded(config, encodeIdentity(identity), body, now);
}

type IncomingHeaders = Record<string, string | string[] | undefined>;

const refuse = (reason: string): GraphQLError => userError(ErrorCode.UNAUTHENTICATED, reason);

function single(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Checks a request's signature over the exact body received and returns the identity it
 * carries; throws an UNAUTHENTICATED GraphQLError saying why otherwise.
 */
export function verifyRequest(config: SigningConfig, headers: IncomingHeaders, rawBody: string, now = Date.now()): Identity {
  const identityHeader = single(headers, signingHeaders.identity);
  const timestamp = single(headers, signingHeaders.timestamp);
  const signature = single(headers, signingHeaders.signature);
  if (!identityHeader || !timestamp || !signature) {
    const missing = Object.values(signingHeaders).filter((name) => !single(headers, name));
    throw refuse(`the request is not signed (missing ${missing.join(', ')})`);
  }
  if (!/^\d{1,16}$/.test(timestamp) || !/^v1=[0-9a-f]{64}$/.test(signature)) {
    throw refuse('the signature does not match the request');
  }
  const expected = Buffer.from(hmac(config.secret, timestamp, identityHeader, rawBody), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  if (config.secret === '' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refuse('the signature does not match the request');
  }
  if (Math.abs(now - Number(timestamp)) > config.maxAgeSeconds * 1000) {
    throw refuse(`the signature is too old or from the future (more than ${config.maxAgeSeconds} s from this server's clock)`);
  }
  const identity = decodeIdentity(identityHeader);
  if (!identity) throw refuse('the identity header is malformed');
  return identity;
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
