// The graph's custom scalars, one implementation for both partner stacks (Apollo and mercurius
// take a GraphQLScalarType in their resolver maps). Each refuses a bad value with a code the
// client can act on, before any resolver runs.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from './errors.ts';
import { requirePostcode } from './validation.ts';

const refuse = (code: ErrorCode, message: string) => new GraphQLError(message, { extensions: { code } });

const literalString = (ast: ValueNode, scalar: string): string => {
  if (ast.kind !== Kind.STRING) throw refuse(ErrorCode.BAD_USER_INPUT, `${scalar} must be given as a string.`);
  return ast.value;
};

const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an RFC 3339 date-time with its offset (`2026-11-20T14:30:00Z`); BAD_USER_INPUT otherwise. */
export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40 || !dateTimePattern.test(value)) {
    throw refuse(ErrorCode.BAD_USER_INPUT, 'DateTime must be an RFC 3339 date and time with its offset, e.g. "2026-11-20T14:30:00Z".');
  }
  const date = new Date(value);
  // JavaScript rolls 30 February over into March and 24:00 into the next day: refuse, do not guess.
  const [year, month, day, hour, minute, second = 0] = value
    .split(/[-T:.Z+]/i)
    .slice(0, 6)
    .map(Number);
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  const real = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day && hour! < 24 && minute! < 60 && second < 60;
  if (Number.isNaN(date.getTime()) || !real) throw refuse(ErrorCode.BAD_USER_INPUT, `DateTime "${value}" is not a real date and time.`);
  return date;
}

function serializeDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date.');
  return date.toISOString();
}

/** A date and time: RFC 3339 in, UTC with milliseconds out (`2026-11-20T14:30:00.000Z`). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A date and time, RFC 3339 (ISO 8601) with an offset, e.g. `2026-11-20T14:30:00Z`; always answered in UTC.',
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalString(ast, 'DateTime')),
});

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a calendar date `YYYY-MM-DD` to midnight UTC that day; BAD_USER_INPUT otherwise. */
export function parseDate(value: unknown): Date {
  const match = typeof value === 'string' ? datePattern.exec(value) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    throw refuse(ErrorCode.BAD_USER_INPUT, 'Date must be a calendar date YYYY-MM-DD, e.g. "2026-11-20".');
  }
  return date;
}

/** A calendar date with no time: `YYYY-MM-DD` (a Date, or such a string, out). */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date with no time of day, `YYYY-MM-DD`, e.g. `2026-11-20`.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseDate(value).toISOString().slice(0, 10)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalString(ast, 'Date')),
});

const decimalPattern = /^-?\d{1,15}(\.\d{1,2})?$/;

/** Parses a decimal amount with at most 2 places (`1250.5`) to whole pence as a bigint. */
export function parseDecimalPence(value: unknown): bigint {
  if (typeof value !== 'string' || !decimalPattern.test(value)) {
    throw refuse(ErrorCode.BAD_USER_INPUT, 'Decimal must be a string of digits with at most 2 decimal places, e.g. "1250.50".');
  }
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const pence = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return value.startsWith('-') ? -pence : pence;
}

/** Whole pence (a bigint or a safe integer) as a decimal string in pounds, `125050` → `1250.50`. */
export function penceToDecimal(pence: bigint | number): string {
  const value = BigInt(pence);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * An exact decimal as a string, never a float: money must not lose a penny. Resolvers hand the
 * scalar a decimal string (see penceToDecimal); arguments reach them as a string (checked).
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, with at most 2 decimal places, e.g. `"1250.50"`: never a float, so no penny is lost.',
  serialize: (value) => {
    if (typeof value === 'string' && decimalPattern.test(value)) return value;
    if (typeof value === 'bigint') return penceToDecimal(value);
    throw new GraphQLError('Decimal cannot represent this value.');
  },
  parseValue: (value) => (parseDecimalPence(value), value as string),
  parseLiteral: (ast) => {
    const text = literalString(ast, 'Decimal');
    parseDecimalPence(text);
    return text;
  },
});

/** A full UK postcode, normalised to upper case with one space; INVALID_POSTCODE otherwise. */
export const PostcodeScalar = new GraphQLScalarType({
  name: 'Postcode',
  description: 'A full UK postcode, e.g. `ST16 2AB`; any case and spacing in, upper case with one space out. A malformed one is refused with INVALID_POSTCODE.',
  serialize: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('Postcode cannot represent a non-string value.');
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'string') throw refuse(ErrorCode.INVALID_POSTCODE, 'Postcode must be a string such as "ST16 2AB".');
    return postcodeOf(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw refuse(ErrorCode.INVALID_POSTCODE, 'Postcode must be a string such as "ST16 2AB".');
    return postcodeOf(ast.value);
  },
});

function postcodeOf(value: string): string {
  try {
    return requirePostcode(value, 'postcode').postcode;
  } catch {
    throw refuse(ErrorCode.INVALID_POSTCODE, `"${value.slice(0, 40)}" is not a full UK postcode such as "ST16 2AB".`);
  }
}

/** Every scalar of the graph by name; the gateway checks values with them before any subgraph is asked. */
export const customScalars = { DateTime: DateTimeScalar, Date: DateScalar, Decimal: DecimalScalar, Postcode: PostcodeScalar };

/** The scalars a subgraph's SDL declares (`scalar DateTime` ...), to spread into its resolver map. */
export function scalarsDeclaredIn(typeDefs: string): Partial<typeof customScalars> {
  return Object.fromEntries(Object.entries(customScalars).filter(([name]) => new RegExp(`^\\s*scalar\\s+${name}\\b`, 'm').test(typeDefs)));
}
