// The coverage table of the help question: realistic questions a Staffordshire business asks
// (crime type × place × sector × size × urgency, with the border postcodes partners reported),
// and for each what must come first, what must be in the answer and what must not. The
// expectations come from what such a business should be told (police.uk, Report Fraud, the
// partners' own sites), not from the hub's code. tests/e2e/helpCoverage.e2e.test.ts asks each one
// through the gateway on PGlite and on PostgreSQL, and checks what every answer must keep.

export type Section = 'reportingRoutes' | 'supportOffers' | 'trainingSessions' | 'victimServices';

export interface CoverageBusiness {
  district?: string;
  postcode?: string;
  sector: string;
  size: string;
  rural?: boolean;
}

/**
 * An item is named by its id, or as `provider:<start of the provider's name>` for directory
 * items whose ids a partner may renumber.
 */
export type ItemRef = string;

export interface CoverageCase {
  /** The question in a business's words. */
  question: string;
  crimeType: string;
  business: CoverageBusiness;
  urgency?: 'EMERGENCY' | 'URGENT' | 'NON_EMERGENCY';
  /** The district the place resolves to. */
  district?: string;
  /** What each section must start with (one of the refs). */
  first?: Partial<Record<Section, ItemRef[]>>;
  /** What each section must include. */
  include?: Partial<Record<Section, ItemRef[]>>;
  /** What each section must not include. */
  exclude?: Partial<Record<Section, ItemRef[]>>;
  /** Pairs that must come in this order within their section, when both are present. */
  before?: { section: Section; first: ItemRef; then: ItemRef }[];
  /** Services that must not be in victimServices now but under a Victims' Code right. */
  underRights?: ItemRef[];
  /** The question is refused with this code (and, for an ambiguous place, these candidate districts). */
  error?: { code: string; field?: string; candidates?: string[] };
}

const STAFFORD = 'E07000197';
const STOKE = 'E06000021';
const CANNOCK = 'E07000192';
const EAST_STAFFS = 'E07000193';
const LICHFIELD = 'E07000194';
const NEWCASTLE = 'E07000195';
const SOUTH_STAFFS = 'E07000196';
const MOORLANDS = 'E07000198';
const TAMWORTH = 'E07000199';

/** Other partners' items that the Growth Hub directory once repeated as offers. */
const notSupportOffers = ['offer-report-fraud', 'offer-crimestoppers-anonymous', 'offer-victim-gateway', 'offer-victim-support-supportline', 'offer-necvcu-victim-care', 'offer-ncsc-report-phishing'];
/** Crime reduction partnerships, which are not victim services. */
const partnerships = ['pabcis-business-crime-partnerships', 'stoke-on-trent-bcrp'];
const witnessCare = 'staffordshire-witness-care-unit';
const reportFraudRoutes = ['report-fraud-online', 'report-fraud-phone'];
const localPoliceRoutes = ['police-online', 'police-101', 'police-live-chat'];

/**
 * Border sectors partners reported as wrongly refused: each is partly in one of our districts and
 * partly outside the area, so a postcode alone does not say which side a business is on.
 */
const borderSectors: [place: string, postcode: string, district: string, crimeType: string, sector: string][] = [
  ['Loggerheads', 'TF9 4AA', NEWCASTLE, 'burglary', 'OTHER'],
  ['Madeley', 'CW3 9AA', NEWCASTLE, 'vehicle-crime', 'OTHER'],
  ['Little Aston', 'B74 3AA', LICHFIELD, 'fraud', 'PROFESSIONAL_SERVICES'],
  ['Longnor', 'SK17 0AA', MOORLANDS, 'livestock-theft', 'AGRICULTURE'],
  ['Essington', 'WV11 2AA', SOUTH_STAFFS, 'shoplifting', 'RETAIL'],
  ['Stonnall', 'WS9 9AA', LICHFIELD, 'burglary', 'HOSPITALITY'],
  ['Mayfield', 'DE6 2AA', EAST_STAFFS, 'livestock-theft', 'AGRICULTURE'],
  ['Forton', 'TF10 8AA', STAFFORD, 'fuel-theft', 'AGRICULTURE'],
];

