// Seed data for the police subgraph: crime types, reporting routes, evidence guidance, districts,
// postcode districts and local policing teams. It holds no personal data (any would be synthetic).
import { districts as staffordshireDistricts } from '@crimehub/common';
import type { Prisma } from './generated/prisma/client.ts';

/** The crime types the hub knows. Other subgraphs refer to these codes: do not rename them. */
export const crimeTypes: Prisma.CrimeTypeCreateManyInput[] = [
  {
    code: 'shoplifting',
    name: 'Shoplifting',
    description:
      'Goods stolen from a shop, market stall or other retail premises while it is open to customers. It includes organised and repeat offenders and theft by people who threaten or abuse staff.',
    policeUkCategory: 'shoplifting',
    sortOrder: 10,
  },
  {
    code: 'burglary',
    name: 'Burglary',
    description: 'Someone enters business premises, such as a shop, office, warehouse, workshop or farm building, without permission to steal or cause damage. Attempts count too.',
    policeUkCategory: 'burglary',
    sortOrder: 20,
  },
  {
    code: 'robbery',
    name: 'Robbery',
    description: 'Theft using force or the threat of force, such as a till snatch, a hold-up of staff, or an attack on staff carrying cash or stock.',
    policeUkCategory: 'robbery',
    sortOrder: 30,
  },
  {
    code: 'criminal-damage-arson',
    name: 'Criminal damage and arson',
    description: 'Deliberate damage to premises, vehicles, equipment or stock, including smashed windows, graffiti and fires that were started on purpose.',
    policeUkCategory: 'criminal-damage-arson',
    sortOrder: 40,
  },
  {
    code: 'violent-crime',
    name: 'Violence and abuse against staff',
    description: 'Assaults, threats, harassment and abuse aimed at owners, staff or customers at work. Assaulting a retail worker is a specific offence.',
    policeUkCategory: 'violent-crime',
    sortOrder: 50,
  },
  {
    code: 'public-order',
    name: 'Public order offences',
    description:
      'Threatening, abusive or disorderly behaviour in or outside the premises that causes staff or customers harassment, alarm or distress, such as a fight in a pub or a disturbance at closing time.',
    policeUkCategory: 'public-order',
    sortOrder: 60,
  },
  {
    code: 'anti-social-behaviour',
    name: 'Anti-social behaviour',
    description: 'Repeated nuisance that harms trade or frightens staff and customers, such as groups loitering and intimidating people, littering, drug use or nuisance vehicles near the business.',
    policeUkCategory: 'anti-social-behaviour',
    sortOrder: 70,
  },
  {
    code: 'vehicle-crime',
    name: 'Vehicle crime',
    description: 'Theft of or from company vans, lorries, cars and trailers, including tools stolen from vans and catalytic converters cut off vehicles.',
    policeUkCategory: 'vehicle-crime',
    sortOrder: 80,
  },
  {
    code: 'other-theft',
    name: 'Other theft',
    description:
      'Theft from a business that is not shoplifting, burglary or robbery, such as equipment taken from an open site, tools taken from a building site, or a customer leaving without paying for a meal or a service.',
    policeUkCategory: 'other-theft',
    sortOrder: 90,
  },
  {
    code: 'metal-theft',
    name: 'Metal theft',
    description:
      'Theft of metal for its scrap value, such as cable, lead and copper from roofs, pipework, manhole covers and stored scrap. The damage often costs far more to repair than the metal is worth.',
    policeUkCategory: 'other-theft',
    sortOrder: 100,
  },
  {
    code: 'theft-by-employee',
    name: 'Theft by an employee',
    description: 'Stock, cash or equipment taken by someone who works for the business, including staff who give goods away or use false refunds and discounts.',
    policeUkCategory: 'other-theft',
    sortOrder: 110,
  },
  {
    code: 'farm-machinery-theft',
    name: 'Farm machinery and plant theft',
    description: 'Theft of tractors, quad bikes, trailers, GPS units, plant and power tools from farms, rural businesses and building sites.',
    policeUkCategory: 'other-theft',
    sortOrder: 120,
  },
  {
    code: 'livestock-theft',
    name: 'Livestock theft',
    description: 'Sheep, cattle, pigs, horses or other animals stolen from fields and farm buildings, often at night and in numbers.',
    policeUkCategory: 'other-theft',
    sortOrder: 130,
  },
  {
    code: 'fuel-theft',
    name: 'Fuel theft',
    description: 'Fuel driven off from a forecourt without paying, or diesel, red diesel and heating oil siphoned from vehicles, plant and storage tanks.',
    policeUkCategory: 'other-theft',
    sortOrder: 140,
  },
  {
    code: 'hate-crime',
    name: 'Hate crime',
    description:
      "Any crime against a business, its owners, staff or customers that is motivated by hostility towards a person's race, religion, sexual orientation, disability or transgender identity, including abuse and graffiti.",
    policeUkCategory: 'public-order',
    sortOrder: 150,
  },
  {
    code: 'fraud',
    name: 'Fraud',
    description:
      'Being tricked out of money, goods or services, such as fake invoices, CEO and impersonation scams, card fraud, bogus orders and investment scams. It is reported to Report Fraud, the national reporting service, rather than to the local force.',
    policeUkCategory: 'other-crime',
    fraud: true,
    sortOrder: 160,
  },
  {
    code: 'payment-diversion-fraud',
    name: 'Payment diversion fraud',
    description:
      'A criminal poses as a supplier, customer or colleague, often from a hacked or look-alike email account, and asks for a payment to go to a new bank account. Act fast: call your bank at once, as the money may still be recovered.',
    policeUkCategory: 'other-crime',
    fraud: true,
    sortOrder: 170,
  },
  {
    code: 'cyber-ransomware',
    name: 'Ransomware',
    description: "Criminals get into the business's systems, encrypt or steal its data, and demand a payment to unlock it or not publish it. Treat it as a live attack and report it by phone at once.",
    policeUkCategory: 'other-crime',
    cyber: true,
    sortOrder: 180,
  },
  {
    code: 'cyber-phishing',
    name: 'Phishing emails, texts and calls',
    description: 'Emails, texts or calls that pretend to be from a bank, supplier, delivery firm or colleague so that staff click a link, enter passwords or make a payment.',
    policeUkCategory: 'other-crime',
    cyber: true,
    sortOrder: 190,
  },
  {
    code: 'cyber-hacking',
    name: 'Hacking and account takeover',
    description: "Someone gets into the business's email, website, social media, cloud or banking accounts or network without permission, for example to send fraudulent emails or steal data.",
    policeUkCategory: 'other-crime',
    cyber: true,
    sortOrder: 200,
  },
  {
    code: 'cyber-ddos',
    name: 'Denial of service (DDoS) attack',
    description: "The business's website or online services are flooded with traffic so that customers cannot reach them, sometimes with a demand for payment to stop.",
    policeUkCategory: 'other-crime',
    cyber: true,
    sortOrder: 210,
  },
  {
    code: 'cyber-data-breach',
    name: 'Data breach by criminals',
    description:
      "Customer, staff or business data is stolen or exposed in a cyber attack. Besides reporting the crime, a business may have to tell the Information Commissioner's Office within 72 hours.",
    policeUkCategory: 'other-crime',
    cyber: true,
    sortOrder: 220,
  },
];

