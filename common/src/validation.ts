// Input checks every write uses. Each failure is a BAD_USER_INPUT error naming its field, thrown
// before anything is written, so a refused request leaves the database as it was.
import { GraphQLError } from 'graphql';
import { ErrorCode, userError } from './errors.ts';
import type { Identity, Role } from './identity.ts';

const fail = (field: string, message: string) => userError(ErrorCode.BAD_USER_INPUT, message, { field });

// C0 control characters and DEL. PostgreSQL cannot store NUL in text at all, and the others have
// no business in a name, a code or an address; multi-line text keeps tab, line feed and return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const anyControlCharacter = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacterOutsideLines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Refuses text holding a control character (NUL above all) with BAD_USER_INPUT naming the field. */
export function refuseControlCharacters(value: string, field: string, { multiline = false }: { multiline?: boolean } = {}): void {
  const match = (multiline ? controlCharacterOutsideLines : anyControlCharacter).exec(value);
  if (!match) return;
  const codePoint = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw fail(field, `${field} contains a control character (${codePoint} at position ${match.index + 1}); remove it.`);
}

export interface TextOptions {
  min?: number;
  max?: number;
  /** Free text over several lines (a narrative, a message): tab and line breaks are allowed. */
  multiline?: boolean;
}

/** A trimmed string of `min` to `max` characters, with no control characters. */
export function requireText(value: string | null | undefined, field: string, { min = 1, max = 200, multiline = false }: TextOptions = {}): string {
  const text = (value ?? '').trim();
  if (text.length < min) throw fail(field, min === 1 ? `${field} is required.` : `${field} must be at least ${min} characters.`);
  if (text.length > max) throw fail(field, `${field} must be at most ${max} characters (got ${text.length}).`);
  refuseControlCharacters(text, field, { multiline });
  return text;
}

/** The same, or undefined when the value is absent or blank. */
export function optionalText(value: string | null | undefined, field: string, options: Omit<TextOptions, 'min'> = {}): string | undefined {
  return value == null || value.trim() === '' ? undefined : requireText(value, field, { ...options, min: 1, max: options.max ?? 200 });
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible email address, lower-cased. */
export function requireEmail(value: string, field: string): string {
  const email = value.trim().toLowerCase();
  // The length first: the pattern backtracks, so it only ever sees short input.
  if (email.length > 254 || !emailPattern.test(email)) throw fail(field, `${field} must be an email address such as name@example.co.uk.`);
  refuseControlCharacters(email, field);
  return email;
}

/** A UK telephone number (01…, 02…, 03…, 07…, 08…, or +44…), normalised to digits with a leading 0. */
export function requireUkPhone(value: string, field: string): string {
  refuseControlCharacters(value, field);
  const digits = value.length > 40 ? '' : value.replace(/[\s()-]/g, '').replace(/^\+44/, '0');
  if (!/^0[1-9]\d{8,9}$/.test(digits)) throw fail(field, `${field} must be a UK telephone number such as 01785 123456 or 07700 900123.`);
  return digits;
}

const postcodePattern = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** A full UK postcode, normalised to upper case with one space (`ST16 2AB`). */
export function requirePostcode(value: string, field: string): { postcode: string; outwardCode: string } {
  refuseControlCharacters(value, field);
  const match = value.length > 40 ? null : postcodePattern.exec(value.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match) throw userError(ErrorCode.INVALID_POSTCODE, `${field} must be a full UK postcode such as "ST16 2AB".`, { field });
  return { postcode: `${match[1]} ${match[2]}`, outwardCode: match[1]! };
}

/** An instant (a DateTime argument, already parsed) that is not in the future, with a minute's grace for clocks. */
export function requirePastDate(date: Date, field: string, now: Date = new Date()): Date {
  if (date.getTime() > now.getTime() + 60_000) throw fail(field, `${field} cannot be in the future.`);
  return date;
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

/**
 * Whether an error is a unique-constraint violation, e.g. a second use of an idempotency key: Prisma's
 * P2002 from a model query, or P2010 (a raw statement failed) whose driver error is PostgreSQL's 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
  if (code === 'P2002') return true;
  const cause = meta?.driverAdapterError?.cause;
  return code === 'P2010' && (cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation');
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

/** One invalid input field, as `extensions.fieldErrors` lists it. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** The codes that say an input field is wrong (and name it), as opposed to who may act or what exists. */
const fieldErrorCodes = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNKNOWN_CRIME_TYPE,
  ErrorCode.UNKNOWN_DISTRICT,
  ErrorCode.INVALID_POSTCODE,
  ErrorCode.POSTCODE_OUTSIDE_AREA,
  ErrorCode.AMBIGUOUS_POSTCODE,
]);

function fieldErrorsOf(error: unknown): { errors: FieldError[]; original: GraphQLError } | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const { code, field, fieldErrors } = error.extensions as { code?: unknown; field?: unknown; fieldErrors?: FieldError[] };
  if (typeof code !== 'string' || !fieldErrorCodes.has(code) || typeof field !== 'string') return undefined;
  return { errors: Array.isArray(fieldErrors) ? fieldErrors : [{ field, message: error.message, code }], original: error };
}

export interface InputChecks {
  /**
   * Runs one check and returns its value; when the check refuses its field, records the refusal
   * and returns undefined (typed as the value: `done()` throws before such a value can be used,
   * and checks that read it first ask `failed`). Any other error passes straight through.
   */
  run<T>(check: () => T): T;
  /** The same for a check that looks something up. */
  runAsync<T>(check: () => Promise<T>): Promise<T>;
  /** Records a refusal the caller works out itself (e.g. two fields that disagree). */
  fail(field: string, message: string, code?: ErrorCode): void;
  /** Whether this field (or, with no field, any) has been refused so far. */
  failed(field?: string): boolean;
  /** Throws one error for every refusal recorded; does nothing when there is none. */
  done(): void;
}

/**
 * Collects every invalid field of an input so that a form gets them all in one answer. `done()`
 * throws ONE error: with a single invalid field, that field's own error (its code, message and
 * extensions); with several, BAD_USER_INPUT saying how many. Either way `extensions.field` names
 * the first invalid field and `extensions.fieldErrors` lists `{ field, message, code }` for each.
 */
export function inputChecks(): InputChecks {
  const errors: FieldError[] = [];
  let first: GraphQLError | undefined;
  const record = (error: unknown): void => {
    const found = fieldErrorsOf(error);
    if (!found) throw error;
    first ??= found.original;
    errors.push(...found.errors);
  };
  return {
    run<T>(check: () => T): T {
      try {
        return check();
      } catch (error) {
        record(error);
        return undefined as T;
      }
    },
    async runAsync<T>(check: () => Promise<T>): Promise<T> {
      try {
        return await check();
      } catch (error) {
        record(error);
        return undefined as T;
      }
    },
    fail(field, message, code = ErrorCode.BAD_USER_INPUT) {
      record(userError(code, message, { field }));
    },
    failed(field) {
      return field === undefined ? errors.length > 0 : errors.some((error) => error.field === field);
    },
    done() {
      if (errors.length === 0 || !first) return;
      if (errors.length === 1) {
        throw new GraphQLError(first.message, { originalError: first, extensions: { ...first.extensions, fieldErrors: errors } });
      }
      const fields = errors.map((error) => error.field);
      throw userError(ErrorCode.BAD_USER_INPUT, `${errors.length} fields need attention: ${fields.join(', ')}. ${errors.map((error) => error.message).join(' ')}`, {
        field: fields[0],
        extensions: { fieldErrors: errors },
      });
    },
  };
}
