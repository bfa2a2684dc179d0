// UK postcode parsing: a full postcode (`ST16 2AB`) or just its outward code (`ST16`).
import { ErrorCode, quoteInput, refuseControlCharacters, userError } from '@crimehub/common';

const postcodePattern = /^([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*([0-9][A-Z]{2}))?$/;

/** Returns the normalised outward code, or throws INVALID_POSTCODE naming the field. */
export function outwardCodeOf(raw: string, field: string): string {
  refuseControlCharacters(raw, field);
  const match = raw.length > 40 ? null : postcodePattern.exec(raw.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match?.[1]) {
    throw userError(ErrorCode.INVALID_POSTCODE, `${quoteInput(raw)} is not a UK postcode. Give a full postcode such as "ST16 2AB" or its first part, "ST16".`, { field });
  }
  return match[1];
}