/** Ways to report a crime in England and Wales, as they are since Report Fraud replaced Action Fraud (December 2025). */
export const reportingRoutes: Prisma.ReportingRouteCreateManyInput[] = [
  {
    id: 'police-999',
    channel: 'PHONE',
    name: 'Police emergency (999)',
    contact: '999',
    url: null,
    urgency: 'EMERGENCY',
    anonymous: false,
    whenToUse:
      'Call 999 if it is happening now: a crime in progress, offenders still at or near the premises, someone injured or threatened with violence, or property in immediate danger. If it has already happened, report it another way, but if it happens again while you are there, or the offenders come back, call 999. Deaf, hard of hearing and speech-impaired callers can use 999 BSL or text 999 once registered with emergencySMS.',
    workstream: 'PURSUE',
    anyCrime: true,
  },
  {
    id: 'police-101',
    channel: 'PHONE',
    name: 'Staffordshire Police non-emergency (101)',
    contact: '101',
    url: null,
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Call 101 when the crime has already happened and nobody is in danger, for example a break-in found in the morning, or to add information to an existing report. Have the crime reference number ready if you have one.',
    workstream: 'PURSUE',
    anyCrime: true,
  },
  {
    id: 'police-online',
    channel: 'ONLINE',
    name: 'Staffordshire Police online reporting',
    contact: 'staffordshire.police.uk/ro/report',
    url: 'https://www.staffordshire.police.uk/ro/report/',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Report online at any time when it is not an emergency, for example shoplifting with CCTV to hand, damage discovered overnight, or anti-social behaviour that keeps happening. You can attach details and get a crime reference number without waiting on the phone.',
    workstream: 'PURSUE',
    anyCrime: true,
  },
  {
    id: 'police-live-chat',
    channel: 'LIVE_CHAT',
    name: 'Staffordshire Police live chat',
    contact: 'Live chat at staffordshire.police.uk',
    url: 'https://www.staffordshire.police.uk/contact/af/contact-us/',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse: 'Use live chat on the force website to report a non-emergency or ask whether something should be reported, if you would rather type than call 101.',
    workstream: 'PURSUE',
    anyCrime: true,
  },
  {
    id: 'report-fraud-online',
    channel: 'ONLINE',
    name: 'Report Fraud online',
    contact: 'reportfraud.police.uk',
    url: 'https://www.reportfraud.police.uk',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Report fraud and cyber crime online at any time to Report Fraud, the national service that replaced Action Fraud in December 2025. You get a crime reference number, which banks and insurers will ask for. Do not use it for a cyber attack that is still going on: phone instead.',
    workstream: 'PURSUE',
    national: true,
  },
  {
    id: 'report-fraud-phone',
    channel: 'PHONE',
    name: 'Report Fraud by phone',
    contact: '0300 123 2040',
    url: 'https://www.reportfraud.police.uk',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Call Report Fraud (Monday to Friday, 8am to 8pm) to report fraud or cyber crime with the help of an adviser, for example if the report is complicated or you cannot use the online form.',
    workstream: 'PURSUE',
    national: true,
  },
  {
    id: 'report-fraud-live-cyber-attack',
    channel: 'PHONE',
    name: 'Report Fraud 24/7 line for a live cyber attack',
    contact: '0300 123 2040 (24/7 for a live cyber attack)',
    url: 'https://www.reportfraud.police.uk',
    urgency: 'URGENT',
    anonymous: false,
    whenToUse:
      'If your business, charity or organisation is under a cyber attack that is still going on, such as ransomware spreading, a denial of service attack or someone in your systems, call Report Fraud on 0300 123 2040 now, at any hour, and say it is a live cyber attack: specialist advisers take it straight away and pass it to police cyber teams. Do not use the online form for a live attack: it delays this. If anyone is in danger, call 999 first.',
    workstream: 'PURSUE',
    national: true,
  },
  {
    id: 'crimestoppers-phone',
    channel: 'PHONE',
    name: 'Crimestoppers by phone',
    contact: '0800 555 111',
    url: 'https://crimestoppers-uk.org',
    urgency: 'NON_EMERGENCY',
    anonymous: true,
    whenToUse:
      'Call Crimestoppers free, 24 hours a day, to pass on information about who is committing crime without giving your name, for example if you fear reprisals or it concerns a member of staff or a neighbouring business.',
    workstream: 'PURSUE',
    anyCrime: true,
    national: true,
  },
  {
    id: 'crimestoppers-online',
    channel: 'ONLINE',
    name: 'Crimestoppers online form',
    contact: 'crimestoppers-uk.org',
    url: 'https://crimestoppers-uk.org/give-information',
    urgency: 'NON_EMERGENCY',
    anonymous: true,
    whenToUse:
      'Use the Crimestoppers online form to give information anonymously at any time. It is not a way to report a crime against your own business and get a crime reference number: report that to the police as well.',
    workstream: 'PURSUE',
    anyCrime: true,
    national: true,
  },
  {
    id: 'ncsc-phishing-email',
    channel: 'EMAIL',
    name: 'NCSC Suspicious Email Reporting Service',
    contact: 'report@phishing.gov.uk',
    url: 'https://www.ncsc.gov.uk/collection/phishing-scams/report-scam-email',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Forward suspicious emails to report@phishing.gov.uk so the National Cyber Security Centre can take down the scam websites and senders. If anyone clicked a link, entered a password or paid money, report to Report Fraud as well.',
    workstream: 'PURSUE',
    national: true,
  },
  {
    id: 'scam-text-7726',
    channel: 'TEXT_MESSAGE',
    name: 'Report scam texts and calls to 7726',
    contact: '7726',
    url: null,
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse: 'Forward scam text messages free to 7726 (it spells SPAM on the keypad), or text "call" and the number of a scam caller, so mobile networks can block the sender.',
    workstream: 'PURSUE',
    national: true,
  },
  {
    id: 'true-vision-online',
    channel: 'ONLINE',
    name: 'True Vision hate crime reporting',
    contact: 'report-it.org.uk',
    url: 'https://www.report-it.org.uk',
    urgency: 'NON_EMERGENCY',
    anonymous: false,
    whenToUse:
      'Report a hate crime or hate incident online through True Vision, the police-funded site, which passes it to Staffordshire Police. Useful for online abuse or if you would rather not contact the force directly.',
    workstream: 'PURSUE',
    national: true,
  },
];

