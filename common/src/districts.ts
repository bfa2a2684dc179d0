// The 9 local authority districts the hub serves, by ONS code. Reference data every partner
// shares (like an enum): the police subgraph owns the District entity and its details.
import { ErrorCode, userError } from './errors.ts';

export const districts = [
  { code: 'E07000192', name: 'Cannock Chase', area: 'Staffordshire' },
  { code: 'E07000193', name: 'East Staffordshire', area: 'Staffordshire' },
  { code: 'E07000194', name: 'Lichfield', area: 'Staffordshire' },
  { code: 'E07000195', name: 'Newcastle-under-Lyme', area: 'Staffordshire' },
  { code: 'E07000196', name: 'South Staffordshire', area: 'Staffordshire' },
  { code: 'E07000197', name: 'Stafford', area: 'Staffordshire' },
  { code: 'E07000198', name: 'Staffordshire Moorlands', area: 'Staffordshire' },
  { code: 'E07000199', name: 'Tamworth', area: 'Staffordshire' },
  { code: 'E06000021', name: 'Stoke-on-Trent', area: 'Stoke-on-Trent' },
] as const;

const districtCodes = new Set<string>(districts.map((d) => d.code));

/** Normalises a district code argument, or throws UNKNOWN_DISTRICT naming the field. */
export function requireDistrictCode(raw: string, field: string): string {
  const code = raw.trim().toUpperCase();
  if (districtCodes.has(code)) return code;
  throw userError(
    ErrorCode.UNKNOWN_DISTRICT,
    `"${raw}" is not the ONS code of a district in Staffordshire or Stoke-on-Trent (e.g. E07000197 for Stafford). The districts query lists all 9.`,
    { field },
  );
}
