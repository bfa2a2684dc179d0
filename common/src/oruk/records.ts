// What the support and victims mappings share: the shape of the records the hub publishes, and
// the pieces both directions of both directories build and read the same way — hub terms as
// attributes, districts as service areas, phones, the list form of a service, the hub's local
// properties. A subgraph's own mapping (subgraphs/<name>/src/oruk/) does the rest.
import { districtOfCode, districts } from '../districts.ts';
import { orukId } from './ids.ts';
import { hubTaxonomies, hubTermById, termId, termRecord, type HubTaxonomyKey, type OrukTaxonomyTerm } from './taxonomy.ts';

export interface OrukAttribute {
  id: string;
  link_id: string;
  link_type: string;
  taxonomy_term_id: string;
  taxonomy_term: OrukTaxonomyTerm;
}

export interface OrukServiceArea {
  id: string;
  service_id: string;
  name: string;
  service_area: string;
  uri: string;
}

/** HSDS 3.0's phone (the UK profile has none; extra properties are allowed). */
export interface OrukPhone {
  id: string;
  number: string;
}

export interface OrukSchedule {
  id: string;
  service_id: string;
  description: string;
}

/**
 * An organisation. `bch_id` is a local property (UK profile compliance allows supplier-specific
 * properties): the hub's own id, which the ORUK `id` is derived from (see ids.ts).
 */
export interface OrukOrganization {
  id: string;
  bch_id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  phones?: OrukPhone[];
  attributes: OrukAttribute[];
}

/**
 * A fully nested service. Beyond the UK profile: `fees_description`, `application_process` and
 * `phones` are HSDS 3.0 fields the profile leaves out; `bch_id` and `bch_organization_id` are the
 * hub's local properties (its ids of the service and of its provider).
 */
export interface OrukService {
  id: string;
  bch_id: string;
  organization_id: string;
  bch_organization_id: string;
  name: string;
  description: string;
  url?: string;
  email?: string;
  status: 'active' | 'inactive';
  fees_description?: string;
  application_process?: string;
  organization?: OrukOrganization;
  service_areas: OrukServiceArea[];
  phones?: OrukPhone[];
  schedules?: OrukSchedule[];
  attributes: OrukAttribute[];
}

const taxonomiesByKey = new Map(hubTaxonomies.map((taxonomy) => [taxonomy.key as string, taxonomy]));

/** The attributes linking a record to hub terms, in the order given. */
export function attributesFor(linkId: string, terms: [HubTaxonomyKey, string][]): OrukAttribute[] {
  return terms.map(([key, code]) => {
    const taxonomy = taxonomiesByKey.get(key)!;
    const term = taxonomy.terms.find((candidate) => candidate.code === code);
    if (!term) throw new Error(`${code} is not a term of ${key}`);
    return {
      id: orukId('attribute', `${linkId}/${key}/${code}`),
      link_id: linkId,
      link_type: taxonomy.linkType,
      taxonomy_term_id: termId(key, code),
      taxonomy_term: termRecord(taxonomy, term),
    };
  });
}

/** The ONS statistical geography URI of a district: a persistent identifier of the area. */
export const onsAreaUri = (code: string): string => `http://statistics.data.gov.uk/id/statistical-geography/${code}`;

/** One service area per district, by ONS code, in the order of the 9 districts. */
export function serviceAreasFor(serviceId: string, codes: readonly string[]): OrukServiceArea[] {
  const wanted = new Set(codes);
  return districts
    .filter((district) => wanted.has(district.code))
    .map((district) => ({
      id: orukId('service_area', `${serviceId}/${district.code}`),
      service_id: serviceId,
      name: district.name,
      service_area: `${district.name} (${district.area === district.name ? 'unitary authority' : 'district of Staffordshire'})`,
      uri: onsAreaUri(district.code),
    }));
}

export const allDistrictCodes: string[] = districts.map((district) => district.code);

export function phonesFor(linkId: string, number: string | null | undefined): OrukPhone[] | undefined {
  return number ? [{ id: orukId('phone', `${linkId}/${number}`), number }] : undefined;
}

/** Drops the properties whose value is undefined, so exports compare and print the same. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** A service as a `/services` page lists it: its one-to-one fields and its organisation's. */
export function serviceListItem(service: OrukService): Record<string, unknown> {
  const { service_areas: _areas, phones: _phones, schedules: _schedules, attributes: _attributes, organization, ...scalars } = service;
  if (!organization) return scalars;
  const { phones: _orgPhones, attributes: _orgAttributes, ...orgScalars } = organization;
  return { ...scalars, organization: orgScalars };
}

// ---------------------------------------------------------------------------------------------
// Reading records from a feed (already valid against the schema)

export type FeedRecord = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** A string property, trimmed; undefined when absent or blank. */
export function textOf(record: FeedRecord, key: string): string | undefined {
  return text(record[key]);
}

/** The hub id a record carries (`bch_id`), else its ORUK id. */
export function localIdOf(record: FeedRecord): string {
  return text(record.bch_id) ?? String(record.id).toLowerCase();
}

/** The hub id of a service's provider: its embedded organisation's, `bch_organization_id`, or `organization_id`. */
export function providerIdOf(record: FeedRecord): string | undefined {
  const organization = record.organization;
  if (organization && typeof organization === 'object') return localIdOf(organization as FeedRecord);
  return text(record.bch_organization_id) ?? text(record.organization_id)?.toLowerCase();
}

