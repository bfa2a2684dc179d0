// A `DateTimeRange` filter (schema/CONVENTIONS.md §2: `from` inclusive, `to` exclusive, either end
// open) as the Prisma condition on one DateTime column. The DateTime scalar has already parsed both ends.
import { ErrorCode, userError } from './errors.ts';

/** What a `DateTimeRange` input arrives as. */
export interface DateTimeRangeInput {
  from?: Date | null;
  to?: Date | null;
}

/**
 * `{ gte: from, lt: to }` for the ends given, or undefined when there is no range or neither end is
 * given. A `to` that is not after `from` can match nothing: BAD_USER_INPUT naming `field`.
 */
export function dateTimeRangeWhere(range: DateTimeRangeInput | null | undefined, field: string): { gte?: Date; lt?: Date } | undefined {
  const from = range?.from ?? undefined;
  const to = range?.to ?? undefined;
  if (!from && !to) return undefined;
  if (from && to && to.getTime() <= from.getTime()) {
    throw userError(ErrorCode.BAD_USER_INPUT, `${field}.to must be after ${field}.from (the period runs from "from", inclusive, until "to", exclusive).`, { field });
  }
  return { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
}
