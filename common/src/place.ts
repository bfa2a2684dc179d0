// Where a postcode is: which of the 9 districts, resolved at postcode-sector level (`WS15 4`)
// from common/data/postcode-sectors.json (its source, date, licence and method are in the file;
// `npm run data:postcodes -- <NSPL csv>` rebuilds it). The hub never guesses at a border: a
// sector split between districts, or one the data cannot confirm, resolves by its full postcode
// when the file lists it, and otherwise is `ambiguous` — the caller must say which district.
import { readFileSync } from 'node:fs';
import { districtOfCode, type DistrictInfo } from './districts.ts';
import { ErrorCode, userError } from './errors.ts';
import { quoteInput } from './quoteInput.ts';
import { refuseControlCharacters } from './validation.ts';

/** The ONS rural-urban class of a sector: RURAL, URBAN, or MIXED when its postcodes are both. */
export type RuralUrban = 'RURAL' | 'URBAN' | 'MIXED';

export interface PostcodeSector {
  /** Outward code, a space and the sector digit: `WS15 4`. */
  sector: string;
  /** ONS codes of every local authority the sector's postcodes fall in, most addresses first (ours and others). */
  districts: string[];
  status: 'confirmed' | 'uncertain';
  ruralUrban: RuralUrban | null;
  places: string;
}

export interface PostcodeSectorFile {
  source: string;
  sourceUrl: string;
  date: string;
  licence: string;
  attribution: string;
  method: string;
  sectors: PostcodeSector[];
  /** Full postcodes of split sectors and the local authority each is in. */
  postcodes: Record<string, string>;
}

export type Place =
  /** In one of the 9 districts, for certain. */
  | { kind: 'district'; district: DistrictInfo; sector: string; ruralUrban: RuralUrban | null }
  /** Possibly in any of `candidates` (ours only); `outsideToo` when it may also be outside the area. */
  | { kind: 'ambiguous'; candidates: DistrictInfo[]; sector: string; outsideToo: boolean; uncertain: boolean; ruralUrban: RuralUrban | null }
  /** Wholly outside Staffordshire and Stoke-on-Trent; `localAuthorities` are the ONS codes it is in, when known. */
  | { kind: 'outside'; sector: string; localAuthorities: string[] };

/** The path of the data file, for the build script and the README. */
export const postcodeSectorFilePath = new URL('../data/postcode-sectors.json', import.meta.url);

/** The data file, read once when the module loads. */
export const postcodeSectorFile: PostcodeSectorFile = JSON.parse(readFileSync(postcodeSectorFilePath, 'utf8')) as PostcodeSectorFile;

const sectorsByCode = new Map<string, PostcodeSector>(postcodeSectorFile.sectors.map((s) => [s.sector, s]));
const sectorsByOutward = new Map<string, PostcodeSector[]>();
for (const s of postcodeSectorFile.sectors) {
  const outward = s.sector.split(' ')[0]!;
  sectorsByOutward.set(outward, [...(sectorsByOutward.get(outward) ?? []), s]);
}

const postcodeOrOutward = /^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9])([A-Z]{2}))?$/;

/** Reads a full postcode (`ST16 2AB`) or an outward code (`ST16`); INVALID_POSTCODE naming the field otherwise. */
export function parsePostcode(raw: string, field: string): { outward: string; sector?: string; postcode?: string } {
  refuseControlCharacters(raw, field);
  const match = raw.length > 40 ? null : postcodeOrOutward.exec(raw.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match?.[1]) {
    throw userError(ErrorCode.INVALID_POSTCODE, `${quoteInput(raw)} is not a UK postcode. Give a full postcode such as "ST16 2AB" or its first part, "ST16".`, { field });
  }
  const outward = match[1];
  if (match[2] === undefined) return { outward };
  return { outward, sector: `${outward} ${match[2]}`, postcode: `${outward} ${match[2]}${match[3]}` };
}

const ours = (codes: readonly string[]): DistrictInfo[] => codes.map((code) => districtOfCode(code)).filter((d): d is DistrictInfo => d !== undefined);
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

function combinedRuralUrban(values: readonly (RuralUrban | null)[]): RuralUrban | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  const distinct = unique(values);
  return distinct.length === 1 ? distinct[0]! : 'MIXED';
}

