// Seed data for the support subgraph: partner organisations, their support offers and business profiles.
// The organisations and offers describe real bodies; every business below is obviously synthetic.
import type { BusinessSize, Prisma, Sector } from './generated/prisma/client.ts';

// --- Shared code lists -------------------------------------------------------------------------

const CANNOCK_CHASE = 'E07000192';
const EAST_STAFFORDSHIRE = 'E07000193';
const LICHFIELD = 'E07000194';
const NEWCASTLE_UNDER_LYME = 'E07000195';
const SOUTH_STAFFORDSHIRE = 'E07000196';
const STAFFORD = 'E07000197';
const STAFFORDSHIRE_MOORLANDS = 'E07000198';
const TAMWORTH = 'E07000199';
const STOKE_ON_TRENT = 'E06000021';

/** The eight districts served by Staffordshire County Council (everything except the city). */
const COUNTY_DISTRICTS: string[] = [
  CANNOCK_CHASE,
  EAST_STAFFORDSHIRE,
  LICHFIELD,
  NEWCASTLE_UNDER_LYME,
  SOUTH_STAFFORDSHIRE,
  STAFFORD,
  STAFFORDSHIRE_MOORLANDS,
  TAMWORTH,
];

/**
 * Districts with a PABCIS-accredited town or city centre partnership (Cannock/Rugeley, Burton/Uttoxeter,
 * Lichfield, Newcastle, Stafford/Stone, Leek/Cheadle/Biddulph, Tamworth, Stoke-on-Trent). South
 * Staffordshire has no town centre scheme.
 */
const PABCIS_DISTRICTS: string[] = [
  CANNOCK_CHASE,
  EAST_STAFFORDSHIRE,
  LICHFIELD,
  NEWCASTLE_UNDER_LYME,
  STAFFORD,
  STAFFORDSHIRE_MOORLANDS,
  TAMWORTH,
  STOKE_ON_TRENT,
];

const SMES: BusinessSize[] = ['MICRO', 'SMALL', 'MEDIUM'];
const MICRO_SMALL: BusinessSize[] = ['MICRO', 'SMALL'];

