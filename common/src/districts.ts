// The 9 local authority districts the hub serves, by ONS code, and the postcode outward codes
// each one mainly covers. Reference data every partner shares (like an enum): the police
// subgraph owns the District entity and its details.
import { ErrorCode, userError } from './errors.ts';
import { quoteInput } from './quoteInput.ts';
import { refuseControlCharacters } from './validation.ts';

export const districts = [
  { code: 'E07000192', name: 'Cannock Chase', area: 'Staffordshire', outwardCodes: ['WS11', 'WS12', 'WS15'] },
  { code: 'E07000193', name: 'East Staffordshire', area: 'Staffordshire', outwardCodes: ['ST14', 'DE13', 'DE14', 'DE15'] },
  { code: 'E07000194', name: 'Lichfield', area: 'Staffordshire', outwardCodes: ['WS7', 'WS13', 'WS14'] },
  { code: 'E07000195', name: 'Newcastle-under-Lyme', area: 'Staffordshire', outwardCodes: ['ST5', 'ST7'] },
  { code: 'E07000196', name: 'South Staffordshire', area: 'Staffordshire', outwardCodes: ['ST19', 'WS6', 'WV5', 'WV8', 'WV9', 'DY7'] },
  { code: 'E07000197', name: 'Stafford', area: 'Staffordshire', outwardCodes: ['ST12', 'ST15', 'ST16', 'ST17', 'ST18', 'ST20', 'ST21'] },
  { code: 'E07000198', name: 'Staffordshire Moorlands', area: 'Staffordshire', outwardCodes: ['ST8', 'ST9', 'ST10', 'ST11', 'ST13'] },
  { code: 'E07000199', name: 'Tamworth', area: 'Staffordshire', outwardCodes: ['B77', 'B78', 'B79'] },
  { code: 'E06000021', name: 'Stoke-on-Trent', area: 'Stoke-on-Trent', outwardCodes: ['ST1', 'ST2', 'ST3', 'ST4', 'ST6'] },
] as const;

export type DistrictInfo = (typeof districts)[number];

const districtByCode = new Map<string, DistrictInfo>(districts.map((d) => [d.code, d]));

/**
 * The district an outward code (`ST16`) mainly falls in; undefined outside the area. Outward
 * codes that straddle a county boundary belong to the district most of their addresses are in.
 */
const districtByOutwardCode = new Map<string, DistrictInfo>(districts.flatMap((d) => d.outwardCodes.map((outward) => [outward, d] as const)));

export function districtOfOutwardCode(outwardCode: string): DistrictInfo | undefined {
  return districtByOutwardCode.get(outwardCode.trim().toUpperCase());
}

/** The district with this ONS code, if it is one of the 9. */
export function districtOfCode(code: string): DistrictInfo | undefined {
  return districtByCode.get(code);
}

/** Normalises a district code argument, or throws UNKNOWN_DISTRICT naming the field. */
export function requireDistrictCode(raw: string, field: string): string {
  refuseControlCharacters(raw, field);
  const code = raw.trim().toUpperCase();
  if (districtByCode.has(code)) return code;
  throw userError(
    ErrorCode.UNKNOWN_DISTRICT,
    `${quoteInput(raw)} is not the ONS code of a district in Staffordshire or Stoke-on-Trent (e.g. E07000197 for Stafford). The districts query lists all 9.`,
    { field },
  );
}
