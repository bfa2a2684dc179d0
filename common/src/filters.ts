// The parts of a connection's `filter` input every list shares (schema/CONVENTIONS.md §2): a
// list-valued field matches any of its values and is bounded, a `DateTimeRange` is a period from
// `from` (inclusive) to `to` (exclusive). Each refusal is BAD_USER_INPUT naming its field.
import { ErrorCode, userError } from './errors.ts';

/** The most values one list-valued filter field may hold. */
export const maxFilterValues = 20;

/** A list-valued filter field: undefined when absent (no narrowing), else at most `max` values. */
export function requireFilterList<T>(values: readonly T[] | null | undefined, field: string, max = maxFilterValues): T[] | undefined {
  if (values == null) return undefined;
  if (values.length > max) throw userError(ErrorCode.BAD_USER_INPUT, `${field} may list at most ${max} values (got ${values.length}).`, { field });
  return [...values];
}

/** A period as a client gives it (the schema's `DateTimeRange`; the scalar has parsed each end). */
export interface DateTimeRangeValue {
  from?: Date | null;
  to?: Date | null;
}

/**
 * The Prisma condition of a period (`{ gte: from, lt: to }`), undefined when no end is given;
 * a period that does not end after it starts is refused.
 */
export function dateTimeRangeWhere(range: DateTimeRangeValue | null | undefined, field: string): { gte?: Date; lt?: Date } | undefined {
  if (range == null || (range.from == null && range.to == null)) return undefined;
  if (range.from != null && range.to != null && range.to.getTime() <= range.from.getTime()) {
    throw userError(ErrorCode.BAD_USER_INPUT, `${field}.to must be after ${field}.from (the period runs from "from", inclusive, until "to", exclusive).`, { field });
  }
  return { ...(range.from != null ? { gte: range.from } : {}), ...(range.to != null ? { lt: range.to } : {}) };
}
