// Input checks every write uses. Each failure is a BAD_USER_INPUT error naming its field, thrown
// before anything is written, so a refused request leaves the database as it was.
import { ErrorCode, userError } from './errors.ts';
import type { Identity, Role } from './identity.ts';

const fail = (field: string, message: string) => userError(ErrorCode.BAD_USER_INPUT, message, { field });

/** A trimmed string of `min` to `max` characters. */
export function requireText(value: string | null | undefined, field: string, { min = 1, max = 200 } = {}): string {
  const text = (value ?? '').trim();
  if (text.length < min) throw fail(field, min === 1 ? `${field} is required.` : `${field} must be at least ${min} characters.`);
  if (text.length > max) throw fail(field, `${field} must be at most ${max} characters (got ${text.length}).`);
  return text;
}

/** The same, or undefined when the value is absent or blank. */
export function optionalText(value: string | null | undefined, field: string, options: { max?: number } = {}): string | undefined {
  return value == null || value.trim() === '' ? undefined : requireText(value, field, { min: 1, max: options.max ?? 200 });
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible email address, lower-cased. */
export function requireEmail(value: string, field: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !emailPattern.test(email)) throw fail(field, `${field} must be an email address such as name@example.co.uk.`);
  return email;
}

/** A UK telephone number (01…, 02…, 03…, 07…, 08…, or +44…), normalised to digits with a leading 0. */
export function requireUkPhone(value: string, field: string): string {
  const digits = value.replace(/[\s()-]/g, '').replace(/^\+44/, '0');
  if (!/^0[1-9]\d{8,9}$/.test(digits)) throw fail(field, `${field} must be a UK telephone number such as 01785 123456 or 07700 900123.`);
  return digits;
}

const postcodePattern = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** A full UK postcode, normalised to upper case with one space (`ST16 2AB`). */
export function requirePostcode(value: string, field: string): { postcode: string; outwardCode: string } {
  const match = postcodePattern.exec(value.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match) throw userError(ErrorCode.INVALID_POSTCODE, `${field} must be a full UK postcode such as "ST16 2AB".`, { field });
  return { postcode: `${match[1]} ${match[2]}`, outwardCode: match[1]! };
}

/** An ISO 8601 date-time that is not in the future (with a minute's grace for clocks). */
export function requirePastDate(value: string, field: string, now: Date = new Date()): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw fail(field, `${field} must be an ISO 8601 date and time, e.g. 2026-11-20T14:30:00Z.`);
  if (date.getTime() > now.getTime() + 60_000) throw fail(field, `${field} cannot be in the future.`);
  return date;
}

/** A non-negative amount of money in pounds, to the penny; returns pence. */
export function requireAmountPence(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw fail(field, `${field} cannot be negative.`);
  if (value > 100_000_000) throw fail(field, `${field} is too large.`);
  return Math.round(value * 100);
}

/** A page size (`first`): the fallback when absent, else a whole number from 1 to `max`. */
export function requireCount(value: number | null | undefined, field: string, { fallback, max }: { fallback: number; max: number }): number {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < 1 || count > max) throw fail(field, `${field} must be from 1 to ${max}, got ${count}.`);
  return count;
}

/** An idempotency key: 8 to 128 characters of letters, digits, `-` and `_` (a UUID is ideal). */
export function requireIdempotencyKey(value: string, field = 'idempotencyKey'): string {
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(value)) throw fail(field, `${field} must be 8 to 128 letters, digits, "-" or "_" — a UUID is ideal.`);
  return value;
}

/** The signed-in caller, who must hold one of the roles; UNAUTHENTICATED or FORBIDDEN otherwise. */
export function requireRole(identity: Identity, roles: readonly Role[], action: string): Extract<Identity, { kind: 'user' }> {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, `Sign in to ${action}.`);
  if (!roles.includes(identity.role)) throw userError(ErrorCode.FORBIDDEN, `Your role may not ${action}.`);
  return identity;
}

/** Whether an error is a unique-constraint violation (Prisma P2002), e.g. a second use of an idempotency key. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * Creates a record once per idempotency key: a retry, or a race of two requests with one key,
 * gets the record the first one created. `create` must fail with a unique violation on the key.
 */
export async function createOnce<T>(create: () => Promise<T>, findExisting: () => Promise<T | null>): Promise<{ record: T; created: boolean }> {
  const existing = await findExisting();
  if (existing) return { record: existing, created: false };
  try {
    return { record: await create(), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findExisting();
    if (!winner) throw error;
    return { record: winner, created: false };
  }
}
