// Ranking one section of a help answer (reporting routes, support offers, training sessions,
// victim services): every partner ranks its own items by the same rules, says why each item is
// there, keeps one item per service, and pages the ranked list the way every list in the graph
// pages (a keyset cursor, never an offset). The lists are short (tens of items, read in one query
// per question by a DataLoader), so ranking and paging happen in memory.
import { decodeCursor, encodeCursor, parseCursor, type Connection, type KeyColumn, type PageArgs } from './connections.ts';
import { ErrorCode, userError } from './errors.ts';
import { districtOfCode, districts } from './districts.ts';
import { crimeTypeTerms } from './oruk/taxonomy.ts';
import { requireCount } from './validation.ts';

/** Which part of the question an item matches (the schema's `HelpReasonKind`). */
export type HelpReasonKind = 'CRIME_TYPE' | 'SECTOR' | 'SIZE' | 'AREA' | 'RURAL' | 'URGENCY';

/** Why an item is in a help answer (the schema's `HelpReason`). */
export interface HelpReason {
  kind: HelpReasonKind;
  text: string;
}

/** How wide an area a service covers (the schema's `ServiceScope`), narrowest first. */
export type ServiceScope = 'LOCAL' | 'COUNTY' | 'REGIONAL' | 'NATIONAL';

/** Local before national: the score of each scope (higher ranks first). */
export const scopeScore: Record<ServiceScope, number> = { LOCAL: 3, COUNTY: 2, REGIONAL: 1, NATIONAL: 0 };

/**
 * How one item fits the question. `score` values are compared in order, higher first (e.g.
 * [crime-specific, scope, sector, size]); `order` breaks ties in the partner's own order, lower
 * first, and must end in the item's unique id so that the order (and the cursor) is total.
 */
export interface HelpFit {
  score: readonly number[];
  order: readonly (string | number)[];
  reasons: HelpReason[];
}

