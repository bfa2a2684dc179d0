// The outcomes police staff may record, as data.police.uk names them (its outcome category slugs).
export interface CrimeOutcome {
  code: string;
  name: string;
  /** Whether it closes the investigation. */
  final: boolean;
}

export const crimeOutcomes: readonly CrimeOutcome[] = [
  { code: 'under-investigation', name: 'Under investigation', final: false },
  { code: 'awaiting-court-outcome', name: 'Awaiting court outcome', final: false },
  { code: 'offender-charged', name: 'Suspect charged', final: false },
  { code: 'suspect-charged-as-part-of-another-case', name: 'Suspect charged as part of another case', final: false },
  { code: 'court-result-unavailable', name: 'Court result unavailable', final: true },
  { code: 'investigation-complete-no-suspect-identified', name: 'Investigation complete; no suspect identified', final: true },
  { code: 'unable-to-prosecute', name: 'Unable to prosecute suspect', final: true },
  { code: 'local-resolution', name: 'Local resolution', final: true },
  { code: 'offender-given-caution', name: 'Offender given a caution', final: true },
  { code: 'offender-given-penalty-notice', name: 'Offender given penalty notice', final: true },
  { code: 'formal-action-is-not-in-the-public-interest', name: 'Formal action is not in the public interest', final: true },
  { code: 'further-investigation-is-not-in-the-public-interest', name: 'Further investigation is not in the public interest', final: true },
  { code: 'action-to-be-taken-by-another-organisation', name: 'Action to be taken by another organisation', final: true },
  { code: 'status-update-unavailable', name: 'Status update unavailable', final: false },
];

const byCode = new Map(crimeOutcomes.map((outcome) => [outcome.code, outcome]));

export const outcomeByCode = (code: string | null | undefined): CrimeOutcome | null => (code ? (byCode.get(code) ?? null) : null);
