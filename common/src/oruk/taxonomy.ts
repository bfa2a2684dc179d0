// The hub's own taxonomies: how the hub files its directory (workstream, crime type, who is
// eligible, cost, audience, referral route, kind of organisation). Published at /taxonomies and
// /taxonomy_terms; a service carries its terms as `attributes`. Codes are the hub's enum values
// and crime type slugs; a term's `code` (HSDS 3.0) is what imports match, its `term` the label.
import { orukId } from './ids.ts';

export interface HubTerm {
  /** The hub's value: an enum name (`PREVENT`) or a crime type slug (`shoplifting`). */
  code: string;
  /** The label people read. */
  label: string;
}

export interface HubTaxonomy {
  /** The taxonomy's name in the feed (`taxonomy_term.taxonomy`), e.g. `bch-crime-type`. */
  key: string;
  name: string;
  description: string;
  /** The `link_type` of the attributes that use it (what the term says about the service). */
  linkType: 'category' | 'eligibility' | 'audience' | 'cost' | 'referral' | 'organization_type';
  terms: HubTerm[];
}

/**
 * The crime types the police subgraph lists (its seed, subgraphs/police/src/seedData.ts, owns
 * them; a test keeps this list equal to it), plus `any` for help that covers every crime type.
 */
export const crimeTypeTerms: HubTerm[] = [
  { code: 'shoplifting', label: 'Shoplifting' },
  { code: 'burglary', label: 'Burglary' },
  { code: 'robbery', label: 'Robbery' },
  { code: 'criminal-damage-arson', label: 'Criminal damage and arson' },
  { code: 'violent-crime', label: 'Violence and abuse against staff' },
  { code: 'public-order', label: 'Public order offences' },
  { code: 'anti-social-behaviour', label: 'Anti-social behaviour' },
  { code: 'vehicle-crime', label: 'Vehicle crime' },
  { code: 'other-theft', label: 'Other theft' },
  { code: 'metal-theft', label: 'Metal theft' },
  { code: 'theft-by-employee', label: 'Theft by an employee' },
  { code: 'farm-machinery-theft', label: 'Farm machinery and plant theft' },
  { code: 'livestock-theft', label: 'Livestock theft' },
  { code: 'fuel-theft', label: 'Fuel theft' },
  { code: 'hate-crime', label: 'Hate crime' },
  { code: 'fraud', label: 'Fraud' },
  { code: 'payment-diversion-fraud', label: 'Payment diversion fraud' },
  { code: 'cyber-ransomware', label: 'Ransomware' },
  { code: 'cyber-phishing', label: 'Phishing emails, texts and calls' },
  { code: 'cyber-hacking', label: 'Hacking and account takeover' },
  { code: 'cyber-ddos', label: 'Denial of service (DDoS) attack' },
  { code: 'cyber-data-breach', label: 'Data breach by criminals' },
];

/** The term of `bch-crime-type` that stands for every crime type. */
export const anyCrimeType = 'any';