/** An item of a ranked section: the record with why it is shown, and its place in the order. */
export type Ranked<T> = T & { reasons: HelpReason[]; rankKey: (string | number)[] };

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Ranks a section: items `fit` returns null for are left out; items with the same `sameService`
 * key (the same organisation's same service) are one item, the best-ranked kept. Returns new
 * objects (the records themselves, e.g. DataLoader-cached rows, are not changed).
 */
export function rankHelpItems<T extends object>(items: readonly T[], fit: (item: T) => HelpFit | null, sameService?: (item: T) => string): Ranked<T>[] {
  const ranked: Ranked<T>[] = [];
  for (const item of items) {
    const f = fit(item);
    if (!f) continue;
    ranked.push({ ...item, reasons: f.reasons, rankKey: [...f.score.map((s) => -s), ...f.order] });
  }
  ranked.sort((a, b) => compareKeys(a.rankKey, b.rankKey));
  if (!sameService) return ranked;
  const seen = new Set<string>();
  return ranked.filter((item) => {
    const key = sameService(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A normalised "same service" key: the provider and the name, case, spacing and punctuation aside. */
export function serviceKey(providerId: string, name: string): string {
  return `${providerId}|${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()}`;
}

/** The most items a section's `first` may ask for. */
export const maxHelpSectionItems = 50;

/** The top `first` items of a ranked section (all, up to the cap, when `first` is absent); BAD_USER_INPUT when out of range. */
export function topHelpItems<T>(ranked: readonly Ranked<T>[], first: number | null | undefined): Ranked<T>[] {
  const count = requireCount(first, 'first', { fallback: maxHelpSectionItems, max: maxHelpSectionItems });
  return ranked.slice(0, count);
}

/**
 * Checks a section's `first` and the form of its `after` before any query runs (BAD_USER_INPUT
 * naming the field): a count out of range, or a cursor that is not one the hub gives out, costs no
 * database work. Whether the cursor fits this section is checked when the page is cut.
 */
export function requireHelpPage(args: PageArgs, { fallback = maxHelpSectionItems }: { fallback?: number } = {}): void {
  requireCount(args.first, 'first', { fallback, max: maxHelpSectionItems });
  if (args.after == null) return;
  const values = parseCursor(args.after);
  if (values.length === 0 || !values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) {
    throw userError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor this list gave out; start again without after.', { field: 'after' });
  }
}

/**
 * A page of a ranked section as a connection: the cursor holds the rank key of the last item
 * (keyset, as every list in the graph pages), so the next page starts after it even when the
 * directory changed in between. `first` 1 to 50, default 5; a cursor this section did not give
 * out is BAD_USER_INPUT (field `after`).
 */
export function helpConnection<T>(ranked: readonly Ranked<T>[], args: PageArgs, { fallback = 5 }: { fallback?: number } = {}): Connection<Ranked<T>> {
  const first = requireCount(args.first, 'first', { fallback, max: maxHelpSectionItems });
  let start = 0;
  if (args.after != null) {
    // An empty section gave out no cursor, and has nothing after any.
    if (ranked.length === 0) return emptyAfter();
    // The cursor's shape must be the shape of this section's keys.
    const columns: KeyColumn[] = ranked[0]!.rankKey.map((value, i) => ({ field: String(i), direction: 'asc', type: typeof value === 'number' ? 'number' : 'string' }));
    const after = decodeCursor(args.after, columns) as (string | number)[];
    start = ranked.findIndex((item) => compareKeys(item.rankKey, after) > 0);
    if (start < 0) start = ranked.length;
  }
  const nodes = ranked.slice(start, start + first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.rankKey), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: start + first < ranked.length, hasPreviousPage: args.after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => ranked.length,
  };
}

function emptyAfter<T>(): Connection<T> {
  return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null }, totalCount: () => 0 };
}

// The words of the reasons, the same whichever partner ranks the item.
const crimeTypeLabels = new Map(crimeTypeTerms.map((term) => [term.code, term.label]));
const sectorWords: Record<string, string> = {
  AGRICULTURE: 'farms and agricultural businesses',
  MANUFACTURING: 'manufacturers',
  CONSTRUCTION: 'construction businesses',
  RETAIL: 'shops and retailers',
  WHOLESALE: 'wholesalers',
  HOSPITALITY: 'pubs, bars, restaurants and hotels',
  TRANSPORT_LOGISTICS: 'transport and logistics businesses',
  PROFESSIONAL_SERVICES: 'professional services firms',
  FINANCE_INSURANCE: 'finance and insurance businesses',
  DIGITAL_TECH: 'digital and technology businesses',
  HEALTH_CARE: 'health and care providers',
  EDUCATION: 'education providers',
  CREATIVE_LEISURE: 'creative and leisure businesses',
  CHARITY_COMMUNITY: 'charities and community organisations',
  OTHER: 'businesses in other sectors',
};
const sizeWords: Record<string, string> = {
  MICRO: 'micro businesses (under 10 staff)',
  SMALL: 'small businesses (10 to 49 staff)',
  MEDIUM: 'medium-sized businesses (50 to 249 staff)',
  LARGE: 'large businesses (250 staff or more)',
};

/** CRIME_TYPE: "For ransomware". */
export function crimeTypeReason(crimeTypeCode: string): HelpReason {
  const label = crimeTypeLabels.get(crimeTypeCode);
  return { kind: 'CRIME_TYPE', text: label ? `For ${label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase())}` : 'For this crime type' };
}

/** SECTOR: "For shops and retailers". */
export function sectorReason(sector: string): HelpReason {
  return { kind: 'SECTOR', text: `For ${sectorWords[sector] ?? 'businesses in this sector'}` };
}

/** SIZE: "For small businesses (10 to 49 staff)". */
export function sizeReason(size: string): HelpReason {
  return { kind: 'SIZE', text: `For ${sizeWords[size] ?? 'businesses of this size'}` };
}

/** AREA: "Covers Stafford" (local), "Across Staffordshire and Stoke-on-Trent", "Across the West Midlands", "National service". */
export function areaReason(scope: ServiceScope, districtCode: string): HelpReason {
  switch (scope) {
    case 'LOCAL':
      return { kind: 'AREA', text: `Covers ${districtOfCode(districtCode)?.name ?? 'your district'}` };
    case 'COUNTY':
      return { kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' };
    case 'REGIONAL':
      return { kind: 'AREA', text: 'Across the West Midlands' };
    case 'NATIONAL':
      return { kind: 'AREA', text: 'National service' };
  }
}

/** RURAL: "For rural businesses". */
export const ruralReason: HelpReason = { kind: 'RURAL', text: 'For rural businesses' };

/**
 * The scope of a service from the districts it covers (empty: no restriction) and whether it is
 * regional or national: all 9 districts (or none listed) is COUNTY, some of them LOCAL.
 */
export function scopeOfDistricts(districtCodes: readonly string[], wider?: 'REGIONAL' | 'NATIONAL' | null): ServiceScope {
  if (wider) return wider;
  const covered = new Set(districtCodes);
  return covered.size === 0 || districts.every((d) => covered.has(d.code)) ? 'COUNTY' : 'LOCAL';
}

/** AREA for a session or event held somewhere: "Online", or "In Stafford" for one held in the business's district. */
export function placeReason(online: boolean, districtCode: string | null): HelpReason {
  if (online || districtCode == null) return { kind: 'AREA', text: 'Online' };
  return { kind: 'AREA', text: `In ${districtOfCode(districtCode)?.name ?? 'your district'}` };
}
