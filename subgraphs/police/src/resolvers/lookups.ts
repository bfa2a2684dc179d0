// Look-ups that check an input against the police subgraph's data and name the field at fault.
import {
  ambiguousPostcodeError,
  districtOfBusinessPlace,
  ErrorCode,
  outsideAreaError,
  placeOfPostcode,
  placeOfPostcodeSector,
  postcodeSectorFile,
  quoteInput,
  requireDistrictCode,
  requireText,
  userError,
  type InputChecks,
  type RuralUrban,
} from '@crimehub/common';
import type { CrimeType, District } from '../generated/prisma/client.ts';
import type { Context } from '../loaders.ts';
import { closestMatch } from './closestMatch.ts';

/** The crime type with this code, or UNKNOWN_CRIME_TYPE with the nearest code as a suggestion. */
export async function requireCrimeType(ctx: Context, raw: string, field: string): Promise<CrimeType> {
  // Checked before any look-up: no code is this long, and PostgreSQL refuses NUL in a parameter.
  const code = requireText(raw, field, { max: 100 }).toLowerCase();
  const found = await ctx.loaders.crimeType.load(code);
  if (found) return found;
  const codes = (await ctx.prisma.crimeType.findMany({ select: { code: true } })).map((c) => c.code);
  const suggestion = closestMatch(code, codes);
  throw userError(ErrorCode.UNKNOWN_CRIME_TYPE, `No crime type has the code ${quoteInput(raw)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''} The crimeTypes query lists every code.`, {
    field,
    extensions: { ...(suggestion ? { suggestion } : {}) },
  });
}

/**
 * The district of a postcode (or outward code), resolved at sector level by placeOfPostcode:
 * INVALID_POSTCODE, POSTCODE_OUTSIDE_AREA, or AMBIGUOUS_POSTCODE when the sector is split or
 * uncertain (the hub never guesses at a border).
 */
export function districtOfPostcode(postcode: string, field: string, districtField = 'the district'): string {
  const place = placeOfPostcode(postcode, field);
  if (place.kind === 'district') return place.district.code;
  if (place.kind === 'ambiguous') throw ambiguousPostcodeError(place, field, districtField);
  throw outsideAreaError(postcode, place, field);
}

/**
 * Where a business is, from its postcode and/or the district it gives (see
 * districtOfBusinessPlace), reporting every bad field at once through `check`. Answers the
 * district code and the ONS rural-urban class of the postcode's sector (null without a postcode
 * or when unknown); undefined values only after a refusal, which `check.done()` throws.
 */
export function businessPlace(
  check: InputChecks,
  given: { postcode?: string | null; district?: string | null },
  fields: { postcode: string; district: string },
  missing = `Say where the business is: give ${fields.district} (an ONS code from the districts query) or ${fields.postcode}.`,
): { districtCode: string; ruralUrban: RuralUrban | null } {
  const place = given.postcode != null ? check.run(() => placeOfPostcode(given.postcode!, fields.postcode)) : undefined;
  const districtCode = given.district != null && given.district.trim() !== '' ? check.run(() => requireDistrictCode(given.district!, fields.district)) : undefined;
  if (place) {
    if (check.failed(fields.district)) return { districtCode: undefined!, ruralUrban: null };
    return check.run(() => districtOfBusinessPlace(place, given.postcode!, districtCode, fields)) ?? { districtCode: undefined!, ruralUrban: null };
  }
  if (districtCode === undefined && !check.failed(fields.postcode) && !check.failed(fields.district)) {
    check.fail(fields.district, missing);
  }
  return { districtCode: districtCode!, ruralUrban: null };
}

/** The answer of Query.postcodeSector: which of the 9 districts a sector may be in, as the data file has it. */
export async function postcodeSectorOf(ctx: Context, raw: string) {
  const { place, uncertain } = placeOfPostcodeSector(raw, 'sector');
  const codes = place.kind === 'district' ? [place.district.code] : place.kind === 'ambiguous' ? place.candidates.map((d) => d.code) : [];
  const districts = (await ctx.loaders.district.loadMany(codes)).filter((d): d is District => d != null && !(d instanceof Error));
  return {
    sector: place.sector,
    districts,
    outsideArea: place.kind === 'outside' || (place.kind === 'ambiguous' && place.outsideToo),
    ruralUrban: place.kind === 'outside' ? null : place.ruralUrban,
    uncertain,
    source: `${postcodeSectorFile.source} (${postcodeSectorFile.date}; ${postcodeSectorFile.licence})`,
  };
}
