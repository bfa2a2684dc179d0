// The "Find help" journey's pure parts: the answers carried in the address, the questions in
// order, what each accepts, and where an API input error belongs. No I/O here (see routes.ts).
import type { BusinessSize, Sector, Urgency } from '../../operations/generated/graphql.ts';
import type { InputProblem } from './gateway.ts';

/** The answers so far, as the address holds them (`?postcode=ST16+2AB&sector=RETAIL&…`). */
export interface Answers {
  postcode?: string;
  district?: string;
  sector?: Sector;
  size?: BusinessSize;
  crimeType?: string;
  urgency?: Urgency;
}

export const answerKeys = ['postcode', 'district', 'sector', 'size', 'crimeType', 'urgency'] as const;

/** The business sectors the API takes (its `Sector` enum), in plain English. */
export const sectors: { value: Sector; text: string; hint: string }[] = [
  { value: 'RETAIL', text: 'Shop or retail', hint: 'Shops of every size' },
  { value: 'HOSPITALITY', text: 'Pub, restaurant, hotel or night-time venue', hint: '' },
  { value: 'AGRICULTURE', text: 'Farming, forestry or fishing', hint: '' },
  { value: 'CONSTRUCTION', text: 'Building or civil engineering', hint: '' },
  { value: 'MANUFACTURING', text: 'Making things', hint: 'Factories and workshops' },
  { value: 'TRANSPORT_LOGISTICS', text: 'Haulage, logistics or storage', hint: '' },
  { value: 'WHOLESALE', text: 'Wholesale or motor trade', hint: 'Including garages and car sales' },
  { value: 'DIGITAL_TECH', text: 'Software, IT or telecoms', hint: '' },
  { value: 'FINANCE_INSURANCE', text: 'Bank, insurer or other financial services', hint: 'Including property and lettings' },
  { value: 'PROFESSIONAL_SERVICES', text: 'Legal, accountancy, consultancy or other professional services', hint: '' },
  { value: 'HEALTH_CARE', text: 'Health or social care', hint: '' },
  { value: 'EDUCATION', text: 'School, college or training provider', hint: '' },
  { value: 'CREATIVE_LEISURE', text: 'Arts, entertainment, sport or leisure', hint: '' },
  { value: 'CHARITY_COMMUNITY', text: 'Charity, social enterprise or community group', hint: '' },
  { value: 'OTHER', text: 'Something else', hint: '' },
];

/** The size bands the API takes (`BusinessSize`), by how many people work there. */
export const sizes: { value: BusinessSize; text: string }[] = [
  { value: 'MICRO', text: 'Fewer than 10 people' },
  { value: 'SMALL', text: '10 to 49 people' },
  { value: 'MEDIUM', text: '50 to 249 people' },
  { value: 'LARGE', text: '250 people or more' },
];

/** Whether it is happening now, in plain words, as the API's `Urgency`. */
export const urgencies: { value: Urgency; text: string; hint: string }[] = [
  { value: 'EMERGENCY', text: 'Yes, and someone is in danger or it is a threat to people or property right now', hint: 'For example, a break-in, a fight or a threat of violence happening now' },
  { value: 'URGENT', text: 'Yes, it is happening now but nobody is in danger', hint: 'For example, a cyber attack on your computers or a scam still going on' },
  { value: 'NON_EMERGENCY', text: 'No, it has already happened, or I want to protect my business', hint: '' },
];

/** The questions, in the order they are asked. `district` is asked when there is no postcode, or it is split between districts. */
export const steps = ['where', 'district', 'sector', 'size', 'crime', 'urgency'] as const;
export type Step = (typeof steps)[number];

export const isStep = (value: string): value is Step => (steps as readonly string[]).includes(value);

