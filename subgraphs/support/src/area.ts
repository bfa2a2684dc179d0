// Which postcodes a business profile may carry: a full UK postcode whose outward code lies in
// Staffordshire or Stoke-on-Trent, and the district it is in. The outward codes of each district
// are the shared reference data in common/src/districts.ts (a subgraph never reads another's
// tables); codes that straddle a county boundary belong where most of their addresses are.
import { districtOfOutwardCode, ErrorCode, requirePostcode, userError, type DistrictInfo } from '@crimehub/common';

/**
 * A full UK postcode in the area, normalised (`ST16 2AB`), with the district it is in;
 * INVALID_POSTCODE when it is not a postcode, POSTCODE_OUTSIDE_AREA when it is outside
 * Staffordshire and Stoke-on-Trent.
 */
export function requireAreaPostcode(value: string, field: string): { postcode: string; district: DistrictInfo } {
  const { postcode, outwardCode } = requirePostcode(value, field);
  const district = districtOfOutwardCode(outwardCode);
  if (!district) {
    throw userError(ErrorCode.POSTCODE_OUTSIDE_AREA, `${postcode} is outside Staffordshire and Stoke-on-Trent; the hub serves businesses there only.`, { field });
  }
  return { postcode, district };
}
