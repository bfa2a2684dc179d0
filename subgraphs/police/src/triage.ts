// How a new business crime report is triaged: whether it meets the NPCC business-crime
// definition, and a THRIVE-style priority (Threat, Harm, Risk, Investigation, Vulnerability,
// Engagement) with the next step the business should expect.
import type { CrimeType } from './generated/prisma/client.ts';

export type Priority = 'EMERGENCY' | 'PRIORITY' | 'STANDARD' | 'SCHEDULED';

/** Crime types that put people or premises at risk while they go on. */
const threatToPeopleOrProperty = new Set(['robbery', 'violent-crime', 'burglary', 'criminal-damage-arson', 'hate-crime', 'public-order', 'livestock-theft', 'farm-machinery-theft', 'metal-theft']);
/** Crime types that harm people even once they are over. */
const harmToPeople = new Set(['robbery', 'violent-crime', 'hate-crime']);

/**
 * The NPCC definition: "any criminal offence committed against a person or property which is
 * associated by the connection of that person or property to a business". A report made by a
 * business user, for its business, is such an offence.
 */
export function meetsNpccDefinition(reportedByBusiness: boolean): boolean {
  return reportedByBusiness;
}

export function priorityOf(crimeType: Pick<CrimeType, 'code' | 'cyber' | 'fraud'>, ongoing: boolean): Priority {
  if (ongoing && threatToPeopleOrProperty.has(crimeType.code)) return 'EMERGENCY';
  if (ongoing || harmToPeople.has(crimeType.code)) return 'PRIORITY';
  if (crimeType.cyber || crimeType.fraud || threatToPeopleOrProperty.has(crimeType.code)) return 'STANDARD';
  return 'SCHEDULED';
}

export function nextStepFor(priority: Priority, crimeType: Pick<CrimeType, 'cyber' | 'fraud'>): string {
  switch (priority) {
    case 'EMERGENCY':
      return 'If anyone is in danger or the offender is still there, call 999 now. Officers are being sent, and an officer will contact your named point of contact within 1 hour.';
    case 'PRIORITY':
      return crimeType.cyber
        ? 'For a live cyber attack also call Report Fraud on 0300 123 2040 (24/7). The cyber crime unit will contact your named point of contact within 4 hours.'
        : 'An officer will contact your named point of contact within 4 hours.';
    case 'STANDARD':
      return crimeType.cyber || crimeType.fraud
        ? 'It will also be recorded with Report Fraud. An officer will contact your named point of contact within 24 hours.'
        : 'An officer will contact your named point of contact within 24 hours.';
    case 'SCHEDULED':
      return 'An officer will contact your named point of contact within 5 working days to arrange a time to talk.';
  }
}