const postcodePattern = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/;
const districtPattern = /^E0[0-9]{7}$/;
const crimeTypePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A postcode as people type it (`st162ab`, ` ST16  2AB `) written the usual way (`ST16 2AB`). */
export function normalisePostcode(raw: string): string {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export const isPostcode = (value: string): boolean => postcodePattern.test(value);

type Query = Record<string, unknown>;

const one = (query: Query, key: string): string | undefined => {
  const value = query[key];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim().slice(0, 100) : undefined;
};

/**
 * The answers an address holds, each kept only when it is a value the question offers (or, for
 * a postcode, one that looks like a postcode): a hand-edited or stale address asks again
 * rather than failing.
 */
export function parseAnswers(query: Query): Answers {
  const answers: Answers = {};
  const postcode = one(query, 'postcode');
  if (postcode && isPostcode(normalisePostcode(postcode))) answers.postcode = normalisePostcode(postcode);
  const district = one(query, 'district');
  if (district && districtPattern.test(district)) answers.district = district;
  const sector = one(query, 'sector');
  if (sector && sectors.some((s) => s.value === sector)) answers.sector = sector as Sector;
  const size = one(query, 'size');
  if (size && sizes.some((s) => s.value === size)) answers.size = size as BusinessSize;
  const crimeType = one(query, 'crimeType');
  if (crimeType && crimeTypePattern.test(crimeType)) answers.crimeType = crimeType;
  const urgency = one(query, 'urgency');
  if (urgency && urgencies.some((u) => u.value === urgency)) answers.urgency = urgency as Urgency;
  return answers;
}

/** The answers as a query string (no leading `?`), in the questions' order. */
export function answersQuery(answers: Answers, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of answerKeys) {
    const value = answers[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export const stepPath = (step: Step | 'answer', answers: Answers): string => {
  const query = answersQuery(answers);
  return `/find-help/${step}${query ? `?${query}` : ''}`;
};

/** The first question still unanswered, or `answer` when all are: where a page sends the person next. */
export function nextStep(answers: Answers): Step | 'answer' {
  if (!answers.postcode && !answers.district) return 'where';
  if (!answers.sector) return 'sector';
  if (!answers.size) return 'size';
  if (!answers.crimeType) return 'crime';
  if (!answers.urgency) return 'urgency';
  return 'answer';
}

/** The page before `step`, for its Back link. */
export function previousStep(step: Step | 'answer', answers: Answers): Step | 'start' {
  switch (step) {
    case 'where':
      return 'start';
    case 'district':
      return 'where';
    case 'sector':
      return answers.district ? 'district' : 'where';
    case 'size':
      return 'sector';
    case 'crime':
      return 'size';
    case 'urgency':
      return 'crime';
    case 'answer':
      return 'urgency';
  }
}

/** The field of each question's form, as its input is named and its error summary links to it. */
export const fieldOf: Record<Step, string> = {
  where: 'postcode',
  district: 'district',
  sector: 'sector',
  size: 'size',
  crime: 'crimeType',
  urgency: 'urgency',
};

/** What each question says when it is left empty. */
export const emptyMessages: Record<Step, string> = {
  where: 'Enter the postcode of your business, like ST16 2AB',
  district: 'Select the area your business is in',
  sector: 'Select what your business does',
  size: 'Select how many people work for your business',
  crime: 'Select what happened, or what you are worried about',
  urgency: 'Select whether it is happening now',
};

/** The question an API input error belongs to, from its `extensions.field` (or its code when it names none). */
export function stepForProblem(problem: InputProblem): Step | undefined {
  switch (problem.field) {
    case 'business.postcode':
    case 'postcode':
      return problem.code === 'AMBIGUOUS_POSTCODE' ? 'district' : 'where';
    case 'business.district':
      return 'district';
    case 'business.sector':
      return 'sector';
    case 'business.size':
      return 'size';
    case 'crimeType':
      return 'crime';
    case 'urgency':
      return 'urgency';
  }
  switch (problem.code) {
    case 'AMBIGUOUS_POSTCODE':
      return 'district';
    case 'INVALID_POSTCODE':
    case 'POSTCODE_OUTSIDE_AREA':
      return 'where';
    case 'UNKNOWN_DISTRICT':
      return 'district';
    case 'UNKNOWN_CRIME_TYPE':
      return 'crime';
  }
  return undefined;
}

/** What the person reads for an API input error: plain words for the codes the journey knows, the API's own message otherwise. */
export function messageForProblem(problem: InputProblem, answers: Answers): string {
  switch (problem.code) {
    case 'INVALID_POSTCODE':
      return 'Enter a real postcode, like ST16 2AB';
    case 'POSTCODE_OUTSIDE_AREA':
      return `${answers.postcode ?? 'That postcode'} is not in Staffordshire or Stoke-on-Trent. Enter the postcode of a business in Staffordshire or Stoke-on-Trent`;
    case 'AMBIGUOUS_POSTCODE':
      return 'Select the area your business is in';
    case 'UNKNOWN_DISTRICT':
      return 'Select the area your business is in';
    case 'UNKNOWN_CRIME_TYPE':
      return 'Select what happened from the list';
  }
  return problem.message;
}

/** The crime types grouped so a person finds theirs: cyber, fraud and scams, then the rest. */
export function groupCrimeTypes<T extends { code: string; name: string; cyber: boolean; fraud: boolean }>(types: T[]): { label: string; types: T[] }[] {
  const groups = [
    { label: 'Theft, break-ins, damage, violence and nuisance', types: types.filter((t) => !t.cyber && !t.fraud) },
    { label: 'Fraud and scams', types: types.filter((t) => t.fraud && !t.cyber) },
    { label: 'Cyber attacks and online crime', types: types.filter((t) => t.cyber) },
  ];
  return groups.filter((group) => group.types.length > 0);
}