/** Where one sector of the file is. */
function placeOfSector(s: PostcodeSector): Place {
  const candidates = ours(s.districts);
  if (candidates.length === 0) return { kind: 'outside', sector: s.sector, localAuthorities: s.districts };
  if (s.status === 'confirmed' && s.districts.length === 1) return { kind: 'district', district: candidates[0]!, sector: s.sector, ruralUrban: s.ruralUrban };
  return { kind: 'ambiguous', candidates, sector: s.sector, outsideToo: candidates.length < s.districts.length, uncertain: s.status === 'uncertain', ruralUrban: s.ruralUrban };
}

/** Where several sectors (an outward code's) are, taken together. */
function placeOfSectors(label: string, sectors: readonly PostcodeSector[]): Place {
  const places = sectors.map(placeOfSector);
  const candidates = unique(places.flatMap((p) => (p.kind === 'district' ? [p.district] : p.kind === 'ambiguous' ? p.candidates : [])));
  const ruralUrban = combinedRuralUrban(sectors.map((s) => s.ruralUrban));
  if (candidates.length === 0) return { kind: 'outside', sector: label, localAuthorities: unique(sectors.flatMap((s) => s.districts)) };
  if (places.every((p) => p.kind === 'district') && candidates.length === 1) return { kind: 'district', district: candidates[0]!, sector: label, ruralUrban };
  const outsideToo = places.some((p) => p.kind === 'outside' || (p.kind === 'ambiguous' && p.outsideToo));
  const uncertain = places.some((p) => p.kind === 'ambiguous' && p.uncertain);
  return { kind: 'ambiguous', candidates, sector: label, outsideToo, uncertain, ruralUrban };
}

/**
 * Where a postcode (`WS15 4AB`) or an outward code (`WS15`) is. A full postcode resolves by its
 * sector: wholly in one of our districts and confirmed → that district; split or uncertain → the
 * full postcode if the file lists it, else ambiguous; wholly outside → outside. A sector the file
 * lacks is ambiguous over its outward code's districts (outside when there are none of ours). An
 * outward code alone is a district only when all its sectors agree. INVALID_POSTCODE when malformed.
 */
export function placeOfPostcode(raw: string, field = 'postcode'): Place {
  return placeOfParts(parsePostcode(raw, field));
}

function placeOfParts({ outward, sector, postcode }: { outward: string; sector?: string; postcode?: string }): Place {
  const siblings = sectorsByOutward.get(outward) ?? [];
  if (sector === undefined) return siblings.length === 0 ? { kind: 'outside', sector: outward, localAuthorities: [] } : placeOfSectors(outward, siblings);
  const known = sectorsByCode.get(sector);
  if (!known) {
    if (siblings.length === 0) return { kind: 'outside', sector, localAuthorities: [] };
    const place = placeOfSectors(sector, siblings);
    // The file does not know this sector: never a certain district, however its siblings agree.
    return place.kind === 'district' ? { kind: 'ambiguous', candidates: [place.district], sector, outsideToo: true, uncertain: true, ruralUrban: null } : place;
  }
  const place = placeOfSector(known);
  if (place.kind !== 'ambiguous') return place;
  const exact = postcode === undefined ? undefined : postcodeSectorFile.postcodes[postcode];
  if (exact === undefined) return place;
  const district = districtOfCode(exact);
  return district ? { kind: 'district', district, sector, ruralUrban: known.ruralUrban } : { kind: 'outside', sector, localAuthorities: [exact] };
}

/**
 * Where a postcode sector (`WS15 4`), an outward code (`WS15`) or a full postcode's sector is,
 * by sector only (never by the full postcode); with whether the file marks it uncertain.
 * INVALID_POSTCODE naming the field when it is none of those.
 */
