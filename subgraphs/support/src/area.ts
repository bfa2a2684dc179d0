// Which postcodes a business profile may carry: a full UK postcode whose outward code lies in
// Staffordshire or Stoke-on-Trent. The police subgraph owns the postcode-to-district data; the
// support subgraph keeps this list of the area's outward codes itself (a subgraph never reads
// another's tables). Outward codes that straddle a county boundary are listed when most of
// their addresses are in the area, as in the police subgraph's list.
import { ErrorCode, requirePostcode, userError } from '@crimehub/common';

/** The outward codes of Staffordshire and Stoke-on-Trent. */
export const areaOutwardCodes: ReadonlySet<string> = new Set([
  // Stoke-on-Trent
  'ST1', 'ST2', 'ST3', 'ST4', 'ST6',
  // Newcastle-under-Lyme
  'ST5', 'ST7',
  // Staffordshire Moorlands
  'ST8', 'ST9', 'ST10', 'ST11', 'ST13',
  // Stafford
  'ST12', 'ST15', 'ST16', 'ST17', 'ST18', 'ST20', 'ST21',
  // East Staffordshire
  'ST14', 'DE13', 'DE14', 'DE15',
  // Cannock Chase
  'WS11', 'WS12', 'WS15',
  // Lichfield
  'WS7', 'WS13', 'WS14',
  // South Staffordshire
  'ST19', 'WS6', 'WV5', 'WV8', 'WV9', 'DY7',
  // Tamworth
  'B77', 'B78', 'B79',
]);

/**
 * A full UK postcode in the area, normalised (`ST16 2AB`); INVALID_POSTCODE when it is not a
 * postcode, POSTCODE_OUTSIDE_AREA when it is outside Staffordshire and Stoke-on-Trent.
 */
export function requireAreaPostcode(value: string, field: string): string {
  const { postcode, outwardCode } = requirePostcode(value, field);
  if (!areaOutwardCodes.has(outwardCode)) {
    throw userError(ErrorCode.POSTCODE_OUTSIDE_AREA, `${postcode} is outside Staffordshire and Stoke-on-Trent; the hub serves businesses there only.`, { field });
  }
  return postcode;
}