/** Route orders, most appropriate first, from which `crimeTypeRoutes` is built. */
const localPolice = ['police-999', 'police-101', 'police-online', 'police-live-chat'];
const crimestoppers = ['crimestoppers-phone', 'crimestoppers-online'];
const policeCrime = [...localPolice, ...crimestoppers];
const liveCyberAttack = ['report-fraud-live-cyber-attack', 'report-fraud-online', 'report-fraud-phone', 'police-101'];
const fraudRoutes = ['report-fraud-online', 'report-fraud-phone', 'police-101', 'crimestoppers-online'];

const routeOrder: Record<string, string[]> = {
  shoplifting: policeCrime,
  burglary: policeCrime,
  robbery: policeCrime,
  'criminal-damage-arson': policeCrime,
  'violent-crime': policeCrime,
  'public-order': policeCrime,
  'anti-social-behaviour': policeCrime,
  'vehicle-crime': policeCrime,
  'other-theft': policeCrime,
  'metal-theft': policeCrime,
  'theft-by-employee': policeCrime,
  'farm-machinery-theft': policeCrime,
  'livestock-theft': policeCrime,
  'fuel-theft': policeCrime,
  'hate-crime': ['police-999', 'true-vision-online', 'police-101', 'police-online', 'police-live-chat', ...crimestoppers],
  fraud: fraudRoutes,
  'payment-diversion-fraud': fraudRoutes,
  'cyber-ransomware': liveCyberAttack,
  'cyber-hacking': liveCyberAttack,
  'cyber-ddos': liveCyberAttack,
  'cyber-data-breach': liveCyberAttack,
  'cyber-phishing': ['ncsc-phishing-email', 'scam-text-7726', 'report-fraud-online', 'report-fraud-phone'],
};

