// A `DateTimeRange` filter as a Prisma condition (schema/CONVENTIONS.md §2: from inclusive, to exclusive).
import { ErrorCode, userError } from '@crimehub/common';

/** `{ gte: from, lt: to }` for the ends given; BAD_USER_INPUT naming `<field>.to` when the period ends before it starts. */
export function periodWhere(range: { from?: Date | null; to?: Date | null }, field: string): { gte?: Date; lt?: Date } {
  const { from, to } = range;
  if (from && to && to.getTime() < from.getTime()) {
    throw userError(ErrorCode.BAD_USER_INPUT, `${field}.to (${to.toISOString()}) is before ${field}.from (${from.toISOString()}): a period ends after it starts.`, { field: `${field}.to` });
  }
  return { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
}
