// Which postcodes a business profile may carry: a full UK postcode in Staffordshire or
// Stoke-on-Trent, and the district it is in, resolved at postcode-sector level by the shared
// place data (common/src/place.ts; a subgraph never reads another's tables). The hub never
// guesses at a border: a postcode whose sector is split between districts (or not confirmed)
// takes the profile's district when that is one of its candidates, and is refused otherwise.
import { ambiguousPostcodeError, outsideAreaError, placeOfPostcode, requirePostcode, type DistrictInfo } from '@crimehub/common';

/**
 * A full UK postcode in the area, normalised (`ST16 2AB`), with the district it is in;
 * INVALID_POSTCODE when it is not a postcode, POSTCODE_OUTSIDE_AREA when it is outside
 * Staffordshire and Stoke-on-Trent, AMBIGUOUS_POSTCODE when its sector may be in several
 * districts and `districtCode` (the profile's district, given or kept) is not one of them.
 */
export function requireAreaPostcode(value: string, field: string, districtCode?: string, districtField = 'input.district'): { postcode: string; district: DistrictInfo } {
  const { postcode } = requirePostcode(value, field);
  const place = placeOfPostcode(postcode, field);
  if (place.kind === 'outside') throw outsideAreaError(postcode, place, field);
  if (place.kind === 'district') return { postcode, district: place.district };
  const chosen = place.candidates.find((d) => d.code === districtCode);
  if (!chosen) throw ambiguousPostcodeError(place, field, districtField);
  return { postcode, district: chosen };
}

/** Every district of the area a (normalised) postcode may be in: one, several for a split sector, none outside. */
export function districtsOfPostcode(postcode: string): DistrictInfo[] {
  const place = placeOfPostcode(postcode);
  return place.kind === 'district' ? [place.district] : place.kind === 'ambiguous' ? place.candidates : [];
}