export function placeOfPostcodeSector(raw: string, field = 'sector'): { place: Place; uncertain: boolean } {
  refuseControlCharacters(raw, field);
  const text = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  // Without a space, `WS13` is the outward code WS13, not the sector WS1 3: a sector needs its space then.
  const outwardOnly = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(text);
  const match = raw.length > 40 || outwardOnly ? null : /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])$/.exec(text);
  const parts = match ? { outward: match[1]!, sector: `${match[1]} ${match[2]}` } : parsePostcode(raw, field);
  const place = placeOfParts({ outward: parts.outward, ...(parts.sector === undefined ? {} : { sector: parts.sector }) });
  const known = parts.sector === undefined ? undefined : sectorsByCode.get(parts.sector);
  const uncertain = place.kind === 'ambiguous' ? place.uncertain : known?.status === 'uncertain';
  return { place, uncertain };
}

/** One postcode sector as the file has it (`WS15 4`, any case and spacing), or undefined. */
export function postcodeSector(raw: string): PostcodeSector | undefined {
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])$/.exec(raw.trim().toUpperCase().replace(/\s+/g, ' '));
  return match ? sectorsByCode.get(`${match[1]} ${match[2]}`) : undefined;
}

const named = (d: DistrictInfo) => `${d.name} (${d.code})`;

/** "A", "A and B", "A, B and C". */
function listed(items: readonly string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** AMBIGUOUS_POSTCODE for an ambiguous place: names the sector and the candidate districts with their codes. */
export function ambiguousPostcodeError(place: Extract<Place, { kind: 'ambiguous' }>, field: string, districtField: string) {
  const names = place.candidates.map(named);
  const message =
    place.uncertain || place.outsideToo || place.candidates.length === 1
      ? `The hub cannot tell which district "${place.sector}" is in: it may be ${listed([...names, ...(place.outsideToo ? ['outside Staffordshire and Stoke-on-Trent'] : [])], 'or')}. Give ${districtField} too.`
      : `"${place.sector}" is split between ${listed(names)}: give ${districtField} too.`;
  return userError(ErrorCode.AMBIGUOUS_POSTCODE, message, {
    field,
    extensions: { candidates: place.candidates.map((d) => ({ code: d.code, name: d.name })), sector: place.sector, outsideToo: place.outsideToo },
  });
}

/** POSTCODE_OUTSIDE_AREA for a place wholly outside the area. */
export function outsideAreaError(postcode: string, place: Extract<Place, { kind: 'outside' }>, field: string) {
  return userError(
    ErrorCode.POSTCODE_OUTSIDE_AREA,
    `Postcode ${quoteInput(postcode)} (${place.sector}) is outside Staffordshire and Stoke-on-Trent; the hub serves businesses there only. Each district in the districts query lists its postcodeDistricts.`,
    { field },
  );
}

/**
 * The district a business is in, from its postcode and the district it gives (either may be
 * missing, not both). With a postcode: outside the area → POSTCODE_OUTSIDE_AREA; a district given
 * must be the postcode's district or one of its candidates (BAD_USER_INPUT on the district field
 * saying where the postcode is); with no district, an ambiguous postcode → AMBIGUOUS_POSTCODE.
 * `districtCode` must already be one of the 9 (requireDistrictCode).
 */
export function districtOfBusinessPlace(
  place: Place,
  postcode: string,
  districtCode: string | undefined,
  fields: { postcode: string; district: string },
): { districtCode: string; ruralUrban: RuralUrban | null } {
  if (place.kind === 'outside') throw outsideAreaError(postcode, place, fields.postcode);
  const candidates = place.kind === 'district' ? [place.district] : place.candidates;
  if (districtCode === undefined) {
    if (place.kind === 'ambiguous') throw ambiguousPostcodeError(place, fields.postcode, fields.district);
    return { districtCode: place.district.code, ruralUrban: place.ruralUrban };
  }
  if (candidates.some((d) => d.code === districtCode)) return { districtCode, ruralUrban: place.ruralUrban };
  const given = districtOfCode(districtCode);
  const where = place.kind === 'district' ? `is in ${named(place.district)}` : `(sector ${place.sector}) is in ${listed(candidates.map(named), 'or')}`;
  throw userError(
    ErrorCode.BAD_USER_INPUT,
    `Postcode ${postcode} ${where}, not ${given ? named(given) : districtCode}: give the district the postcode is in, or leave ${fields.district} out${place.kind === 'district' ? ' and it is taken from the postcode' : ''}.`,
    { field: fields.district, extensions: { candidates: candidates.map((d) => ({ code: d.code, name: d.name })) } },
  );
}