/** The first phone number a record lists (HSDS 3.0 `phones`). */
export function phoneOf(record: FeedRecord): string | undefined {
  const phones = record.phones;
  if (!Array.isArray(phones)) return undefined;
  for (const phone of phones) {
    const number = phone && typeof phone === 'object' ? text((phone as FeedRecord).number) : undefined;
    if (number) return number;
  }
  return undefined;
}

/**
 * The districts a service's areas name, by the ONS code in the area's `uri` or by the district's
 * name; `undefined` when the service lists no areas. Any other area is a problem: the hub
 * serves the 9 districts of Staffordshire and Stoke-on-Trent only.
 */
export function districtsOf(record: FeedRecord, problems: string[]): string[] | undefined {
  const areas = record.service_areas;
  if (!Array.isArray(areas) || areas.length === 0) return undefined;
  const codes = new Set<string>();
  for (const area of areas as FeedRecord[]) {
    const uriCode = text(area.uri)?.split('/').pop()?.toUpperCase();
    const byName = [text(area.name), text(area.service_area)].filter(Boolean).map((name) => districts.find((d) => d.name.toLowerCase() === name!.toLowerCase()));
    const district = (uriCode ? districtOfCode(uriCode) : undefined) ?? byName.find(Boolean);
    if (district) codes.add(district.code);
    else
      problems.push(
        `unknown district: service area ${JSON.stringify(text(area.name) ?? text(area.uri) ?? area.id)} is not one of the 9 districts of Staffordshire and Stoke-on-Trent (give the district's name or its ONS code in uri)`,
      );
  }
  return allDistrictCodes.filter((code) => codes.has(code));
}

/**
 * The hub terms a record's attributes name, by taxonomy: a term is known by its `code`, its id,
 * or its label. Attributes of other taxonomies are not the hub's business and are left alone;
 * an unknown term of a hub taxonomy is a problem (e.g. an unknown crime type).
 */
export function hubTermsOf(record: FeedRecord, problems: string[]): Map<HubTaxonomyKey, string[]> {
  const found = new Map<HubTaxonomyKey, string[]>();
  const attributes = Array.isArray(record.attributes) ? (record.attributes as FeedRecord[]) : [];
  for (const attribute of attributes) {
    const term = (attribute.taxonomy_term && typeof attribute.taxonomy_term === 'object' ? attribute.taxonomy_term : {}) as FeedRecord;
    const byId = hubTermById(String(text(attribute.taxonomy_term_id) ?? text(term.id) ?? '').toLowerCase());
    const key = byId?.taxonomy ?? text(term.taxonomy);
    const taxonomy = key ? taxonomiesByKey.get(key) : undefined;
    if (!taxonomy) continue;
    const wanted = byId?.code ?? text(term.code) ?? text(term.term);
    const match = taxonomy.terms.find((candidate) => candidate.code === wanted || candidate.label.toLowerCase() === wanted?.toLowerCase());
    if (!match) {
      problems.push(`unknown ${taxonomy.key.replace(/^bch-/, '').replaceAll('-', ' ')}: ${JSON.stringify(wanted ?? attribute.id)} is not a term of ${taxonomy.key} (see /taxonomy_terms)`);
      continue;
    }
    const codes = found.get(taxonomy.key as HubTaxonomyKey) ?? [];
    if (!codes.includes(match.code)) codes.push(match.code);
    found.set(taxonomy.key as HubTaxonomyKey, codes);
  }
  return found;
}

/** Codes of a hub taxonomy in the taxonomy's own order (unknown ones last): exports list terms the same way every time. */
export function inTaxonomyOrder(key: HubTaxonomyKey, codes: readonly string[]): string[] {
  const order = taxonomiesByKey.get(key)!.terms.map((term) => term.code as string);
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Bounds on the text a feed may give one field: longer is refused, not cut. */
export const textLimits = { name: 300, description: 20_000, url: 2_000, email: 320, phone: 50, fees: 2_000, applicationProcess: 5_000, hours: 1_000 } as const;

/** A text field within its bound; a problem when it is too long, or missing and required. */
export function boundedText(value: string | undefined, field: string, max: number, problems: string[], required = false): string | undefined {
  if (value === undefined) {
    if (required) problems.push(`missing required field: ${field}`);
    return undefined;
  }
  if (value.length > max) {
    problems.push(`${field} is ${value.length} characters long, more than the ${max} the hub takes`);
    return undefined;
  }
  return value;
}

/** The codes of a hub taxonomy a record names, in the taxonomy's own order. */
export function orderedCodes(terms: Map<HubTaxonomyKey, string[]>, key: HubTaxonomyKey): string[] {
  const codes = new Set(terms.get(key) ?? []);
  return taxonomiesByKey
    .get(key)!
    .terms.map((term) => term.code)
    .filter((code) => codes.has(code));
}

/** The one term of a single-valued hub taxonomy (workstream, referral route), or a problem. */
export function singleTerm(terms: Map<HubTaxonomyKey, string[]>, key: HubTaxonomyKey, what: string, problems: string[]): string | undefined {
  const codes = terms.get(key) ?? [];
  if (codes.length === 1) return codes[0];
  problems.push(codes.length === 0 ? `missing required field: ${what} (an attribute with a ${key} term)` : `${what} must be one ${key} term, not ${codes.length} (${codes.join(', ')})`);
  return undefined;
}
