// Seed data for the victims subgraph: victim services in Staffordshire and Stoke-on-Trent, and the rights
// in the Victims' Code. It holds no personal data (any would be synthetic).
import type { Prisma } from './generated/prisma/client.ts';

// ONS codes of the 9 districts (owned by the police subgraph).
const CANNOCK_CHASE = 'E07000192';
const EAST_STAFFORDSHIRE = 'E07000193';
const LICHFIELD = 'E07000194';
const NEWCASTLE = 'E07000195';
const SOUTH_STAFFORDSHIRE = 'E07000196';
const STAFFORD = 'E07000197';
const MOORLANDS = 'E07000198';
const TAMWORTH = 'E07000199';
const STOKE = 'E06000021';

const ALL_DISTRICTS = [
  CANNOCK_CHASE,
  EAST_STAFFORDSHIRE,
  LICHFIELD,
  NEWCASTLE,
  SOUTH_STAFFORDSHIRE,
  STAFFORD,
  MOORLANDS,
  TAMWORTH,
  STOKE,
];

// Crime type codes (owned by the police subgraph).
const CYBER = ['cyber-ransomware', 'cyber-phishing', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'];
const FRAUD = ['fraud', 'payment-diversion-fraud'];
const TOWN_CENTRE = [
  'shoplifting',
  'violent-crime',
  'robbery',
  'public-order',
  'anti-social-behaviour',
  'criminal-damage-arson',
];

/** Victim services a Staffordshire business or person may meet. providerId is an organisation id in the support subgraph. */
export const victimServices: Prisma.VictimServiceCreateManyInput[] = [
  {
    id: 'staffordshire-victim-gateway',
    providerId: 'victim-gateway',
    name: 'Staffordshire Victim Gateway',
    description:
      'Free, confidential information, advice and emotional and practical support for anyone affected by crime in Staffordshire and Stoke-on-Trent, including businesses and their staff, whether or not the crime was reported to the police. It helps with the impact on the business, insurance and compensation, the court process, and hands over to specialist services. Commissioned by the Staffordshire Commissioner and delivered by Victim Support.',
    phone: '0800 952 0050',
    email: null,
    url: 'https://www.staffordshirevictimgateway.org.uk',
    hours: 'Monday to Friday, office hours; leave a message or use the website out of hours',
    referralRoute: 'SELF_OR_POLICE',
    howToBeReferred:
      'Contact the Gateway yourself by phone or through its website, or agree to a referral when you report the crime to Staffordshire Police. You do not need a crime reference number.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: true,
    crimeTypeCodes: [],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 10,
  },
  {
    id: 'staffordshire-restorative-justice',
    providerId: 'staffordshire-commissioner',
    name: 'Staffordshire Restorative Justice Service',
    description:
      'A trained facilitator arranges safe, voluntary communication between the victim and the offender, face to face or by letter, so that the victim can explain the harm done and get answers. Businesses take part through the owner or a manager. Commissioned by the Staffordshire Commissioner and available at any stage, before or after sentence.',
    phone: '0800 952 0050',
    email: null,
    url: 'https://www.staffordshirevictimgateway.org.uk',
    hours: 'Monday to Friday, office hours',
    referralRoute: 'SELF_OR_POLICE',
    howToBeReferred:
      'Ask the Victim Gateway or the officer in the case. The offender must have admitted the offence and both sides must agree; it is your choice and you can stop at any time.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: false,
    crimeTypeCodes: [
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
      'fuel-theft',
      'hate-crime',
    ],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 20,
  },
  {
    id: 'report-fraud-victim-service',
    providerId: 'necvcu',
    name: 'Report Fraud Victim Service (formerly the National Economic Crime Victim Care Unit)',
    description:
      'Specialist advocates, run by City of London Police, contact victims of fraud and cyber crime after they report to Report Fraud. They give advice on recovering and on protecting the business or person from being targeted again, and refer vulnerable victims on for further support. They do not investigate and will never ask for bank details or passwords.',
    phone: null,
    email: null,
    url: 'https://www.reportfraud.police.uk',
    hours: null,
    referralRoute: 'POLICE_REFERRAL',
    howToBeReferred:
      'Report the fraud or cyber crime to Report Fraud online or on 0300 123 2040. Your report may be passed to the service, which will contact you. To check a caller is genuine, call 101 and ask for City of London Police.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: false,
    crimeTypeCodes: [...FRAUD, ...CYBER],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 30,
  },
  {
    id: 'wmrocu-cyber-protect',
    providerId: 'wmrocu',
    name: 'West Midlands Regional Cyber Crime Unit: victim follow-up and Cyber Protect',
    description:
      'The regional cyber crime unit, which Staffordshire Police shares with West Midlands, West Mercia and Warwickshire, helps organisations hit by serious cyber attacks such as ransomware and data extortion. Its Protect officers follow up after an attack with advice on recovering securely and stopping it happening again, and give free talks and exercises to businesses.',
    phone: null,
    email: null,
    url: 'https://www.wmrocu.org.uk',
    hours: null,
    referralRoute: 'SELF_OR_POLICE',
    howToBeReferred:
      'Report a live attack on the Report Fraud 24/7 line (0300 123 2040): serious attacks on organisations are passed to the unit. Businesses can also ask for Cyber Protect advice through the unit website.',
    servesBusinesses: true,
    servesIndividuals: false,
    allCrimeTypes: false,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 40,
  },
  {
    id: 'staffordshire-police-cyber-protect',
    providerId: 'staffordshire-police',
    name: 'Staffordshire Police Cyber Crime Unit: Protect follow-up',
    description:
      "The force's cyber crime team contacts local people and businesses who have reported cyber crime to Report Fraud, to check they are secure, explain what happens next and give practical advice, such as turning on two-step verification and making backups. It also runs cyber awareness sessions for businesses.",
    phone: '101',
    email: null,
    url: 'https://www.staffordshire.police.uk',
    hours: null,
    referralRoute: 'POLICE_REFERRAL',
    howToBeReferred:
      'Report the cyber crime to Report Fraud; reports from Staffordshire and Stoke-on-Trent are passed to the force, whose Protect officers get in touch.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: false,
    crimeTypeCodes: CYBER,
    districtCodes: ALL_DISTRICTS,
    sortOrder: 50,
  },
  {
    id: 'staffordshire-witness-care-unit',
    providerId: 'staffordshire-police',
    name: 'Staffordshire Witness Care Unit',
    description:
      'Once someone has been charged, the Witness Care Unit is the single point of contact for victims and witnesses, including the named contact of a business. It tells you about court dates, bail and the outcome, arranges support at court and special measures, and helps with expenses.',
    phone: '101',
    email: null,
    url: 'https://www.staffordshire.police.uk',
    hours: 'Monday to Friday, office hours',
    referralRoute: 'POLICE_REFERRAL',
    howToBeReferred:
      'Automatic when a suspect is charged and you are a victim or witness in the case; the unit will contact you.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: true,
    crimeTypeCodes: [],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 60,
  },
  {
    id: 'staffordshire-police-rural-crime',
    providerId: 'staffordshire-police',
    name: 'Staffordshire Police rural crime victim support',
    description:
      "Officers with rural crime training follow up thefts from farms and rural businesses: they give crime prevention and security advice, check stolen machinery and livestock against national databases, and keep farmers updated. Covers the county's rural districts.",
    phone: '101',
    email: null,
    url: 'https://www.staffordshire.police.uk',
    hours: null,
    referralRoute: 'POLICE_REFERRAL',
    howToBeReferred: 'Report the theft to Staffordshire Police (999 if it is happening now, otherwise 101 or online) and say it is a rural crime.',
    servesBusinesses: true,
    servesIndividuals: true,
    allCrimeTypes: false,
    crimeTypeCodes: ['farm-machinery-theft', 'livestock-theft', 'fuel-theft', 'metal-theft'],
    districtCodes: [MOORLANDS, STAFFORD, SOUTH_STAFFORDSHIRE, EAST_STAFFORDSHIRE, LICHFIELD, NEWCASTLE],
    sortOrder: 70,
  },
  {
    id: 'pabcis-business-crime-partnerships',
    providerId: 'pabcis',
    name: 'PABCIS town-centre business crime partnerships',
    description:
      'Local business crime reduction partnerships accredited by PABCIS support member shops, pubs and other town-centre businesses after an incident: they share offender alerts, manage exclusion schemes, help put together evidence and an Impact Statement for Business, and liaise with the local policing team.',
    phone: null,
    email: null,
    url: 'https://www.pabcis.co.uk',
    hours: null,
    referralRoute: 'SELF_REFERRAL',
    howToBeReferred: 'Join or contact your local PABCIS partnership; support is for member businesses.',
    servesBusinesses: true,
    servesIndividuals: false,
    allCrimeTypes: false,
    crimeTypeCodes: TOWN_CENTRE,
    districtCodes: [NEWCASTLE, MOORLANDS, EAST_STAFFORDSHIRE, LICHFIELD],
    sortOrder: 80,
  },
  {
    id: 'stoke-on-trent-bcrp',
    providerId: 'pabcis',
    name: 'Stoke-on-Trent Business Crime Reduction Partnership',
    description:
      "The city's business crime partnership supports member businesses in Hanley, Longton, Burslem and the other town centres after shoplifting, violence and anti-social behaviour: radio and online alerts, an exclusion scheme for repeat offenders, help with evidence and Impact Statements for Business, and links to the Stoke-on-Trent local policing teams.",
    phone: null,
    email: null,
    url: 'https://www.pabcis.co.uk',
    hours: null,
    referralRoute: 'SELF_REFERRAL',
    howToBeReferred: 'Join the partnership as a business in Stoke-on-Trent, or contact it through PABCIS.',
    servesBusinesses: true,
    servesIndividuals: false,
    allCrimeTypes: false,
    crimeTypeCodes: [...TOWN_CENTRE, 'hate-crime'],
    districtCodes: [STOKE],
    sortOrder: 90,
  },
  {
    id: 'victim-support-supportline',
    providerId: 'victim-support',
    name: 'Victim Support Supportline',
    description:
      'Free, confidential emotional support and information for people affected by any crime, at any time of day or night, whether or not it was reported. It supports individuals, including staff who were victims at work; it does not support businesses as organisations.',
    phone: '08 08 16 89 111',
    email: null,
    url: 'https://www.victimsupport.org.uk',
    hours: '24 hours a day, 7 days a week',
    referralRoute: 'SELF_REFERRAL',
    howToBeReferred: 'Call the Supportline free or use live chat on the Victim Support website.',
    servesBusinesses: false,
    servesIndividuals: true,
    allCrimeTypes: true,
    crimeTypeCodes: [],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 100,
  },
  {
    id: 'citizens-advice-scams',
    providerId: 'citizens-advice-staffordshire',
    name: 'Citizens Advice help for scam and fraud victims',
    description:
      'Local Citizens Advice in Staffordshire, with the national Scams Action service, helps people who have been scammed: what to do next, getting money back from banks and card providers, dealing with debts the fraud caused, and reporting it. For individuals and households, not businesses.',
    phone: '0808 250 5050',
    email: null,
    url: 'https://www.citizensadvice.org.uk/consumer/scams/',
    hours: 'Monday to Friday, 9am to 5pm',
    referralRoute: 'SELF_REFERRAL',
    howToBeReferred: 'Call Scams Action, use its online chat, or visit a local Citizens Advice in Staffordshire or Stoke-on-Trent.',
    servesBusinesses: false,
    servesIndividuals: true,
    allCrimeTypes: false,
    crimeTypeCodes: ['fraud', 'payment-diversion-fraud', 'cyber-phishing'],
    districtCodes: ALL_DISTRICTS,
    sortOrder: 110,
  },
];

/** The 12 rights of the Code of Practice for Victims of Crime in England and Wales (the Victims' Code, in force from April 2021). */
export const victimsCodeRights: Prisma.VictimsCodeRightCreateManyInput[] = [
  {
    number: 1,
    title: 'To be able to understand and to be understood',
    summary:
      'Services must communicate in simple, accessible language, and you can have help to understand and be understood, including an interpreter or translation of key documents if you do not speak English.',
    appliesToBusinesses: true,
    forBusinesses:
      'A business names a point of contact, usually the owner or a manager, and communication about the crime goes through that person.',
  },
  {
    number: 2,
    title: 'To have the details of the crime recorded without unjustified delay',
    summary:
      'When you report a crime to the police it must be recorded without unjustified delay, and you should get written confirmation with a crime reference number.',
    appliesToBusinesses: true,
    forBusinesses:
      'The business gets the written acknowledgement and crime reference number through its named point of contact; keep it for insurers and the bank.',
  },
  {
    number: 3,
    title: 'To be provided with information when reporting the crime',
    summary:
      'When you report, you must be told what to expect from the criminal justice process, how you will be kept updated, and what support is available.',
    appliesToBusinesses: true,
    forBusinesses: 'The named point of contact is told what will happen next and how the business will be updated.',
  },
  {
    number: 4,
    title: 'To be referred to services that support victims and have services and support tailored to your needs',
    summary:
      'The police must assess your needs and, with your agreement, refer you to support services within two working days. You can also contact support services yourself, whether or not you report.',
    appliesToBusinesses: true,
    forBusinesses:
      'A business can be referred to the Staffordshire Victim Gateway and other services that support businesses; staff harmed at work can be referred in their own right.',
  },
  {
    number: 5,
    title: 'To be provided with information about compensation',
    summary:
      'You must be told how to seek compensation, for example a court compensation order against the offender or, for injuries from violent crime, the Criminal Injuries Compensation Scheme.',
    appliesToBusinesses: true,
    forBusinesses:
      'A court can order an offender to pay a business compensation for its loss or damage, so keep records of what the crime cost. The Criminal Injuries Compensation Scheme is only for injured people, such as staff assaulted at work, not for the business.',
  },
  {
    number: 6,
    title: 'To be provided with information about the investigation and prosecution',
    summary:
      'You must be told about key decisions, such as whether a suspect is arrested, charged, released or given an out-of-court disposal, and whether the case will go to court.',
    appliesToBusinesses: true,
    forBusinesses: 'Updates on the investigation and any prosecution go to the business through its named point of contact.',
  },
  {
    number: 7,
    title: 'To make a Victim Personal Statement',
    summary:
      'You can make a statement explaining how the crime has affected you, which the court takes into account when sentencing. You can say whether you want to read it aloud or have it read for you.',
    appliesToBusinesses: true,
    forBusinesses:
      'A business makes an Impact Statement for Business (ISB) through its named point of contact, setting out the effect on trade, costs, reputation and staff. Staff who were personally affected can still make their own Victim Personal Statement.',
  },
  {
    number: 8,
    title: 'To be given information about the trial, trial process and your role as a witness',
    summary:
      'If you are a witness, you must be told about court dates and what to expect, offered a visit to the court beforehand, and considered for special measures that help you give your best evidence.',
    appliesToBusinesses: true,
    forBusinesses:
      'The Witness Care Unit contacts the named point of contact and any staff called as witnesses with court dates and arrangements.',
  },
  {
    number: 9,
    title: 'To be given information about the outcome of the case and any appeals',
    summary:
      'You must be told the verdict and, if the defendant is convicted, the sentence with an explanation, and about any appeal and its outcome.',
    appliesToBusinesses: true,
    forBusinesses: 'The outcome, sentence and any appeal are explained to the business through its named point of contact.',
  },
  {
    number: 10,
    title: 'To be paid expenses and have property returned',
    summary:
      'If you attend court as a witness you can claim certain expenses, such as travel and loss of earnings, and property taken as evidence should be returned as soon as possible.',
    appliesToBusinesses: true,
    forBusinesses:
      'Stolen goods, equipment or documents the police hold as evidence should be returned to the business as soon as they are no longer needed; staff attending court as witnesses can claim expenses.',
  },
  {
    number: 11,
    title: 'To be given information about the offender following a conviction',
    summary:
      'If the offender is sentenced to 12 months or more for a violent or sexual offence, you can join the Victim Contact Scheme to be told about their release and to ask for licence conditions.',
    appliesToBusinesses: false,
    forBusinesses:
      'The Victim Contact Scheme is for people, not businesses: a member of staff who was the victim of a qualifying violent or sexual offence can join it in their own right.',
  },
  {
    number: 12,
    title: 'To make a complaint about your rights not being met',
    summary:
      'If you think an organisation has not given you your rights under the Code, you can complain to it, and if still unhappy, ask your MP to refer the complaint to the Parliamentary and Health Service Ombudsman.',
    appliesToBusinesses: true,
    forBusinesses: 'The named point of contact can complain on behalf of the business to the organisation concerned, for example Staffordshire Police.',
  },
];