const ALL_CYBER: string[] = ['cyber-ransomware', 'cyber-phishing', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'];
const CYBER_AND_FRAUD: string[] = [...ALL_CYBER, 'fraud', 'payment-diversion-fraud'];

const NIGHT_TIME_ECONOMY: Sector[] = ['HOSPITALITY', 'CREATIVE_LEISURE'];

// --- Organisations -----------------------------------------------------------------------------

export const organizations: Prisma.OrganizationCreateManyInput[] = [
  {
    id: 'staffordshire-police',
    name: 'Staffordshire Police',
    description:
      'The police force for Staffordshire and Stoke-on-Trent. Neighbourhood teams, the rural and wildlife crime team and crime prevention officers work with businesses to prevent, report and investigate business crime.',
    kind: 'POLICE',
    url: 'https://www.staffordshire.police.uk',
    phone: '101',
  },
  {
    id: 'staffordshire-commissioner',
    name: "Staffordshire Commissioner's Office — Police, Fire and Rescue and Crime",
    description:
      "The office of the elected Staffordshire Commissioner, who sets the county's policing and fire priorities, owns the Staffordshire Business Crime Strategy and commissions victim services and business crime partnerships.",
    kind: 'PUBLIC_SECTOR',
    url: 'https://staffordshire-pfcc.gov.uk',
    phone: '01785 232385',
  },
  {
    id: 'growth-hub',
    name: 'Stoke-on-Trent & Staffordshire Growth Hub',
    description:
      'The free, impartial business support service for Stoke-on-Trent and Staffordshire: a business helpline, advisers and funded programmes, including cyber resilience support for small and medium-sized businesses.',
    kind: 'GROWTH_HUB',
    url: 'https://www.stokestaffsgrowthhub.co.uk',
    phone: '0300 111 8002',
  },
  {
    id: 'staffordshire-chambers',
    name: 'Staffordshire Chambers of Commerce',
    description:
      'The accredited chamber of commerce for Staffordshire and Stoke-on-Trent, offering members events, training, export documentation and business crime and cyber security workshops.',
    kind: 'BUSINESS_ASSOCIATION',
    url: 'https://www.staffordshirechambers.co.uk',
    phone: '01782 202222',
  },
  {
    id: 'fsb',
    name: 'Federation of Small Businesses, West Midlands',
    description:
      'The West Midlands region of the Federation of Small Businesses, the membership body for the self-employed and small firms; members get legal, tax and cyber security helplines and local representation.',
    kind: 'BUSINESS_ASSOCIATION',
    url: 'https://www.fsb.org.uk/regions/west-midlands',
  },
  {
    id: 'pabcis',
    name: 'PABCIS — Partners Against Business Crime in Staffordshire',
    description:
      "The county's business crime reduction partnership: the umbrella for the local Shopwatch and Pubwatch schemes, running their radio links, the shared offender intelligence system and the exclusion scheme with Staffordshire Police.",
    kind: 'CRIME_PARTNERSHIP',
    url: 'https://www.pabcis.co.uk',
  },
  {
    id: 'staffordshire-county-council',
    name: 'Staffordshire County Council',
    description:
      'The county council for the eight Staffordshire districts outside Stoke-on-Trent. Its Trading Standards service advises businesses on scams, fraud, counterfeit goods and age-restricted sales.',
    kind: 'LOCAL_AUTHORITY',
    url: 'https://www.staffordshire.gov.uk',
    phone: '0300 111 8000',
  },
  {
    id: 'stoke-on-trent-city-council',
    name: 'Stoke-on-Trent City Council',
    description:
      'The unitary council for the city of Stoke-on-Trent, including its Trading Standards, licensing and community safety teams.',
    kind: 'LOCAL_AUTHORITY',
    url: 'https://www.stoke.gov.uk',
    phone: '01782 234234',
  },
  {
    id: 'wmcrc',
    name: 'The Cyber Resilience Centre for the West Midlands',
    description:
      'A police-led, not-for-profit centre helping small and medium-sized businesses and charities in the West Midlands, Staffordshire included, to protect themselves from cyber crime: free membership plus affordable services.',
    kind: 'POLICE',
    url: 'https://www.wmcrc.co.uk',
  },
  {
    id: 'wmrocu',
    name: 'West Midlands Regional Organised Crime Unit — Regional Cyber Crime Unit',
    description:
      'The regional unit that investigates serious cyber crime for the four West Midlands forces, Staffordshire included; its Cyber Protect officers give free talks, advice and Police CyberAlarm to organisations.',
    kind: 'POLICE',
    url: 'https://www.wmrocu.org.uk',
  },
  {
    id: 'ncsc',
    name: 'National Cyber Security Centre',
    description:
      "The UK's technical authority for cyber security, part of GCHQ. It publishes free guidance and tools for organisations of every size and runs the Cyber Essentials scheme.",
    kind: 'GOVERNMENT',
    url: 'https://www.ncsc.gov.uk',
  },
  {
    id: 'report-fraud',
    name: 'Report Fraud',
    description:
      "The national reporting service for fraud and cyber crime in England, Wales and Northern Ireland, run by the City of London Police. It replaced Action Fraud in December 2025.",
    kind: 'POLICE',
    url: 'https://www.reportfraud.police.uk',
    phone: '0300 123 2040',
  },
  {
    id: 'necvcu',
    name: 'National Economic Crime Victim Care Unit',
    description:
      'The City of London Police unit that contacts and supports victims of fraud and cyber crime after they report, helping them recover and avoid being targeted again; it now operates as the Report Fraud victim service.',
    kind: 'POLICE',
    url: 'https://www.cityoflondon.police.uk',
  },
  {
    id: 'crimestoppers',
    name: 'Crimestoppers',
    description:
      'The independent charity that takes information about crime 100% anonymously, by phone or online, and passes it to the police.',
    kind: 'CHARITY',
    url: 'https://crimestoppers-uk.org',
    phone: '0800 555 111',
  },
  {
    id: 'victim-gateway',
    name: 'Staffordshire Victim Gateway',
    description:
      "The free, confidential local service, commissioned by the Staffordshire Commissioner, that gives information, emotional and practical support to anyone affected by crime in Staffordshire and Stoke-on-Trent, whether or not it was reported to the police.",
    kind: 'PUBLIC_SECTOR',
    url: 'https://www.staffsvictimsgateway.org.uk',
  },
  {
    id: 'victim-support',
    name: 'Victim Support',
    description:
      'The independent national charity for people affected by crime, with a free 24/7 Supportline and live chat; it delivers the Staffordshire Victim Gateway.',
    kind: 'CHARITY',
    url: 'https://www.victimsupport.org.uk',
    phone: '08 08 16 89 111',
  },
  {
    id: 'citizens-advice-staffordshire',
    name: 'Citizens Advice Staffordshire North and Stoke-on-Trent',
    description:
      'The local Citizens Advice charity for the north of the county and the city, giving free advice on money, debt, employment and consumer problems, including help for sole traders after a scam or crime.',
    kind: 'CHARITY',
    url: 'https://www.snscab.org.uk',
  },
  {
    id: 'staffordshire-fire-rescue',
    name: 'Staffordshire Fire and Rescue Service',
    description:
      'The fire and rescue service for Staffordshire and Stoke-on-Trent. Its business fire safety officers advise on fire risk, arson prevention and the law on fire safety in business premises.',
    kind: 'PUBLIC_SECTOR',
    url: 'https://www.staffordshirefire.gov.uk',
    phone: '0300 330 1000',
  },
  {
    id: 'nfu-west-midlands',
    name: 'NFU West Midlands',
    description:
      'The West Midlands region of the National Farmers\' Union, representing farmers and growers, with local advisers and guidance on rural crime and farm security.',
    kind: 'BUSINESS_ASSOCIATION',
    url: 'https://www.nfuonline.com/west-midlands',
    phone: '0370 845 8458',
  },
  {
    id: 'burton-bid',
    name: 'Burton upon Trent BID',
    description:
      'The business improvement district for Burton upon Trent town centre, funded by a levy on town centre businesses, which pays for safety, marketing and events.',
    kind: 'BUSINESS_ASSOCIATION',
    url: 'https://www.burtonbid.co.uk',
  },
  {
    id: 'staffordshire-cyber-champions',
    name: 'Staffordshire Cyber Champions',
    description:
      "The partnership cyber team's free Cyber Champions in the Workplace programme, which trains staff from local businesses to be their organisation's champion for safe online working.",
    kind: 'PUBLIC_SECTOR',
    url: 'https://staffordshire-pfcc.gov.uk/cyber-champions',
  },
  {
    id: 'nbcc',
    name: 'National Business Crime Centre',
    description:
      'The police-led national centre that shares good practice on business crime between forces, partnerships and businesses and publishes free crime prevention guidance.',
    kind: 'POLICE',
    url: 'https://nbcc.police.uk',
  },
];

// --- Support offers ----------------------------------------------------------------------------

export const supportOffers: Prisma.SupportOfferCreateManyInput[] = [
  // Retail and night-time economy partnerships
  {
    id: 'offer-pabcis-shopwatch',
    organizationId: 'pabcis',
    title: 'Shopwatch: radio link, offender intelligence and exclusion scheme',
    description:
      'Join your town or city centre Shopwatch to get a radio linked to other shops, CCTV control and police, secure access to photos and alerts about known offenders, and the partnership exclusion scheme that bans prolific offenders from member premises.',
    url: 'https://www.pabcis.co.uk/shopwatch/',
    cost: 'Annual membership fee set by the local partnership, plus radio hire',
    free: false,
    workstream: 'PREVENT',
    eligibleSectors: ['RETAIL'],
    districtCodes: PABCIS_DISTRICTS,
    crimeTypeCodes: [
      'shoplifting',
      'robbery',
      'violent-crime',
      'public-order',
      'anti-social-behaviour',
      'criminal-damage-arson',
      'other-theft',
      'hate-crime',
    ],
    sortOrder: 10,
  },
  {
    id: 'offer-pabcis-pubwatch',
    organizationId: 'pabcis',
    title: 'Pubwatch: licensed premises radio and banning scheme',
    description:
      'Pubs, bars and clubs in the local Pubwatch share a radio link and alerts about troublemakers, and agree joint bans so that people who are violent or abusive in one venue are refused entry across the scheme.',
    url: 'https://www.pabcis.co.uk/pubwatch/',
    cost: 'Annual membership fee set by the local Pubwatch, plus radio hire',
    free: false,
    workstream: 'PREVENT',
    eligibleSectors: NIGHT_TIME_ECONOMY,
    districtCodes: PABCIS_DISTRICTS,
    crimeTypeCodes: [
      'violent-crime',
      'public-order',
      'anti-social-behaviour',
      'criminal-damage-arson',
      'robbery',
      'other-theft',
      'hate-crime',
    ],
    sortOrder: 11,
  },
  {
    id: 'offer-pabcis-intelligence',
    organizationId: 'pabcis',
    title: 'Business crime partnership membership: incident reporting and offender alerts',
    description:
      'Town centre businesses of any type can log incidents with their local partnership, receive offender profiles and early warnings, and have their evidence passed to the police in a consistent, data-protection-compliant way.',
    url: 'https://www.pabcis.co.uk/join-us/',
    cost: 'Annual membership fee set by the local partnership',
    free: false,
    workstream: 'PURSUE',
    districtCodes: PABCIS_DISTRICTS,
    crimeTypeCodes: [
      'shoplifting',
      'anti-social-behaviour',
      'criminal-damage-arson',
      'public-order',
      'other-theft',
      'violent-crime',
      'theft-by-employee',
    ],
    sortOrder: 12,
  },
  {
    id: 'offer-burton-bid-safety',
    organizationId: 'burton-bid',
    title: 'Burton BID town centre safety: crime radio and patrols',
    description:
      'Levy-paying businesses in Burton upon Trent town centre get the BID-funded business crime radio, town centre patrols and help to report shoplifting and anti-social behaviour to the local partnership and police.',
    url: 'https://www.burtonbid.co.uk/safer-burton/',
    cost: 'Included in the BID levy; no extra charge for levy payers',
    free: true,
    workstream: 'PREVENT',
    eligibleSectors: ['RETAIL', 'HOSPITALITY', 'CREATIVE_LEISURE', 'PROFESSIONAL_SERVICES', 'FINANCE_INSURANCE'],
    districtCodes: [EAST_STAFFORDSHIRE],
    crimeTypeCodes: ['shoplifting', 'anti-social-behaviour', 'public-order', 'violent-crime', 'criminal-damage-arson'],
    sortOrder: 13,
  },
  {
    id: 'offer-commissioner-staff-safety',
    organizationId: 'staffordshire-commissioner',
    title: 'Staff safety: conflict awareness for shop and bar staff',
    description:
      'Free workshops under the Staffordshire Business Crime Strategy on keeping staff safe: de-escalating conflict, handling refusals and thefts without putting people at risk, and reporting violence and abuse against retail and hospitality workers.',
    url: 'https://staffordshire-pfcc.gov.uk/business-crime/staff-safety',
    cost: 'Free',
    free: true,
    workstream: 'PREPARE',
    eligibleSectors: ['RETAIL', 'HOSPITALITY'],
    crimeTypeCodes: ['violent-crime', 'robbery', 'public-order', 'hate-crime', 'shoplifting'],
    sortOrder: 14,
  },
  {
    id: 'offer-nbcc-guidance',
    organizationId: 'nbcc',
    title: 'Business crime prevention guides',
    description:
      'Free, police-approved guides for businesses on preventing shop theft, robbery, burglary, violence against staff and metal theft, with checklists to use with your own team.',
    url: 'https://nbcc.police.uk/guidance',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: ['shoplifting', 'robbery', 'burglary', 'violent-crime', 'metal-theft', 'theft-by-employee', 'vehicle-crime'],
    sortOrder: 90,
  },

  // Police, fire and councils
  {
    id: 'offer-police-designing-out-crime',
    organizationId: 'staffordshire-police',
    title: 'Designing out crime: premises security survey',
    description:
      'A Staffordshire Police designing-out-crime officer visits your premises or reviews your plans and recommends practical improvements to locks, lighting, fencing, CCTV and layout.',
    url: 'https://www.staffordshire.police.uk/advice/crime-prevention/designing-out-crime',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: [
      'burglary',
      'criminal-damage-arson',
      'metal-theft',
      'vehicle-crime',
      'robbery',
      'other-theft',
      'fuel-theft',
    ],
    sortOrder: 20,
  },
  {
    id: 'offer-police-rural-crime',
    organizationId: 'staffordshire-police',
    title: 'Rural crime team: farm security visit and CESAR marking',
    description:
      "The rural and wildlife crime team visits farms to advise on securing yards, fuel and livestock, and runs marking days where tractors, quads and trailers are fitted with the industry's CESAR identification and registration marks.",
    url: 'https://www.staffordshire.police.uk/advice/rural-crime',
    cost: 'Security visit free; CESAR marking at a discounted rate on police marking days',
    free: true,
    workstream: 'PREVENT',
    eligibleSectors: ['AGRICULTURE'],
    ruralOnly: true,
    crimeTypeCodes: ['farm-machinery-theft', 'livestock-theft', 'fuel-theft', 'metal-theft', 'vehicle-crime', 'burglary'],
    sortOrder: 21,
  },
  {
    id: 'offer-police-smart-alert',
    organizationId: 'staffordshire-police',
    title: 'Staffordshire Smart Alert: local crime alerts',
    description:
      'Sign up to Staffordshire Smart Alert to get messages from your neighbourhood team about crime trends, scams and rural and business crime in your area.',
    url: 'https://www.staffordshire.police.uk/smart-alert',
    cost: 'Free',
    free: true,
    workstream: 'PREPARE',
    allCrimeTypes: true,
    sortOrder: 22,
  },
  {
    id: 'offer-fire-arson-risk',
    organizationId: 'staffordshire-fire-rescue',
    title: 'Business fire safety and arson risk advice',
    description:
      'Fire safety officers advise on reducing the risk of deliberate fires: securing bins, pallets and waste away from buildings, protecting letterboxes and keeping your fire risk assessment up to date.',
    url: 'https://www.staffordshirefire.gov.uk/business-safety/arson-prevention/',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: ['criminal-damage-arson'],
    sortOrder: 23,
  },
  {
    id: 'offer-scc-trading-standards',
    organizationId: 'staffordshire-county-council',
    title: 'Trading Standards: business scams and fraud advice',
    description:
      'Staffordshire Trading Standards warns businesses about current scams, such as fake directory listings, bogus invoices and impersonation of suppliers, and advises on what to do if you have been targeted.',
    url: 'https://www.staffordshire.gov.uk/business/trading-standards/scams',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    districtCodes: COUNTY_DISTRICTS,
    crimeTypeCodes: ['fraud', 'payment-diversion-fraud', 'cyber-phishing'],
    sortOrder: 24,
  },
  {
    id: 'offer-stoke-trading-standards',
    organizationId: 'stoke-on-trent-city-council',
    title: 'Stoke-on-Trent Trading Standards: business advice on scams and fraud',
    description:
      'The city council Trading Standards team advises Stoke-on-Trent businesses on scams, invoice fraud and counterfeit goods and can investigate rogue traders operating in the city.',
    url: 'https://www.stoke.gov.uk/trading-standards',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    districtCodes: [STOKE_ON_TRENT],
    crimeTypeCodes: ['fraud', 'payment-diversion-fraud', 'cyber-phishing'],
    sortOrder: 25,
  },
  {
    id: 'offer-stoke-city-centre-safety',
    organizationId: 'stoke-on-trent-city-council',
    title: 'City centre CCTV and community safety partnership',
    description:
      'Businesses in Hanley and the other Stoke-on-Trent town centres can raise persistent shoplifting, criminal damage or anti-social behaviour with the city community safety partnership, which directs the council-run town centre CCTV and partner patrols.',
    url: 'https://www.stoke.gov.uk/community-safety',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    districtCodes: [STOKE_ON_TRENT],
    crimeTypeCodes: ['shoplifting', 'anti-social-behaviour', 'criminal-damage-arson', 'public-order'],
    sortOrder: 26,
  },

  // Cyber: Growth Hub, WMCRC, regional police and the NCSC
  {
    id: 'offer-growth-hub-cyber-resilience',
    organizationId: 'growth-hub',
    title: 'Cyber resilience review and action plan',
    description:
      'A Growth Hub adviser reviews how your business uses technology and gives you a prioritised action plan for backups, updates, passwords and staff awareness, with referrals to local cyber support.',
    url: 'https://www.stokestaffsgrowthhub.co.uk/cyber-resilience/',
    phone: '0300 111 8002',
    cost: 'Free (funded)',
    free: true,
    workstream: 'PREPARE',
    eligibleSizes: SMES,
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 30,
  },
  {
    id: 'offer-growth-hub-cyber-essentials',
    organizationId: 'growth-hub',
    title: 'Funded Cyber Essentials support',
    description:
      'Funded hours with an accredited cyber security adviser to get your business ready for Cyber Essentials certification, for eligible small and medium-sized businesses in Stoke-on-Trent and Staffordshire.',
    url: 'https://www.stokestaffsgrowthhub.co.uk/funded-cyber-essentials/',
    cost: 'Free for eligible SMEs (funded programme); certification fee may be covered',
    free: true,
    workstream: 'PREVENT',
    eligibleSizes: SMES,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-phishing', 'cyber-data-breach'],
    sortOrder: 31,
  },
  {
    id: 'offer-wmcrc-membership',
    organizationId: 'wmcrc',
    title: 'Free Cyber Resilience Centre membership',
    description:
      'Free membership of the police-led Cyber Resilience Centre for the West Midlands: regular threat updates, guidance written for small businesses and invitations to events.',
    url: 'https://www.wmcrc.co.uk/membership',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    eligibleSizes: SMES,
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 32,
  },
  {
    id: 'offer-wmcrc-services',
    organizationId: 'wmcrc',
    title: 'Cyber security services: awareness training and vulnerability assessments',
    description:
      'Affordable services delivered by vetted cyber students under police supervision, including staff awareness training, remote vulnerability assessments, website checks and security policy reviews.',
    url: 'https://www.wmcrc.co.uk/services',
    cost: 'Paid; fixed prices for small businesses, quoted on request',
    free: false,
    workstream: 'PREPARE',
    eligibleSizes: SMES,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-phishing', 'cyber-data-breach'],
    sortOrder: 33,
  },
  {
    id: 'offer-wmrocu-cyber-protect',
    organizationId: 'wmrocu',
    title: 'Cyber Protect talks and advice',
    description:
      "Regional Cyber Crime Unit Protect officers give free talks to your staff or business group on current cyber threats, how criminals choose their victims and the simple steps that stop most attacks.",
    url: 'https://www.wmrocu.org.uk/cyber-protect',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 34,
  },
  {
    id: 'offer-wmrocu-cyberalarm',
    organizationId: 'wmrocu',
    title: 'Police CyberAlarm',
    description:
      'A free police tool that monitors the traffic reaching your internet connection, warns you of suspicious activity and can scan your public-facing systems for known vulnerabilities.',
    url: 'https://www.wmrocu.org.uk/police-cyberalarm',
    cost: 'Free',
    free: true,
    workstream: 'PREPARE',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'],
    sortOrder: 35,
  },
  {
    id: 'offer-wmrocu-board-exercise',
    organizationId: 'wmrocu',
    title: 'Cyber incident exercise for leadership teams',
    description:
      'A facilitated tabletop exercise in which your directors and IT, communications and operations leads work through a realistic ransomware or data breach scenario and test their incident plan.',
    url: 'https://www.wmrocu.org.uk/cyber-protect/exercises',
    cost: 'Free',
    free: true,
    workstream: 'PREPARE',
    eligibleSizes: ['MEDIUM', 'LARGE'],
    crimeTypeCodes: ['cyber-ransomware', 'cyber-data-breach', 'cyber-hacking', 'cyber-ddos'],
    sortOrder: 36,
  },
  {
    id: 'offer-ncsc-small-business-guide',
    organizationId: 'ncsc',
    title: 'NCSC Small Business Guide',
    description:
      'Five practical steps from the National Cyber Security Centre to protect your business: backing up data, protecting against malware, keeping devices safe, using passwords well and avoiding phishing.',
    url: 'https://www.ncsc.gov.uk/collection/small-business-guide',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-phishing', 'cyber-hacking', 'cyber-data-breach', 'payment-diversion-fraud'],
    sortOrder: 40,
  },
  {
    id: 'offer-ncsc-exercise-in-a-box',
    organizationId: 'ncsc',
    title: 'Exercise in a Box',
    description:
      'Free NCSC exercises you run yourself, online or round a table, to test how your business would respond to a ransomware attack, phishing or a data breach and find the gaps in your plans.',
    url: 'https://www.ncsc.gov.uk/information/exercise-in-a-box',
    cost: 'Free',
    free: true,
    workstream: 'PREPARE',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-phishing', 'cyber-data-breach', 'cyber-hacking', 'cyber-ddos'],
    sortOrder: 41,
  },
  {
    id: 'offer-ncsc-early-warning',
    organizationId: 'ncsc',
    title: 'NCSC Early Warning service',
    description:
      'Register your domains and IP addresses and the NCSC will notify you of malware infections, vulnerable services and other threats it detects on your network.',
    url: 'https://www.ncsc.gov.uk/information/early-warning-service',
    cost: 'Free',
    free: true,
    workstream: 'PREVENT',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'],
    sortOrder: 42,
  },
  {
    id: 'offer-ncsc-cyber-essentials',
    organizationId: 'ncsc',
    title: 'Cyber Essentials certification',
    description:
      'The government-backed certification showing your business has the five basic technical controls in place that protect against the most common online attacks; often required for public sector contracts.',
    url: 'https://www.ncsc.gov.uk/cyberessentials/overview',
    cost: 'Self-assessment from £320 + VAT for micro businesses, rising with size; Cyber Essentials Plus costs more',
    free: false,
    workstream: 'PREVENT',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-phishing', 'cyber-data-breach'],
    sortOrder: 43,
  },
  {
    id: 'offer-ncsc-report-phishing',
    organizationId: 'ncsc',
    title: 'Report a suspicious email or text',
    description:
      'Forward suspicious emails to report@phishing.gov.uk and texts to 7726; the NCSC takes down malicious sites and the reports help protect other businesses.',
    url: 'https://www.ncsc.gov.uk/collection/phishing-scams',
    email: 'report@phishing.gov.uk',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    crimeTypeCodes: ['cyber-phishing', 'fraud', 'payment-diversion-fraud'],
    sortOrder: 44,
  },

  // Fraud
  {
    id: 'offer-chambers-counter-fraud',
    organizationId: 'staffordshire-chambers',
    title: 'Counter-fraud training: payment diversion and invoice fraud',
    description:
      'A half-day course for finance and accounts staff on spotting changed bank details, CEO impersonation and fake invoices, and putting call-back checks in place before money is paid.',
    url: 'https://www.staffordshirechambers.co.uk/training/counter-fraud',
    cost: 'Discounted for Chamber members; non-members welcome at the full rate',
    free: false,
    workstream: 'PREPARE',
    crimeTypeCodes: ['payment-diversion-fraud', 'fraud', 'cyber-phishing'],
    sortOrder: 50,
  },
  {
    id: 'offer-chambers-workshops',
    organizationId: 'staffordshire-chambers',
    title: 'Business crime and cyber security workshops',
    description:
      'Regular Chamber workshops with Staffordshire Police and cyber partners on current threats to local businesses, from ransomware and phishing to fraud, with time to ask questions.',
    url: 'https://www.staffordshirechambers.co.uk/events',
    cost: 'Free for Chamber members',
    free: false,
    workstream: 'PREPARE',
    crimeTypeCodes: [...CYBER_AND_FRAUD, 'metal-theft', 'burglary'],
    sortOrder: 51,
  },
  {
    id: 'offer-report-fraud',
    organizationId: 'report-fraud',
    title: 'Report fraud and cyber crime',
    description:
      'Report fraud and cyber crime to the national Report Fraud service online at any time or by phone to get a crime reference number; reports are assessed and passed to police forces to investigate.',
    url: 'https://www.reportfraud.police.uk',
    phone: '0300 123 2040',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 52,
  },
  {
    id: 'offer-necvcu-victim-care',
    organizationId: 'necvcu',
    title: 'Victim care after fraud or cyber crime',
    description:
      'After you report, specialist victim care officers can contact you with advice on recovering accounts and money, protecting your business from repeat targeting and finding further support.',
    url: 'https://www.cityoflondon.police.uk/necvcu',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 53,
  },

  // Business associations
  {
    id: 'offer-fsb-legal-helpline',
    organizationId: 'fsb',
    title: 'FSB legal advice helpline',
    description:
      'FSB members get 24/7 legal advice on dealing with crime against the business, including civil recovery, banning customers, staff theft and disciplinary action, and insurance disputes.',
    url: 'https://www.fsb.org.uk/join-us/member-benefits/legal-protection.html',
    cost: 'Included in FSB membership',
    free: false,
    workstream: 'PURSUE',
    eligibleSizes: MICRO_SMALL,
    crimeTypeCodes: [
      'shoplifting',
      'theft-by-employee',
      'burglary',
      'criminal-damage-arson',
      'violent-crime',
      'robbery',
      'other-theft',
      'fraud',
      'payment-diversion-fraud',
    ],
    sortOrder: 60,
  },
  {
    id: 'offer-fsb-cyber-helpline',
    organizationId: 'fsb',
    title: 'FSB cyber security helpline',
    description:
      'FSB members can call a cyber helpline for expert advice on protecting the business and for help if they are hacked or hit by ransomware.',
    url: 'https://www.fsb.org.uk/join-us/member-benefits/cyber-security.html',
    cost: 'Included in FSB membership',
    free: false,
    workstream: 'PREPARE',
    eligibleSizes: MICRO_SMALL,
    crimeTypeCodes: CYBER_AND_FRAUD,
    sortOrder: 61,
  },
  {
    id: 'offer-nfu-rural-crime',
    organizationId: 'nfu-west-midlands',
    title: 'NFU rural crime advice and farm security guidance',
    description:
      'NFU members get guidance and local adviser support on securing machinery, fuel and livestock, rural crime alerts, and help working with the police rural crime team.',
    url: 'https://www.nfuonline.com/west-midlands/rural-crime',
    cost: 'Included in NFU membership',
    free: false,
    workstream: 'PREVENT',
    eligibleSectors: ['AGRICULTURE'],
    ruralOnly: true,
    crimeTypeCodes: ['farm-machinery-theft', 'livestock-theft', 'fuel-theft', 'metal-theft'],
    sortOrder: 62,
  },

  // Support for victims and anonymous reporting
  {
    id: 'offer-victim-gateway',
    organizationId: 'victim-gateway',
    title: 'Free support after a crime',
    description:
      'Business owners and staff affected by any crime can get free, confidential emotional and practical support, information about the justice process and referral to specialist services, whether or not it was reported.',
    url: 'https://www.staffsvictimsgateway.org.uk',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    allCrimeTypes: true,
    sortOrder: 70,
  },
  {
    id: 'offer-victim-support-supportline',
    organizationId: 'victim-support',
    title: 'Victim Support 24/7 Supportline',
    description:
      'Talk to a trained supporter at any time of day or night by phone or live chat after a crime against you or your business.',
    url: 'https://www.victimsupport.org.uk/help-and-support/get-help/support-near-you/live-chat/',
    phone: '08 08 16 89 111',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    allCrimeTypes: true,
    sortOrder: 71,
  },
  {
    id: 'offer-crimestoppers-anonymous',
    organizationId: 'crimestoppers',
    title: 'Report crime 100% anonymously',
    description:
      'Pass on what you know about crime affecting your business, or someone involved in it, without giving your name; Crimestoppers forwards the information to the police.',
    url: 'https://crimestoppers-uk.org/give-information',
    phone: '0800 555 111',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    allCrimeTypes: true,
    sortOrder: 72,
  },
  {
    id: 'offer-citizens-advice-sole-traders',
    organizationId: 'citizens-advice-staffordshire',
    title: 'Money and debt advice for sole traders after a crime',
    description:
      'Free advice for the self-employed and very small businesses on dealing with the money problems a crime or scam can cause, from insurance claims to negotiating with creditors.',
    url: 'https://www.snscab.org.uk/advice/',
    cost: 'Free',
    free: true,
    workstream: 'PURSUE',
    eligibleSizes: ['MICRO'],
    allCrimeTypes: true,
    sortOrder: 73,
  },
];

// --- Business profiles (all synthetic) ---------------------------------------------------------

export const businesses: Prisma.BusinessCreateManyInput[] = [
  {
    id: 'biz-0001',
    name: 'Example Hardware Ltd (synthetic)',
    sector: 'RETAIL',
    size: 'SMALL',
    districtCode: STAFFORD,
    postcode: 'ST16 2QX',
    rural: false,
  },
  {
    id: 'biz-0002',
    name: 'Example Convenience Store (synthetic)',
    sector: 'RETAIL',
    size: 'MICRO',
    districtCode: TAMWORTH,
    postcode: 'B79 7NZ',
    rural: false,
  },
  {
    id: 'biz-0003',
    name: 'Example Hill Farm Partners (synthetic)',
    sector: 'AGRICULTURE',
    size: 'MICRO',
    districtCode: STAFFORDSHIRE_MOORLANDS,
    postcode: 'ST13 8ZX',
    rural: true,
  },
  {
    id: 'biz-0004',
    name: 'Example Accountants LLP (synthetic)',
    sector: 'PROFESSIONAL_SERVICES',
    size: 'MEDIUM',
    districtCode: NEWCASTLE_UNDER_LYME,
    postcode: 'ST5 1QZ',
    rural: false,
  },
  {
    id: 'biz-0005',
    name: 'The Example Arms (synthetic)',
    sector: 'HOSPITALITY',
    size: 'SMALL',
    districtCode: STOKE_ON_TRENT,
    postcode: 'ST1 1XZ',
    rural: false,
  },
  {
    id: 'biz-0006',
    name: 'Example Brewing Co Ltd (synthetic)',
    sector: 'MANUFACTURING',
    size: 'MEDIUM',
    districtCode: EAST_STAFFORDSHIRE,
    postcode: 'DE14 1ZX',
    rural: false,
  },
  {
    id: 'biz-0007',
    name: 'Example Logistics Ltd (synthetic)',
    sector: 'TRANSPORT_LOGISTICS',
    size: 'LARGE',
    districtCode: CANNOCK_CHASE,
    postcode: 'WS11 8XZ',
    rural: false,
  },
  {
    id: 'biz-0008',
    name: 'Example Digital Studio Ltd (synthetic)',
    sector: 'DIGITAL_TECH',
    size: 'MICRO',
    districtCode: LICHFIELD,
    postcode: 'WS13 6ZQ',
    rural: false,
  },
  {
    id: 'biz-0009',
    name: 'Example Garden Centre Ltd (synthetic)',
    sector: 'RETAIL',
    size: 'MEDIUM',
    districtCode: SOUTH_STAFFORDSHIRE,
    postcode: 'WV8 1XQ',
    rural: true,
  },
  {
    id: 'biz-0010',
    name: 'Example Superstore Tamworth (synthetic)',
    sector: 'RETAIL',
    size: 'LARGE',
    districtCode: TAMWORTH,
    postcode: 'B77 5ZX',
    rural: false,
  },
];