export const hubTaxonomies = [
  {
    key: 'bch-workstream',
    name: 'Business Crime Hub workstreams',
    description: 'The three workstreams of the Staffordshire Business Crime Strategy a service belongs to.',
    linkType: 'category',
    terms: [
      { code: 'PREVENT', label: 'Prevent: stop crime happening' },
      { code: 'PREPARE', label: 'Prepare: be ready to respond and recover' },
      { code: 'PURSUE', label: 'Pursue: report, investigate and support victims' },
    ],
  },
  {
    key: 'bch-crime-type',
    name: 'Business Crime Hub crime types',
    description: 'The crime types a service helps with, by the crime type codes of the hub (data.police.uk style slugs).',
    linkType: 'category',
    terms: [{ code: anyCrimeType, label: 'Any crime type' }, ...crimeTypeTerms],
  },
  {
    key: 'bch-sector',
    name: 'Business Crime Hub business sectors',
    description: 'The business sectors (grouped from UK SIC 2007 sections) a service is limited to; a service with none serves every sector.',
    linkType: 'eligibility',
    terms: [
      { code: 'AGRICULTURE', label: 'Agriculture, forestry and fishing' },
      { code: 'MANUFACTURING', label: 'Manufacturing' },
      { code: 'CONSTRUCTION', label: 'Construction' },
      { code: 'RETAIL', label: 'Retail' },
      { code: 'WHOLESALE', label: 'Wholesale' },
      { code: 'HOSPITALITY', label: 'Hospitality: pubs, bars, restaurants and hotels' },
      { code: 'TRANSPORT_LOGISTICS', label: 'Transport and logistics' },
      { code: 'PROFESSIONAL_SERVICES', label: 'Professional services' },
      { code: 'FINANCE_INSURANCE', label: 'Finance and insurance' },
      { code: 'DIGITAL_TECH', label: 'Digital and technology' },
      { code: 'HEALTH_CARE', label: 'Health and care' },
      { code: 'EDUCATION', label: 'Education' },
      { code: 'CREATIVE_LEISURE', label: 'Creative industries and leisure' },
      { code: 'CHARITY_COMMUNITY', label: 'Charities and community organisations' },
      { code: 'OTHER', label: 'Other sectors' },
    ],
  },
  {
    key: 'bch-business-size',
    name: 'Business Crime Hub business sizes',
    description: 'The UK SME size bands (by headcount) a service is limited to; a service with none serves every size.',
    linkType: 'eligibility',
    terms: [
      { code: 'MICRO', label: 'Micro: fewer than 10 staff' },
      { code: 'SMALL', label: 'Small: 10 to 49 staff' },
      { code: 'MEDIUM', label: 'Medium: 50 to 249 staff' },
      { code: 'LARGE', label: 'Large: 250 staff or more' },
    ],
  },
  {
    key: 'bch-eligibility',
    name: 'Business Crime Hub further eligibility',
    description: 'Further conditions a business must meet to use a service.',
    linkType: 'eligibility',
    terms: [{ code: 'RURAL_ONLY', label: 'Rural businesses only' }],
  },
  {
    key: 'bch-cost',
    name: 'Business Crime Hub cost',
    description: 'Whether a service is free to the business; its fees_description says what it costs in words.',
    linkType: 'cost',
    terms: [
      { code: 'FREE', label: 'Free' },
      { code: 'CHARGED', label: 'Charged or membership needed' },
    ],
  },
  {
    key: 'bch-audience',
    name: 'Business Crime Hub audiences',
    description: 'Who a victim service supports.',
    linkType: 'audience',
    terms: [
      { code: 'BUSINESSES', label: 'Businesses, their owners and staff' },
      { code: 'INDIVIDUALS', label: 'Individual victims of crime' },
    ],
  },
  {
    key: 'bch-referral-route',
    name: 'Business Crime Hub referral routes',
    description: 'How a victim reaches a victim service.',
    linkType: 'referral',
    terms: [
      { code: 'SELF_REFERRAL', label: 'Self-referral' },
      { code: 'POLICE_REFERRAL', label: 'Referral by the police or Report Fraud' },
      { code: 'SELF_OR_POLICE', label: 'Self-referral or referral by the police' },
    ],
  },
  {
    key: 'bch-organization-kind',
    name: 'Business Crime Hub kinds of organisation',
    description: 'What kind of body an organisation in the directory is.',
    linkType: 'organization_type',
    terms: [
      { code: 'POLICE', label: 'Police' },
      { code: 'LOCAL_AUTHORITY', label: 'Local authority' },
      { code: 'GROWTH_HUB', label: 'Growth Hub' },
      { code: 'BUSINESS_ASSOCIATION', label: 'Business association' },
      { code: 'CRIME_PARTNERSHIP', label: 'Business crime partnership' },
      { code: 'CHARITY', label: 'Charity' },
      { code: 'GOVERNMENT', label: 'Central government' },
      { code: 'PUBLIC_SECTOR', label: 'Other public sector body' },
    ],
  },
  {
    key: 'bch-case-stage',
    name: 'Business Crime Hub case stages',
    description: 'When in a case a victim service applies, from straight after the crime to after the case.',
    linkType: 'eligibility',
    terms: [
      { code: 'AFTER_THE_CRIME', label: 'Any time after the crime, reported or not' },
      { code: 'AFTER_REPORTING', label: 'After the crime is reported' },
      { code: 'AFTER_A_CHARGE', label: 'After someone is charged' },
      { code: 'AT_COURT', label: 'At court' },
      { code: 'AFTER_THE_CASE', label: 'After the case' },
    ],
  },
  {
    key: 'bch-victims-code-right',
    name: "Business Crime Hub Victims' Code rights",
    description: 'The rights of the Code of Practice for Victims of Crime in England and Wales a victim service delivers, by their number in the Code.',
    linkType: 'category',
    terms: [
      { code: '1', label: 'Right 1: to understand and to be understood' },
      { code: '2', label: 'Right 2: to have the crime recorded without unjustified delay' },
      { code: '3', label: 'Right 3: to be given information when reporting' },
      { code: '4', label: 'Right 4: to be referred to support services' },
      { code: '5', label: 'Right 5: to be given information about compensation' },
      { code: '6', label: 'Right 6: to be told about the investigation and prosecution' },
      { code: '7', label: 'Right 7: to make a Victim Personal Statement' },
      { code: '8', label: 'Right 8: to be told about the trial and your role as a witness' },
      { code: '9', label: 'Right 9: to be told the outcome of the case and any appeal' },
      { code: '10', label: 'Right 10: to be paid expenses and have property returned' },
      { code: '11', label: 'Right 11: to be told about the offender after a conviction' },
      { code: '12', label: 'Right 12: to complain when your rights are not met' },
    ],
  },
] as const satisfies readonly HubTaxonomy[];

