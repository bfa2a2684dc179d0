// Seed data for the cyber subgraph: Cyber Champions courses, training sessions and the champions register.
// Sessions are dated relative to the seed time; the businesses on the register are obviously synthetic.
import type { Prisma } from './generated/prisma/client.ts';

type CourseId =
  'course-intro' | 'course-phishing' | 'course-ransomware' | 'course-cyber-essentials' | 'course-accounts' | 'course-incident-response' | 'course-it-practitioner' | 'course-exercise-in-a-box';

export const courses: Prisma.CourseCreateManyInput[] = [
  {
    id: 'course-intro',
    title: 'Cyber Champions: Introduction to cyber security',
    description:
      'The core Cyber Champions course for anyone in a business: how cyber criminals target organisations, the handful of habits that stop most attacks, and how to be the person colleagues turn to with questions.',
    level: 'INTRODUCTORY',
    workstream: 'PREVENT',
    providerId: 'staffordshire-cyber-champions',
    durationMinutes: 120,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-phishing', 'cyber-hacking', 'cyber-data-breach'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
  {
    id: 'course-phishing',
    title: 'Spotting and reporting phishing',
    description: 'Real examples of phishing emails, texts and calls aimed at local businesses, including fake invoices and changed bank details, and how to report them to the NCSC and Report Fraud.',
    level: 'INTRODUCTORY',
    workstream: 'PREVENT',
    providerId: 'staffordshire-cyber-champions',
    durationMinutes: 90,
    crimeTypeCodes: ['cyber-phishing', 'fraud', 'payment-diversion-fraud'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
  {
    id: 'course-ransomware',
    title: 'Ransomware: prepare, respond, recover',
    description:
      "How ransomware attacks unfold, the offline backups and access controls that limit the damage, and what to do in the first hours of an attack, led by the Regional Cyber Crime Unit's Cyber Protect officers.",
    level: 'INTRODUCTORY',
    workstream: 'PREPARE',
    providerId: 'wmrocu',
    durationMinutes: 150,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-data-breach'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
  {
    id: 'course-cyber-essentials',
    title: 'Cyber Essentials in practice',
    description:
      "A walk through the five Cyber Essentials controls (firewalls, secure configuration, user access, malware protection and updates) and the self-assessment questions, for whoever looks after a small business's IT.",
    level: 'PRACTITIONER',
    workstream: 'PREVENT',
    providerId: 'wmcrc',
    durationMinutes: 180,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-phishing', 'cyber-data-breach'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
  {
    id: 'course-accounts',
    title: 'Securing accounts: passwords and two-step verification',
    description:
      'A hands-on session on password managers, three-random-words passwords and switching on two-step verification for email, banking and social media accounts, with a Staffordshire Police Cyber Protect officer.',
    level: 'INTRODUCTORY',
    workstream: 'PREVENT',
    providerId: 'staffordshire-police',
    durationMinutes: 60,
    crimeTypeCodes: ['cyber-hacking', 'cyber-phishing', 'cyber-data-breach', 'payment-diversion-fraud'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
  {
    id: 'course-incident-response',
    title: 'Incident response planning for SMEs',
    description: 'Write a simple, workable cyber incident response plan for your business: who decides what, who to call, how to keep trading and when to report to police and the ICO.',
    level: 'PRACTITIONER',
    workstream: 'PREPARE',
    providerId: 'wmcrc',
    durationMinutes: 180,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-ddos', 'cyber-data-breach', 'cyber-hacking'],
    eligibleSectors: [],
    eligibleSizes: ['MICRO', 'SMALL', 'MEDIUM'],
  },
  {
    id: 'course-it-practitioner',
    title: 'Cyber Champions practitioner: hardening, backups and logging for IT staff',
    description:
      'A technical day for in-house IT staff of medium and large organisations: hardening servers and cloud tenancies, immutable backups, centralised logging and spotting the early signs of an intrusion.',
    level: 'ADVANCED',
    workstream: 'PREVENT',
    providerId: 'wmrocu',
    durationMinutes: 240,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-hacking', 'cyber-ddos', 'cyber-data-breach'],
    eligibleSectors: [],
    eligibleSizes: ['MEDIUM', 'LARGE'],
  },
  {
    id: 'course-exercise-in-a-box',
    title: 'Exercise in a Box: test your response to an attack',
    description: "A guided online run-through of the NCSC's free Exercise in a Box, so your team can rehearse a ransomware or phishing incident and then run further exercises on its own.",
    level: 'INTRODUCTORY',
    workstream: 'PREPARE',
    providerId: 'ncsc',
    durationMinutes: 120,
    crimeTypeCodes: ['cyber-ransomware', 'cyber-phishing', 'cyber-data-breach'],
    eligibleSectors: [],
    eligibleSizes: [],
  },
];

// --- Training sessions -------------------------------------------------------------------------

function durationMinutes(courseId: CourseId): number {
  const course = courses.find((c) => c.id === courseId);
  if (!course) throw new Error(`seed: unknown course ${courseId}`);
  return course.durationMinutes;
}

/** Start times (UTC) used for sessions: morning, afternoon and evening. */
const SLOTS = {
  morning: [9, 30],
  afternoon: [13, 30],
  evening: [18, 0],
} as const;
type Slot = keyof typeof SLOTS;

const VENUES = {
  online: { venue: 'Online (Microsoft Teams)', districtCode: null, online: true },
  stafford: { venue: 'Staffordshire Place, Stafford', districtCode: 'E07000197', online: false },
  stokeEnterprise: { venue: 'Stoke-on-Trent Enterprise Centre', districtCode: 'E06000021', online: false },
  staffsUni: { venue: 'Staffordshire University, Stoke-on-Trent', districtCode: 'E06000021', online: false },
  burton: { venue: 'Burton Library', districtCode: 'E07000193', online: false },
  tamworth: { venue: 'Tamworth Enterprise Centre', districtCode: 'E07000199', online: false },
  lichfield: { venue: 'Lichfield Guildhall', districtCode: 'E07000194', online: false },
  keele: { venue: 'Keele University Science Park', districtCode: 'E07000195', online: false },
  leek: { venue: 'Moorlands House, Leek', districtCode: 'E07000198', online: false },
  cannock: { venue: 'Civic Centre, Cannock', districtCode: 'E07000192', online: false },
  codsall: { venue: 'South Staffordshire Council Offices, Codsall', districtCode: 'E07000196', online: false },
} as const;
type VenueKey = keyof typeof VENUES;

interface SessionSpec {
  id: string;
  courseId: CourseId;
  /** Days after the seed date (negative = in the past); moved forward to the next weekday. */
  day: number;
  slot: Slot;
  at: VenueKey;
  capacity: number;
  seatsBooked: number;
}

const SESSION_SPECS: SessionSpec[] = [
  // Introduction: sess-intro-01 is full.
  { id: 'sess-intro-01', courseId: 'course-intro', day: 3, slot: 'morning', at: 'stafford', capacity: 20, seatsBooked: 20 },
  { id: 'sess-intro-02', courseId: 'course-intro', day: 10, slot: 'evening', at: 'online', capacity: 40, seatsBooked: 18 },
  { id: 'sess-intro-03', courseId: 'course-intro', day: 24, slot: 'morning', at: 'tamworth', capacity: 16, seatsBooked: 5 },
  { id: 'sess-intro-04', courseId: 'course-intro', day: 45, slot: 'afternoon', at: 'leek', capacity: 14, seatsBooked: 2 },
  { id: 'sess-intro-05', courseId: 'course-intro', day: 78, slot: 'morning', at: 'burton', capacity: 18, seatsBooked: 0 },
  // Phishing
  { id: 'sess-phishing-01', courseId: 'course-phishing', day: 6, slot: 'afternoon', at: 'online', capacity: 40, seatsBooked: 31 },
  { id: 'sess-phishing-02', courseId: 'course-phishing', day: 20, slot: 'morning', at: 'stokeEnterprise', capacity: 24, seatsBooked: 9 },
  { id: 'sess-phishing-03', courseId: 'course-phishing', day: 52, slot: 'evening', at: 'online', capacity: 40, seatsBooked: 4 },
  { id: 'sess-phishing-04', courseId: 'course-phishing', day: 96, slot: 'morning', at: 'cannock', capacity: 20, seatsBooked: 0 },
  // Ransomware: open to every sector and size, with seats left.
  { id: 'sess-ransomware-01', courseId: 'course-ransomware', day: 8, slot: 'morning', at: 'online', capacity: 40, seatsBooked: 22 },
  { id: 'sess-ransomware-02', courseId: 'course-ransomware', day: 29, slot: 'afternoon', at: 'stafford', capacity: 24, seatsBooked: 11 },
  { id: 'sess-ransomware-03', courseId: 'course-ransomware', day: 63, slot: 'morning', at: 'staffsUni', capacity: 30, seatsBooked: 3 },
  { id: 'sess-ransomware-04', courseId: 'course-ransomware', day: 110, slot: 'evening', at: 'online', capacity: 40, seatsBooked: 0 },
  // Cyber Essentials in practice
  { id: 'sess-essentials-01', courseId: 'course-cyber-essentials', day: 13, slot: 'morning', at: 'keele', capacity: 20, seatsBooked: 14 },
  { id: 'sess-essentials-02', courseId: 'course-cyber-essentials', day: 41, slot: 'afternoon', at: 'online', capacity: 30, seatsBooked: 6 },
  { id: 'sess-essentials-03', courseId: 'course-cyber-essentials', day: 85, slot: 'morning', at: 'lichfield', capacity: 16, seatsBooked: 0 },
  // Securing accounts
  { id: 'sess-accounts-01', courseId: 'course-accounts', day: 4, slot: 'evening', at: 'online', capacity: 40, seatsBooked: 12 },
  { id: 'sess-accounts-02', courseId: 'course-accounts', day: 34, slot: 'morning', at: 'codsall', capacity: 12, seatsBooked: 3 },
  { id: 'sess-accounts-03', courseId: 'course-accounts', day: 67, slot: 'afternoon', at: 'burton', capacity: 16, seatsBooked: 1 },
  { id: 'sess-accounts-04', courseId: 'course-accounts', day: 103, slot: 'evening', at: 'online', capacity: 40, seatsBooked: 0 },
  // Incident response planning (SMEs)
  { id: 'sess-incident-01', courseId: 'course-incident-response', day: 16, slot: 'morning', at: 'stokeEnterprise', capacity: 20, seatsBooked: 8 },
  { id: 'sess-incident-02', courseId: 'course-incident-response', day: 57, slot: 'afternoon', at: 'online', capacity: 30, seatsBooked: 2 },
  { id: 'sess-incident-03', courseId: 'course-incident-response', day: 99, slot: 'morning', at: 'tamworth', capacity: 16, seatsBooked: 0 },
  // IT practitioner (medium and large organisations)
  { id: 'sess-practitioner-01', courseId: 'course-it-practitioner', day: 22, slot: 'morning', at: 'staffsUni', capacity: 16, seatsBooked: 12 },
  { id: 'sess-practitioner-02', courseId: 'course-it-practitioner', day: 71, slot: 'morning', at: 'online', capacity: 24, seatsBooked: 3 },
  { id: 'sess-practitioner-03', courseId: 'course-it-practitioner', day: 115, slot: 'morning', at: 'keele', capacity: 16, seatsBooked: 0 },
  // Exercise in a Box (online only)
  { id: 'sess-exercise-01', courseId: 'course-exercise-in-a-box', day: 11, slot: 'afternoon', at: 'online', capacity: 30, seatsBooked: 9 },
  { id: 'sess-exercise-02', courseId: 'course-exercise-in-a-box', day: 48, slot: 'morning', at: 'online', capacity: 30, seatsBooked: 1 },
  { id: 'sess-exercise-03', courseId: 'course-exercise-in-a-box', day: 92, slot: 'afternoon', at: 'online', capacity: 30, seatsBooked: 0 },
  // Past sessions: never upcoming.
  { id: 'sess-intro-past-01', courseId: 'course-intro', day: -21, slot: 'morning', at: 'stafford', capacity: 20, seatsBooked: 19 },
  { id: 'sess-ransomware-past-01', courseId: 'course-ransomware', day: -9, slot: 'afternoon', at: 'online', capacity: 40, seatsBooked: 27 },
];

/** No training over the Christmas break (24 December to 1 January). */
function inChristmasBreak(day: Date): boolean {
  return (day.getUTCMonth() === 11 && day.getUTCDate() >= 24) || (day.getUTCMonth() === 0 && day.getUTCDate() === 1);
}

/** The seed day plus `days`, at the slot's time (UTC), moved forward off a weekend or the Christmas break. */
function sessionStart(now: Date, days: number, slot: Slot): Date {
  const [hours, minutes] = SLOTS[slot];
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hours, minutes));
  while (start.getUTCDay() === 0 || start.getUTCDay() === 6 || (days > 0 && inChristmasBreak(start))) {
    start.setUTCDate(start.getUTCDate() + 1);
  }
  return start;
}

/**
 * Training sessions relative to `now`: 3 to 5 upcoming sessions per course between 1 and 120 days
 * ahead on weekdays, one of them full, plus two sessions in the past.
 */
export function trainingSessions(now: Date): Prisma.TrainingSessionCreateManyInput[] {
  return SESSION_SPECS.map((spec) => {
    const startsAt = sessionStart(now, spec.day, spec.slot);
    const endsAt = new Date(startsAt.getTime() + durationMinutes(spec.courseId) * 60_000);
    const place = VENUES[spec.at];
    return {
      id: spec.id,
      courseId: spec.courseId,
      startsAt,
      endsAt,
      online: place.online,
      venue: place.venue,
      districtCode: place.districtCode,
      capacity: spec.capacity,
      seatsBooked: spec.seatsBooked,
    };
  });
}

// --- Cyber Champions register (synthetic businesses from the support subgraph) -----------------

export const cyberChampions: Prisma.CyberChampionCreateManyInput[] = [
  { id: 'champ-0001', businessId: 'biz-0001', courseId: 'course-intro', trainedOn: new Date('2025-10-14') },
  { id: 'champ-0002', businessId: 'biz-0006', courseId: 'course-cyber-essentials', trainedOn: new Date('2025-11-20') },
  { id: 'champ-0003', businessId: 'biz-0008', courseId: 'course-accounts', trainedOn: new Date('2026-01-22') },
  { id: 'champ-0004', businessId: 'biz-0004', courseId: 'course-phishing', trainedOn: new Date('2026-02-03') },
  { id: 'champ-0005', businessId: 'biz-0007', courseId: 'course-it-practitioner', trainedOn: new Date('2026-03-10') },
  { id: 'champ-0006', businessId: 'biz-0005', courseId: 'course-intro', trainedOn: new Date('2026-04-16') },
  { id: 'champ-0007', businessId: 'biz-0001', courseId: 'course-ransomware', trainedOn: new Date('2026-06-09') },
  { id: 'champ-0008', businessId: 'biz-0009', courseId: 'course-incident-response', trainedOn: new Date('2026-09-17') },
];

// --- Bookings made through the hub (synthetic attendees) ---------------------------------------
// Seats booked before the hub took bookings are only counted in TrainingSession.seatsBooked; these
// are attendees of the two past sessions, trained and not yet on the register.

export function bookings(now: Date): Prisma.BookingCreateManyInput[] {
  const booked = (id: string, sessionId: string, businessId: string, attendeeName: string, attendeeEmail: string, attendeePhone: string | null) => ({
    id,
    sessionId,
    businessId,
    attendeeName,
    attendeeEmail,
    attendeePhone,
    status: 'BOOKED' as const,
    idempotencyKey: `seed-${id}`,
    createdAt: sessionStart(now, -40, 'morning'),
  });
  return [
    booked('bk-seed-0001', 'sess-intro-past-01', 'biz-0002', 'Sam Example', 'sam.example@example.com', '07700900101'),
    booked('bk-seed-0002', 'sess-intro-past-01', 'biz-0003', 'Jo Example', 'jo.example@example.com', null),
    booked('bk-seed-0003', 'sess-ransomware-past-01', 'biz-0002', 'Sam Example', 'sam.example@example.com', '07700900101'),
  ];
}