export const coverageCases: CoverageCase[] = [
  // Cyber crime: Report Fraud first; cyber-specific help before general alerts; live attacks go to the live line.
  {
    question: 'Our shop in Stafford was hit by ransomware last week. What help is there?',
    crimeType: 'cyber-ransomware',
    business: { postcode: 'ST16 2AB', sector: 'RETAIL', size: 'SMALL' },
    district: STAFFORD,
    first: { reportingRoutes: reportFraudRoutes },
    include: { supportOffers: ['offer-growth-hub-cyber-resilience', 'offer-wmcrc-membership'], victimServices: ['report-fraud-victim-service'] },
    exclude: { supportOffers: [...notSupportOffers, 'offer-pabcis-shopwatch'], victimServices: [witnessCare, ...partnerships] },
    before: [
      { section: 'supportOffers', first: 'offer-growth-hub-cyber-resilience', then: 'offer-police-smart-alert' },
      { section: 'supportOffers', first: 'offer-wmcrc-membership', then: 'offer-police-smart-alert' },
    ],
    underRights: [witnessCare],
  },
  {
    question: 'Ransomware is encrypting our files right now (small firm in Stafford).',
    crimeType: 'cyber-ransomware',
    business: { district: STAFFORD, sector: 'PROFESSIONAL_SERVICES', size: 'SMALL' },
    urgency: 'URGENT',
    first: { reportingRoutes: ['report-fraud-live-cyber-attack'] },
  },
  {
    question: 'Attackers are threatening our staff as well as our systems.',
    crimeType: 'cyber-ransomware',
    business: { district: LICHFIELD, sector: 'MANUFACTURING', size: 'MEDIUM' },
    urgency: 'EMERGENCY',
    first: { reportingRoutes: ['police-999'] },
  },
  {
    question: 'A phishing email reached our accounts team (Lichfield tech firm).',
    crimeType: 'cyber-phishing',
    business: { district: LICHFIELD, sector: 'DIGITAL_TECH', size: 'SMALL' },
    include: { reportingRoutes: ['ncsc-phishing-email', 'scam-text-7726'], supportOffers: ['offer-growth-hub-cyber-resilience'] },
    exclude: { supportOffers: notSupportOffers },
  },
  {
    question: 'Our website is under a denial-of-service attack (large finance firm, Stafford).',
    crimeType: 'cyber-ddos',
    business: { postcode: 'ST16 1AA', sector: 'FINANCE_INSURANCE', size: 'LARGE' },
    urgency: 'URGENT',
    first: { reportingRoutes: ['report-fraud-live-cyber-attack'] },
    include: { supportOffers: ['offer-wmrocu-board-exercise'] },
    exclude: { supportOffers: ['offer-growth-hub-cyber-essentials', 'offer-fsb-cyber-helpline'] },
  },
  {
    question: 'Customer data was stolen from our systems (medium manufacturer, East Staffordshire).',
    crimeType: 'cyber-data-breach',
    business: { district: EAST_STAFFS, sector: 'MANUFACTURING', size: 'MEDIUM' },
    first: { reportingRoutes: reportFraudRoutes },
    include: { supportOffers: ['offer-wmrocu-cyberalarm'] },
    before: [{ section: 'supportOffers', first: 'offer-wmrocu-cyberalarm', then: 'offer-police-smart-alert' }],
  },
  // Fraud: Report Fraud, local trading standards for the right council.
  {
    question: 'We paid a supplier invoice into a fraudster’s account (Newcastle-under-Lyme accountants).',
    crimeType: 'payment-diversion-fraud',
    business: { postcode: 'ST5 1AA', sector: 'PROFESSIONAL_SERVICES', size: 'MEDIUM' },
    district: NEWCASTLE,
    first: { reportingRoutes: reportFraudRoutes },
    include: { supportOffers: ['offer-chambers-counter-fraud', 'offer-scc-trading-standards'], victimServices: ['report-fraud-victim-service'] },
    exclude: { supportOffers: ['offer-stoke-trading-standards', ...notSupportOffers], victimServices: [witnessCare] },
    underRights: [witnessCare],
  },
  {
    question: 'A charity shop in Stoke was defrauded by a fake supplier.',
    crimeType: 'fraud',
    business: { postcode: 'ST1 1AA', sector: 'CHARITY_COMMUNITY', size: 'MICRO' },
    district: STOKE,
    first: { reportingRoutes: reportFraudRoutes },
    include: { supportOffers: ['offer-stoke-trading-standards', 'provider:Citizens Advice Staffordshire North'] },
    exclude: { supportOffers: ['offer-scc-trading-standards'] },
  },
  {
    question: 'A sole trader in Cannock lost money to a scam.',
    crimeType: 'fraud',
    business: { district: CANNOCK, sector: 'OTHER', size: 'MICRO' },
    include: { supportOffers: ['offer-scc-trading-standards'] },
    exclude: { supportOffers: ['offer-stoke-trading-standards', 'provider:Citizens Advice Staffordshire North'] },
  },
  // Shop theft and violence: local police routes, Shopwatch, the town's own schemes only.
  {
    question: 'We keep losing stock to shoplifters (small shop, Tamworth).',
    crimeType: 'shoplifting',
    business: { postcode: 'B79 7AA', sector: 'RETAIL', size: 'SMALL' },
    district: TAMWORTH,
    first: { reportingRoutes: localPoliceRoutes },
    include: { supportOffers: ['offer-pabcis-shopwatch'] },
    exclude: {
      reportingRoutes: reportFraudRoutes,
      supportOffers: ['offer-burton-bid-safety', 'offer-stoke-city-centre-safety', ...notSupportOffers],
      victimServices: [...partnerships, witnessCare],
    },
    before: [
      { section: 'supportOffers', first: 'offer-pabcis-shopwatch', then: 'offer-police-smart-alert' },
      { section: 'reportingRoutes', first: 'police-101', then: 'police-999' },
    ],
  },
  {
    question: 'A shoplifter is in the shop now and won’t leave (Burton).',
    crimeType: 'shoplifting',
    business: { postcode: 'DE14 1AA', sector: 'RETAIL', size: 'MICRO' },
    urgency: 'URGENT',
    district: EAST_STAFFS,
    first: { reportingRoutes: ['police-999'] },
    include: { supportOffers: ['offer-burton-bid-safety', 'offer-pabcis-shopwatch'] },
  },
  {
    question: 'Shoplifting in a Stafford supermarket (large retailer).',
    crimeType: 'shoplifting',
    business: { district: STAFFORD, sector: 'RETAIL', size: 'LARGE' },
    exclude: { supportOffers: ['offer-burton-bid-safety', 'offer-stoke-city-centre-safety'] },
  },
  {
    question: 'Our staff were threatened with a knife in a robbery (Stoke takeaway) — the robber is outside.',
    crimeType: 'robbery',
    business: { postcode: 'ST4 1AA', sector: 'HOSPITALITY', size: 'SMALL' },
    urgency: 'EMERGENCY',
    district: STOKE,
    first: { reportingRoutes: ['police-999'] },
    include: { supportOffers: ['offer-commissioner-staff-safety'] },
  },
  {
    question: 'A customer assaulted a member of bar staff last night (Stoke pub).',
    crimeType: 'violent-crime',
    business: { district: STOKE, sector: 'HOSPITALITY', size: 'SMALL' },
    first: { reportingRoutes: localPoliceRoutes },
    include: { supportOffers: ['offer-pabcis-pubwatch', 'offer-commissioner-staff-safety'], victimServices: ['staffordshire-victim-gateway'] },
    exclude: { victimServices: [...partnerships, witnessCare] },
    underRights: [witnessCare],
  },
  {
    question: 'Racist abuse was shouted at our staff and graffiti left on the shutters (Stoke café).',
    crimeType: 'hate-crime',
    business: { postcode: 'ST1 3AA', sector: 'HOSPITALITY', size: 'MICRO' },
    district: STOKE,
    include: { reportingRoutes: ['true-vision-online'], victimServices: ['staffordshire-victim-gateway'] },
    exclude: { victimServices: [...partnerships, witnessCare] },
  },
  {
    question: 'Someone is smashing our windows right now (Lichfield shop).',
    crimeType: 'criminal-damage-arson',
    business: { district: LICHFIELD, sector: 'RETAIL', size: 'SMALL' },
    urgency: 'URGENT',
    first: { reportingRoutes: ['police-999'] },
  },
  {
    question: 'Our bin store was set alight overnight (Lichfield hotel).',
    crimeType: 'criminal-damage-arson',
    business: { district: LICHFIELD, sector: 'HOSPITALITY', size: 'MEDIUM' },
    include: { supportOffers: ['offer-fire-arson-risk'] },
    before: [{ section: 'supportOffers', first: 'offer-fire-arson-risk', then: 'offer-police-smart-alert' }],
  },
  {
    question: 'An employee has been stealing from the till (Burton retailer).',
    crimeType: 'theft-by-employee',
    business: { postcode: 'DE14 2AA', sector: 'RETAIL', size: 'MEDIUM' },
    district: EAST_STAFFS,
    include: { supportOffers: ['offer-pabcis-intelligence'] },
  },
  {
    question: 'Vans broken into at our depot (large haulier, East Staffordshire).',
    crimeType: 'vehicle-crime',
    business: { district: EAST_STAFFS, sector: 'TRANSPORT_LOGISTICS', size: 'LARGE' },
    include: { supportOffers: ['offer-police-designing-out-crime'] },
    exclude: { supportOffers: ['offer-police-rural-crime', 'offer-nfu-rural-crime'] },
  },
  // Farms and rural businesses: rural help whether or not the farm says it is rural; not when it says it is not.
  {
    question: 'A tractor was stolen from our farm near Leek (the farm did not say it is rural).',
    crimeType: 'farm-machinery-theft',
    business: { district: MOORLANDS, sector: 'AGRICULTURE', size: 'MICRO' },
    include: { supportOffers: ['offer-police-rural-crime', 'offer-nfu-rural-crime'], victimServices: ['staffordshire-police-rural-crime'] },
    before: [{ section: 'supportOffers', first: 'offer-police-rural-crime', then: 'offer-police-smart-alert' }],
  },
  {
    question: 'Sheep taken from a farm near Longnor.',
    crimeType: 'livestock-theft',
    business: { postcode: 'SK17 0AA', district: MOORLANDS, sector: 'AGRICULTURE', size: 'MICRO' },
    district: MOORLANDS,
    include: { supportOffers: ['offer-police-rural-crime', 'offer-nfu-rural-crime'], victimServices: ['staffordshire-police-rural-crime'] },
  },
  {
    question: 'Diesel stolen from a farm that says it is not rural (a city farm in Stoke).',
    crimeType: 'fuel-theft',
    business: { district: STOKE, sector: 'AGRICULTURE', size: 'MICRO', rural: false },
    exclude: { supportOffers: ['offer-police-rural-crime', 'offer-nfu-rural-crime'], victimServices: ['staffordshire-police-rural-crime'] },
  },
  {
    question: 'Copper cable stolen from a building site (South Staffordshire).',
    crimeType: 'metal-theft',
    business: { district: SOUTH_STAFFS, sector: 'CONSTRUCTION', size: 'SMALL', rural: true },
    include: { supportOffers: ['offer-police-designing-out-crime'] },
    exclude: { supportOffers: ['offer-police-rural-crime', 'offer-nfu-rural-crime'] },
  },
  // Border postcodes reported by partners: in the area, in the right district; outside refused.
  { question: 'Burglary at a shop in Perton.', crimeType: 'burglary', business: { postcode: 'WV6 7AA', sector: 'RETAIL', size: 'SMALL' }, district: SOUTH_STAFFS },
  { question: 'Metal theft at a Featherstone yard.', crimeType: 'metal-theft', business: { postcode: 'WV10 7AA', sector: 'MANUFACTURING', size: 'SMALL' }, district: SOUTH_STAFFS },
  {
    question: 'Shoplifting in Armitage (north of Lichfield, not Rugeley).',
    crimeType: 'shoplifting',
    business: { postcode: 'WS15 4AA', sector: 'RETAIL', size: 'MICRO' },
    district: LICHFIELD,
    exclude: { supportOffers: ['offer-burton-bid-safety', 'offer-stoke-city-centre-safety'] },
  },
  { question: 'Burglary at an Alrewas business.', crimeType: 'burglary', business: { postcode: 'DE13 7AA', sector: 'OTHER', size: 'SMALL' }, district: LICHFIELD },
  {
    question: 'A business in Alsager (Cheshire East) asks about burglary.',
    crimeType: 'burglary',
    business: { postcode: 'ST7 2AA', sector: 'RETAIL', size: 'SMALL' },
    error: { code: 'POSTCODE_OUTSIDE_AREA', field: 'business.postcode' },
  },
  {
    question: 'A business in Polesworth (North Warwickshire) asks about fraud.',
    crimeType: 'fraud',
    business: { postcode: 'B78 1AA', sector: 'RETAIL', size: 'SMALL' },
    error: { code: 'POSTCODE_OUTSIDE_AREA', field: 'business.postcode' },
  },
  {
    question: 'A Wolverhampton city-centre shop asks about shoplifting.',
    crimeType: 'shoplifting',
    business: { postcode: 'WV1 1AA', sector: 'RETAIL', size: 'SMALL' },
    error: { code: 'POSTCODE_OUTSIDE_AREA', field: 'business.postcode' },
  },
  // Sectors that straddle the county boundary: the hub does not guess; it asks which district, and takes the answer.
  ...borderSectors.flatMap(([place, postcode, district, crimeType, sector]): CoverageCase[] => [
    {
      question: `${crimeType} at a ${sector.toLowerCase()} business in ${place}, postcode only`,
      crimeType,
      business: { postcode, sector, size: 'MICRO' },
      error: { code: 'AMBIGUOUS_POSTCODE', field: 'business.postcode', candidates: [district] },
    },
    { question: `${crimeType} at a ${sector.toLowerCase()} business in ${place}, district given`, crimeType, business: { postcode, district, sector, size: 'MICRO' }, district },
  ]),
];