export type HubTaxonomyKey = (typeof hubTaxonomies)[number]['key'];

export const taxonomyId = (key: string): string => orukId('taxonomy', key);
export const termId = (key: string, code: string): string => orukId('taxonomy_term', `${key}/${code}`);

/** An HSDS taxonomy_term: the UK profile's fields, plus HSDS 3.0's `code` and `description`. */
export interface OrukTaxonomyTerm {
  id: string;
  taxonomy: string;
  taxonomy_id: string;
  term: string;
  code: string;
  description: string;
}

export interface OrukTaxonomy {
  id: string;
  name: string;
  description: string;
  version: string;
}

/** The version of the hub taxonomies, changed when a term is added, removed or relabelled: the date of the change. */
export const hubTaxonomyVersion = '2026-11-27';

export function taxonomyRecord(taxonomy: HubTaxonomy): OrukTaxonomy {
  return { id: taxonomyId(taxonomy.key), name: taxonomy.key, description: `${taxonomy.name}: ${taxonomy.description}`, version: hubTaxonomyVersion };
}

export function termRecord(taxonomy: HubTaxonomy, term: HubTerm): OrukTaxonomyTerm {
  return { id: termId(taxonomy.key, term.code), taxonomy: taxonomy.key, taxonomy_id: taxonomyId(taxonomy.key), term: term.label, code: term.code, description: `${taxonomy.name}: ${term.label}` };
}

/** Every term of every hub taxonomy, in a fixed order (the order of /taxonomy_terms). */
export const allTermRecords: OrukTaxonomyTerm[] = hubTaxonomies.flatMap((taxonomy) => taxonomy.terms.map((term) => termRecord(taxonomy, term)));
export const allTaxonomyRecords: OrukTaxonomy[] = hubTaxonomies.map((taxonomy) => taxonomyRecord(taxonomy));

const termsById = new Map(allTermRecords.map((record) => [record.id, record]));

/** The hub term with this ORUK id, if it is one. */
export function hubTermById(id: string): OrukTaxonomyTerm | undefined {
  return termsById.get(id);
}