/** For every crime type, the routes in the order a business should use them (rank 1 first). */
export const crimeTypeRoutes: Prisma.CrimeTypeRouteCreateManyInput[] = Object.entries(routeOrder).flatMap(([crimeTypeCode, routeIds]) =>
  routeIds.map((routeId, i) => ({ crimeTypeCode, routeId, rank: i + 1 })),
);

const physicalCrimes = [
  'shoplifting',
  'burglary',
  'robbery',
  'criminal-damage-arson',
  'violent-crime',
  'public-order',
  'anti-social-behaviour',
  'vehicle-crime',
  'other-theft',
  'metal-theft',
  'theft-by-employee',
  'farm-machinery-theft',
  'livestock-theft',
  'fuel-theft',
  'hate-crime',
];
const liveCyberCrimes = ['cyber-ransomware', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'];

/** Advice on preserving evidence, each for the crime types listed. */
export const evidenceGuidance: Prisma.EvidenceGuidanceCreateManyInput[] = [
  {
    id: 'cctv-keep-and-export',
    kind: 'CCTV',
    title: 'Save the CCTV before it is overwritten',
    advice:
      'Most recorders overwrite footage after a few weeks, some after a few days. As soon as you find the incident, export the footage from a little before to a little after it, in the original format with the player software if the system offers it, and keep a second copy. Note any difference between the recorder clock and the real time, and who exported it. Tell the police you have it when you report.',
    workstream: 'PURSUE',
    crimeTypeCodes: physicalCrimes,
    sortOrder: 10,
  },
  {
    id: 'cctv-be-ready',
    kind: 'CCTV',
    title: 'Make sure your CCTV will be usable',
    advice:
      'Check the date and time on the recorder are right (including summer time), keep recordings for at least 31 days, point cameras at entrances, tills, the forecourt and the yard where faces and number plates can be seen, and make sure someone on every shift knows how to export a clip.',
    workstream: 'PREPARE',
    crimeTypeCodes: physicalCrimes,
    sortOrder: 20,
  },
  {
    id: 'forensic-leave-scene',
    kind: 'FORENSIC',
    title: 'Leave the scene as you found it',
    advice:
      'Do not touch the point of entry, tools or items left behind, or anything the offender handled. Keep staff and customers away, cover footprints or marks outside with a box or bin if it may rain, and do not clean up or repair until the police say so, except to make the premises safe or secure.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['burglary', 'robbery', 'criminal-damage-arson', 'vehicle-crime', 'metal-theft', 'farm-machinery-theft', 'livestock-theft', 'fuel-theft'],
    sortOrder: 30,
  },
  {
    id: 'witness-details',
    kind: 'WITNESS',
    title: 'Take witness details while people are still there',
    advice:
      'Write down the names and contact details of staff, customers and neighbours who saw what happened. Ask each of them to write down what they saw, on their own and as soon as possible: descriptions, clothing, what was said, direction of travel. Do not let witnesses compare accounts first.',
    workstream: 'PURSUE',
    crimeTypeCodes: physicalCrimes,
    sortOrder: 40,
  },
  {
    id: 'vehicle-details',
    kind: 'WITNESS',
    title: 'Note vehicle registrations and descriptions',
    advice:
      'If a vehicle is involved, note its registration, make, model, colour and any damage or stickers, the time, and which way it went. A partial registration is still useful. Do not follow or block the vehicle yourself.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['burglary', 'robbery', 'vehicle-crime', 'metal-theft', 'farm-machinery-theft', 'livestock-theft', 'fuel-theft', 'anti-social-behaviour', 'other-theft'],
    sortOrder: 50,
  },
  {
    id: 'stock-records',
    kind: 'DOCUMENTS',
    title: 'List exactly what was taken',
    advice:
      'Make a list of what was stolen with quantities, values, product codes and serial numbers, backed by stock records, till rolls, delivery notes or invoices. The police need this to charge an offender and a court needs it to order compensation; your insurer will ask for it too.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['shoplifting', 'burglary', 'robbery', 'other-theft', 'metal-theft', 'theft-by-employee', 'farm-machinery-theft', 'fuel-theft', 'vehicle-crime'],
    sortOrder: 60,
  },
  {
    id: 'fuel-drive-off',
    kind: 'DOCUMENTS',
    title: 'Record the details of a fuel drive-off',
    advice:
      'Note the pump number, time, fuel type, litres and value from the pump or till record, the vehicle registration, make and colour, and keep the forecourt CCTV of the vehicle at the pump. For fuel siphoned from tanks or vehicles, note the level before and after and photograph any damage to tanks or caps.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['fuel-theft'],
    sortOrder: 70,
  },
  {
    id: 'damage-photographs',
    kind: 'PROPERTY',
    title: 'Photograph damage before repairs',
    advice:
      'Photograph damage, graffiti and fire damage from several angles, with something to show the size, before anything is repaired or cleaned. Keep damaged items if you can, and keep quotes and invoices for the repairs. Offensive or hateful graffiti can be removed quickly once photographed.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['criminal-damage-arson', 'burglary', 'vehicle-crime', 'hate-crime', 'anti-social-behaviour', 'metal-theft'],
    sortOrder: 80,
  },
  {
    id: 'incident-log',
    kind: 'DOCUMENTS',
    title: 'Keep a log of repeat incidents',
    advice:
      'For behaviour that keeps happening, keep a dated log: the time, what happened, the words used, who was involved and the effect on staff and trade, with the crime or incident reference numbers. Save screenshots of online abuse with the date, time and web address showing.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['anti-social-behaviour', 'hate-crime', 'public-order', 'violent-crime', 'shoplifting'],
    sortOrder: 90,
  },
  {
    id: 'machinery-marking-cesar',
    kind: 'PROPERTY',
    title: 'Mark and register machinery and plant (CESAR)',
    advice:
      'Register tractors, quads, trailers and plant under the CESAR scheme, which marks machines with unique identifiers that police can check at the roadside. Keep a register of serial, chassis and VIN numbers with photographs, fit trackers and immobilisers, and record tracker account details so they can be given to the police straight away.',
    workstream: 'PREPARE',
    crimeTypeCodes: ['farm-machinery-theft', 'vehicle-crime', 'other-theft'],
    sortOrder: 100,
  },
  {
    id: 'forensic-property-marking',
    kind: 'PROPERTY',
    title: 'Forensically mark valuable property and metal',
    advice:
      'Use a forensic marking liquid on tools, equipment, roofing lead, cable and catalytic converters, and display the warning signs. Marked property can be traced back to your business when it is recovered or offered for scrap, which helps prove the theft.',
    workstream: 'PREPARE',
    crimeTypeCodes: ['metal-theft', 'burglary', 'farm-machinery-theft', 'vehicle-crime', 'other-theft'],
    sortOrder: 110,
  },
  {
    id: 'livestock-records',
    kind: 'DOCUMENTS',
    title: 'Keep livestock records up to date',
    advice:
      'Keep the flock or herd register, ear tag and electronic identification numbers, movement records and photographs of distinctive animals up to date. After a theft, count what is missing and give the police the tag numbers, breed, markings and the field they were taken from.',
    workstream: 'PREPARE',
    crimeTypeCodes: ['livestock-theft'],
    sortOrder: 120,
  },
  {
    id: 'cyber-preserve-logs',
    kind: 'DIGITAL',
    title: 'Isolate, but do not wipe, affected computers',
    advice:
      'Disconnect affected machines from the network and Wi-Fi but leave them switched on, and do not wipe, rebuild or restore them until you have taken advice: they hold the evidence. Keep firewall, server, VPN, email and cloud sign-in logs, and write a timeline of what was seen, when and by whom.',
    workstream: 'PURSUE',
    crimeTypeCodes: liveCyberCrimes,
    sortOrder: 130,
  },
  {
    id: 'ransom-note',
    kind: 'DIGITAL',
    title: 'Keep the ransom note and attacker contact details',
    advice:
      'Photograph or save the ransom note and any messages from the attackers, with the email addresses, chat links, cryptocurrency wallet addresses and file extensions they use. Do not contact or pay the attackers before speaking to the police: paying does not guarantee your data back.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['cyber-ransomware', 'cyber-ddos', 'cyber-data-breach'],
    sortOrder: 140,
  },
  {
    id: 'phishing-email-headers',
    kind: 'DIGITAL',
    title: 'Keep suspicious emails whole, with their headers',
    advice:
      'Do not delete the email or just screenshot it: keep the original, and forward it as an attachment when asked so that the headers showing where it came from are kept. Note any links or phone numbers in it without opening them, and record who received or clicked it.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['cyber-phishing', 'payment-diversion-fraud', 'fraud', 'cyber-hacking'],
    sortOrder: 150,
  },
  {
    id: 'payment-diversion-bank-details',
    kind: 'DOCUMENTS',
    title: 'Call your bank and record the payment details',
    advice:
      'Call your bank at once on a number you trust, not one from the email, and ask it to recall the payment. Record the amount, date and time, and the account name, sort code and account number the money went to; keep the invoice, the email asking for the change and the genuine supplier details. These are what Report Fraud and the bank will need.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['payment-diversion-fraud', 'fraud'],
    sortOrder: 160,
  },
  {
    id: 'internal-records',
    kind: 'DOCUMENTS',
    title: 'Secure records before confronting anyone inside the business',
    advice:
      'If you suspect a member of staff, secure the evidence first: till and refund records, stock counts, CCTV, rotas, access-card logs and their work email and accounts. Do not confront or dismiss them before taking advice, as this can lose evidence and prejudice a prosecution.',
    workstream: 'PURSUE',
    crimeTypeCodes: ['theft-by-employee', 'fraud'],
    sortOrder: 170,
  },
  {
    id: 'cyber-incident-plan',
    kind: 'DIGITAL',
    title: 'Have offline backups and an incident plan',
    advice:
      'Keep backups that are offline or cannot be changed from your network, test restoring them, and write down who to call in an attack: the Report Fraud 24/7 live cyber attack line, your IT provider, your insurer and your bank. Keep the plan on paper too, as your systems may be down.',
    workstream: 'PREPARE',
    crimeTypeCodes: liveCyberCrimes,
    sortOrder: 180,
  },
];

/** The 9 local authority districts of Staffordshire and Stoke-on-Trent (ONS codes): the shared reference list. */
export const districts: Prisma.DistrictCreateManyInput[] = staffordshireDistricts.map(({ code, name, area }) => ({ code, name, area }));

const CANNOCK_CHASE = 'E07000192';
const EAST_STAFFORDSHIRE = 'E07000193';
const LICHFIELD = 'E07000194';
const NEWCASTLE = 'E07000195';
const SOUTH_STAFFORDSHIRE = 'E07000196';
const STAFFORD = 'E07000197';
const MOORLANDS = 'E07000198';
const TAMWORTH = 'E07000199';
const STOKE = 'E06000021';

/** Postcode outward codes and the district each mainly falls in. Outward codes outside the area are left out. */
export const postcodeDistricts: Prisma.PostcodeDistrictCreateManyInput[] = [
  // Stoke-on-Trent
  { outwardCode: 'ST1', districtCode: STOKE, places: 'Hanley, Shelton, Etruria, Northwood, Birches Head' },
  { outwardCode: 'ST2', districtCode: STOKE, places: 'Bucknall, Abbey Hulton, Bentilee, Milton, Townsend, Ubberley' },
  { outwardCode: 'ST3', districtCode: STOKE, places: 'Longton, Meir, Normacot, Blurton, Dresden, Lightwood, Weston Coyney' },
  { outwardCode: 'ST4', districtCode: STOKE, places: 'Stoke, Fenton, Penkhull, Hartshill, Trent Vale, Hanford, Trentham' },
  { outwardCode: 'ST6', districtCode: STOKE, places: 'Burslem, Tunstall, Smallthorne, Norton, Chell, Goldenhill, Middleport, Sneyd Green, Cobridge' },
  // Newcastle-under-Lyme
  { outwardCode: 'ST5', districtCode: NEWCASTLE, places: 'Newcastle-under-Lyme, Wolstanton, Porthill, Chesterton, Silverdale, Knutton, Keele, Clayton, Bradwell' },
  { outwardCode: 'ST7', districtCode: NEWCASTLE, places: 'Kidsgrove, Talke, Butt Lane, Audley, Bignall End, Halmer End' },
  // Staffordshire Moorlands
  { outwardCode: 'ST8', districtCode: MOORLANDS, places: 'Biddulph, Biddulph Moor, Knypersley, Gillow Heath' },
  { outwardCode: 'ST9', districtCode: MOORLANDS, places: 'Endon, Stockton Brook, Werrington, Bagnall, Stanley, Wetley Rocks, Cellarhead' },
  { outwardCode: 'ST10', districtCode: MOORLANDS, places: 'Cheadle, Tean, Alton, Oakamoor, Kingsley, Froghall, Ipstones, Waterhouses' },
  { outwardCode: 'ST11', districtCode: MOORLANDS, places: 'Blythe Bridge, Forsbrook, Caverswall, Dilhorne, Draycott in the Moors, Cresswell' },
  { outwardCode: 'ST13', districtCode: MOORLANDS, places: 'Leek, Cheddleton, Rudyard, Horton, Meerbrook, Upper Hulme, Bradnop, Onecote' },
  // Stafford
  { outwardCode: 'ST12', districtCode: STAFFORD, places: 'Barlaston, Tittensor' },
  { outwardCode: 'ST15', districtCode: STAFFORD, places: 'Stone, Walton, Oulton, Yarnfield, Swynnerton, Hilderstone, Moddershall, Fulford' },
  { outwardCode: 'ST16', districtCode: STAFFORD, places: 'Stafford (town centre and north), Holmcroft, Tillington, Beaconside, Parkside' },
  { outwardCode: 'ST17', districtCode: STAFFORD, places: 'Stafford (south and east), Rowley Park, Baswich, Weeping Cross, Wildwood, Highfields, Milford, Brocton, Acton Trussell' },
  { outwardCode: 'ST18', districtCode: STAFFORD, places: 'Great Haywood, Little Haywood, Colwich, Hixon, Weston, Haughton, Derrington, Seighford, Stowe-by-Chartley, Church Eaton' },
  { outwardCode: 'ST20', districtCode: STAFFORD, places: 'Gnosall, Woodseaves, Norbury, High Offley' },
  { outwardCode: 'ST21', districtCode: STAFFORD, places: 'Eccleshall, Croxton, Slindon, Cotes Heath, Standon' },
  // East Staffordshire
  { outwardCode: 'ST14', districtCode: EAST_STAFFORDSHIRE, places: 'Uttoxeter, Rocester, Denstone, Marchington, Kingstone, Bramshall' },
  { outwardCode: 'DE13', districtCode: EAST_STAFFORDSHIRE, places: 'Horninglow, Stretton, Tutbury, Rolleston on Dove, Barton-under-Needwood, Anslow, Tatenhill, Yoxall' },
  { outwardCode: 'DE14', districtCode: EAST_STAFFORDSHIRE, places: 'Burton upon Trent (town centre), Shobnall, Branston' },
  { outwardCode: 'DE15', districtCode: EAST_STAFFORDSHIRE, places: 'Stapenhill, Winshill, Brizlincote' },
  // Cannock Chase
  { outwardCode: 'WS11', districtCode: CANNOCK_CHASE, places: 'Cannock, Bridgtown, Chadsmoor, Norton Canes, Wedges Mills' },
  { outwardCode: 'WS12', districtCode: CANNOCK_CHASE, places: 'Hednesford, Heath Hayes, Pye Green, Rawnsley, Hazelslade, Cannock Wood' },
  { outwardCode: 'WS15', districtCode: CANNOCK_CHASE, places: 'Rugeley, Brereton, Slitting Mill, Armitage, Handsacre, Colton' },
  // Lichfield
  { outwardCode: 'WS7', districtCode: LICHFIELD, places: 'Burntwood, Chasetown, Chase Terrace, Hammerwich, Gentleshaw, Boney Hay' },
  { outwardCode: 'WS13', districtCode: LICHFIELD, places: 'Lichfield (city centre and north), Streethay, Fradley, Elmhurst, Longdon' },
  { outwardCode: 'WS14', districtCode: LICHFIELD, places: 'Lichfield (south), Boley Park, Whittington, Shenstone, Stonnall, Wall' },
  // South Staffordshire
  { outwardCode: 'ST19', districtCode: SOUTH_STAFFORDSHIRE, places: 'Penkridge, Brewood, Wheaton Aston, Lapley, Bishops Wood, Dunston' },
  { outwardCode: 'WS6', districtCode: SOUTH_STAFFORDSHIRE, places: 'Great Wyrley, Cheslyn Hay, Landywood' },
  { outwardCode: 'WV5', districtCode: SOUTH_STAFFORDSHIRE, places: 'Wombourne, Trysull, Seisdon, Swindon, Orton' },
  { outwardCode: 'WV8', districtCode: SOUTH_STAFFORDSHIRE, places: 'Codsall, Bilbrook, Oaken' },
  { outwardCode: 'WV9', districtCode: SOUTH_STAFFORDSHIRE, places: 'Coven, Coven Heath' },
  { outwardCode: 'DY7', districtCode: SOUTH_STAFFORDSHIRE, places: 'Kinver, Enville, Stourton, Bobbington' },
  // Tamworth
  { outwardCode: 'B77', districtCode: TAMWORTH, places: 'Wilnecote, Glascote, Belgrave, Stonydelph, Two Gates, Kettlebrook' },
  { outwardCode: 'B78', districtCode: TAMWORTH, places: 'Dosthill, Fazeley, Drayton Bassett' },
  { outwardCode: 'B79', districtCode: TAMWORTH, places: 'Tamworth (town centre), Amington, Bolehall, Gillway, Leyfields' },
];

const teamUrl = (slug: string): string => `https://www.staffordshire.police.uk/area/your-area/staffordshire/${slug}/`;

/** Staffordshire Police's 10 local policing teams: one per district, two for Stoke-on-Trent. */
export const policingTeams: Prisma.PolicingTeamCreateManyInput[] = [
  {
    id: 'lpt-stoke-north',
    name: 'Stoke-on-Trent North Local Policing Team',
    districtCode: STOKE,
    covers: 'Hanley, Burslem, Tunstall, Smallthorne, Bucknall, Abbey Hulton, Norton and Chell',
    url: teamUrl('stoke-on-trent-north'),
  },
  {
    id: 'lpt-stoke-south',
    name: 'Stoke-on-Trent South Local Policing Team',
    districtCode: STOKE,
    covers: 'Longton, Meir, Fenton, Stoke, Trentham, Hartshill, Penkhull and Blurton',
    url: teamUrl('stoke-on-trent-south'),
  },
  {
    id: 'lpt-newcastle',
    name: 'Newcastle-under-Lyme Local Policing Team',
    districtCode: NEWCASTLE,
    covers: 'Newcastle-under-Lyme, Kidsgrove, Talke, Audley, Silverdale, Keele, Chesterton, Madeley and Loggerheads',
    url: teamUrl('newcastle-under-lyme'),
  },
  {
    id: 'lpt-moorlands',
    name: 'Staffordshire Moorlands Local Policing Team',
    districtCode: MOORLANDS,
    covers: 'Leek, Biddulph, Cheadle, Blythe Bridge, Werrington, Endon, Alton and the rural Moorlands',
    url: teamUrl('staffordshire-moorlands'),
  },
  {
    id: 'lpt-stafford',
    name: 'Stafford Local Policing Team',
    districtCode: STAFFORD,
    covers: 'Stafford, Stone, Eccleshall, Gnosall, Great Haywood, Hixon and Barlaston',
    url: teamUrl('stafford'),
  },
  {
    id: 'lpt-east-staffordshire',
    name: 'East Staffordshire Local Policing Team',
    districtCode: EAST_STAFFORDSHIRE,
    covers: 'Burton upon Trent, Uttoxeter, Tutbury, Barton-under-Needwood, Rocester and Abbots Bromley',
    url: teamUrl('east-staffordshire'),
  },
  {
    id: 'lpt-cannock-chase',
    name: 'Cannock Chase Local Policing Team',
    districtCode: CANNOCK_CHASE,
    covers: 'Cannock, Hednesford, Rugeley, Heath Hayes, Norton Canes and Brereton',
    url: teamUrl('cannock-chase'),
  },
  {
    id: 'lpt-lichfield',
    name: 'Lichfield Local Policing Team',
    districtCode: LICHFIELD,
    covers: 'Lichfield, Burntwood, Chasetown, Fradley, Alrewas, Armitage, Shenstone and Whittington',
    url: teamUrl('lichfield'),
  },
  {
    id: 'lpt-tamworth',
    name: 'Tamworth Local Policing Team',
    districtCode: TAMWORTH,
    covers: 'Tamworth town centre, Wilnecote, Glascote, Amington, Belgrave and Dosthill',
    url: teamUrl('tamworth'),
  },
  {
    id: 'lpt-south-staffordshire',
    name: 'South Staffordshire Local Policing Team',
    districtCode: SOUTH_STAFFORDSHIRE,
    covers: 'Codsall, Wombourne, Penkridge, Perton, Great Wyrley, Cheslyn Hay, Brewood, Kinver and Huntington',
    url: teamUrl('south-staffordshire'),
  },
];
