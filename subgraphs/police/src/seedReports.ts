// Synthetic crime reports for the seeded businesses (biz-0001 … biz-0010 in the support
// subgraph). Every name, email, phone number and narrative here is invented: phone numbers are
// in Ofcom's drama range (07700 900xxx) and emails at example.com.
import type { Prisma } from './generated/prisma/client.ts';

/** The seeded businesses, their sector and size (as their support profiles), district and the crimes they plausibly suffer. */
const businesses = [
  { id: 'biz-0001', sector: 'RETAIL', size: 'SMALL', district: 'E07000197', crimes: ['shoplifting', 'burglary', 'cyber-phishing'] },
  { id: 'biz-0002', sector: 'RETAIL', size: 'MICRO', district: 'E07000199', crimes: ['shoplifting', 'violent-crime', 'robbery'] },
  { id: 'biz-0003', sector: 'AGRICULTURE', size: 'MICRO', district: 'E07000198', crimes: ['farm-machinery-theft', 'fuel-theft', 'livestock-theft'] },
  { id: 'biz-0004', sector: 'PROFESSIONAL_SERVICES', size: 'MEDIUM', district: 'E07000195', crimes: ['payment-diversion-fraud', 'cyber-phishing', 'cyber-ransomware'] },
  { id: 'biz-0005', sector: 'HOSPITALITY', size: 'SMALL', district: 'E06000021', crimes: ['violent-crime', 'criminal-damage-arson', 'anti-social-behaviour'] },
  { id: 'biz-0006', sector: 'MANUFACTURING', size: 'MEDIUM', district: 'E07000193', crimes: ['burglary', 'metal-theft', 'theft-by-employee'] },
  { id: 'biz-0007', sector: 'TRANSPORT_LOGISTICS', size: 'LARGE', district: 'E07000192', crimes: ['vehicle-crime', 'fuel-theft', 'cyber-ransomware'] },
  { id: 'biz-0008', sector: 'DIGITAL_TECH', size: 'MICRO', district: 'E07000194', crimes: ['cyber-hacking', 'cyber-phishing', 'fraud'] },
  { id: 'biz-0009', sector: 'RETAIL', size: 'MEDIUM', district: 'E07000196', crimes: ['burglary', 'shoplifting', 'metal-theft'] },
  { id: 'biz-0010', sector: 'RETAIL', size: 'LARGE', district: 'E07000199', crimes: ['shoplifting', 'shoplifting', 'violent-crime'] },
];

const contacts = ['Alex Example', 'Sam Sample', 'Jo Placeholder', 'Chris Testcase', 'Pat Fictional'];
const statuses = ['RECEIVED', 'UNDER_INVESTIGATION', 'CLOSED'] as const;

/** 40 reports, four per business, dated in 2026 before the hub's first release. */
export const crimeReports: Prisma.CrimeReportCreateManyInput[] = businesses.flatMap((business, b) =>
  Array.from({ length: 4 }, (_, i) => {
    const n = b * 4 + i + 1;
    const crimeTypeCode = business.crimes[i % business.crimes.length]!;
    const contactName = contacts[n % contacts.length]!;
    const occurredAt = new Date(Date.UTC(2026, n % 10, 1 + ((n * 7) % 27), 8 + (n % 12), 15));
    return {
      reference: `BCH-26-${String(n).padStart(6, '0')}`,
      businessId: business.id,
      crimeTypeCode,
      districtCode: business.district,
      occurredAt,
      reportedAt: new Date(occurredAt.getTime() + 3 * 3600_000),
      status: statuses[n % statuses.length],
      lossPence: n % 3 === 0 ? null : 2500 * n,
      narrative: `Synthetic narrative ${n}: a ${crimeTypeCode.replace(/-/g, ' ')} incident at the premises, described by ${contactName}.`,
      contactName,
      contactEmail: `${contactName.split(' ')[0]!.toLowerCase()}.${n}@example.com`,
      contactPhone: `07700 900${String(100 + n).slice(-3)}`,
      businessSector: business.sector,
      businessSize: business.size,
      updatedAt: new Date(occurredAt.getTime() + 3 * 3600_000),
    };
  }),
);
