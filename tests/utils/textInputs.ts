// The text inputs of every mutation of the four subgraphs, for tests that poison each one in
// turn (tests/textInputs.test.ts in process, tests/e2e/inputErrors.e2e.test.ts through processes).
import { randomUUID } from 'node:crypto';
import type { Identity, SubgraphName } from '@crimehub/common';
import type { TokenClaims } from './tokens.ts';

export const owner: TokenClaims = { sub: 'owner-biz-input-1', role: 'business', business_id: 'biz-input-1' };
export const newcomer: TokenClaims = { sub: 'owner-biz-input-2', role: 'business', business_id: 'biz-input-2' };
export const champions: TokenClaims = { sub: 'champions-staff-1', role: 'partner', org_id: 'staffordshire-cyber-champions' };
export const victimGateway: TokenClaims = { sub: 'vg-staff-1', role: 'partner', org_id: 'victim-gateway' };

export const STAFFORD = 'E07000197';
export const TAMWORTH = 'E07000199';

export const helpAliases = (count: number) =>
  `query Help($c: ID!) { ${Array.from({ length: count }, (_, i) => `h${i}: help(crimeType: $c, business: { district: "${STAFFORD}", sector: RETAIL, size: SMALL }) { crimeType { code } }`).join(' ')} }`;

export const REGISTER = `mutation ($input: RegisterBusinessInput!) { registerBusiness(input: $input) { business { id district { code } postcode } } }`;
export const UPDATE = `mutation ($input: UpdateBusinessInput!) { updateBusiness(input: $input) { business { id district { code } postcode } } }`;
export const PROFILE = `query ($id: ID!) { business(id: $id) { id district { code } postcode } }`;
export const REPORT = `mutation ($input: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $input) { crimeReport { reference } } }`;
export const REPORT_UPDATE = `mutation ($input: AddCrimeReportUpdateInput!) { addCrimeReportUpdate(input: $input) { crimeReportUpdate { id } } }`;
export const REQUEST = `mutation ($input: RequestSupportInput!) { requestSupport(input: $input) { enquiry { id } } }`;
export const ANSWER = `mutation ($input: AnswerEnquiryInput!) { answerEnquiry(input: $input) { enquiry { id } } }`;
export const BOOK = `mutation ($input: BookTrainingSessionInput!) { bookTrainingSession(input: $input) { booking { id } } }`;
export const CANCEL = `mutation ($input: CancelBookingInput!) { cancelBooking(input: $input) { booking { id } } }`;
export const CHAMPION = `mutation ($input: RegisterCyberChampionInput!) { registerCyberChampion(input: $input) { cyberChampion { id } } }`;
export const CONTACT = `mutation ($input: RecordContactMadeInput!) { recordContactMade(input: $input) { referral { id } } }`;
export const ACCEPT = `mutation ($input: AcceptReferralInput!) { acceptReferral(input: $input) { id } }`;

export const identity = (claims: TokenClaims): Identity => ({ kind: 'user', subject: claims.sub, role: claims.role, businessId: claims.business_id, organizationId: claims.org_id });
const relay: Identity = { kind: 'user', subject: 'police-referral-relay', role: 'police' };

export const reportInput = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  crimeType: 'shoplifting',
  occurredAt: '2026-11-20T14:30:00Z',
  district: STAFFORD,
  postcode: 'ST16 2AB',
  narrative: 'A man took two bottles of spirits and left without paying.',
  contactName: 'Alex Example',
  contactEmail: 'alex@example.com',
  contactPhone: '07700 900123',
  impactStatementWanted: false,
  referralConsent: false,
  ...overrides,
});

/** One mutation and one of its text inputs, for the NUL table: `path` is the argument path the error must name. */
export interface TextInput {
  subgraph: SubgraphName;
  who: Identity;
  query: string;
  variables: Record<string, unknown>;
  path: string;
  /**
   * For a value of one of the hub's scalars (a `Postcode`): the scalar's own code. A subgraph asked
   * directly refuses it with that code before any resolver runs, naming the path in its message
   * (it has no `extensions.field`); through the gateway it is BAD_USER_INPUT naming the field.
   */
  scalarCode?: string;
}

const enumFields = new Set(['sector', 'size']);

/** Every text input of every mutation of the four subgraphs, each with otherwise valid values. */
export function textInputs(): TextInput[] {
  const inputs: TextInput[] = [];
  const each = (subgraph: SubgraphName, who: Identity, query: string, variables: Record<string, unknown>, wrap?: 'input', scalars: Record<string, string> = {}) => {
    const fields = wrap ? (variables.input as Record<string, unknown>) : variables;
    for (const [name, value] of Object.entries(fields)) {
      // Enum values (sector, size) are the schema's to check, not text.
      if (typeof value !== 'string' || enumFields.has(name)) continue;
      const poisoned = `${value.slice(0, 3)}\u0000${value.slice(3)}`;
      inputs.push({
        subgraph,
        who,
        query,
        variables: wrap ? { input: { ...fields, [name]: poisoned } } : { ...variables, [name]: poisoned },
        path: wrap ? `input.${name}` : name,
        ...(scalars[name] ? { scalarCode: scalars[name] } : {}),
      });
    }
  };
  const key = () => `nul-${randomUUID()}`;
  each('police', identity(owner), REPORT, { input: reportInput() }, 'input', { occurredAt: 'BAD_USER_INPUT', postcode: 'INVALID_POSTCODE' });
  each(
    'police',
    { kind: 'user', subject: 'officer-1', role: 'police' },
    REPORT_UPDATE,
    { input: { idempotencyKey: key(), reference: 'BCH-26-000001', message: 'CCTV collected.', outcomeCode: 'under-investigation' } },
    'input',
  );
  const postcode = { postcode: 'INVALID_POSTCODE' };
  each(
    'support',
    identity(newcomer),
    REGISTER,
    { input: { name: 'Nul Bakery', sector: 'RETAIL', size: 'MICRO', district: STAFFORD, postcode: 'ST16 2AB', contactEmail: 'nul@example.com', contactPhone: '07700 900124', idempotencyKey: key() } },
    'input',
    postcode,
  );
  each(
    'support',
    identity(owner),
    UPDATE,
    { input: { name: 'Input Bakery', district: STAFFORD, postcode: 'ST16 2AB', contactEmail: 'owner@example.com', contactPhone: '07700 900125' } },
    'input',
    postcode,
  );
  each(
    'support',
    identity(owner),
    REQUEST,
    { input: { offerId: 'no-such-offer', message: 'Please help.', contactName: 'Sam Sample', contactEmail: 'sam@example.com', contactPhone: '07700 900126', idempotencyKey: key() } },
    'input',
  );
  each(
    'support',
    { kind: 'user', subject: 'adviser-1', role: 'partner', organizationId: 'growth-hub' },
    ANSWER,
    { input: { enquiryId: 'no-such-enquiry', answer: 'We can help.', idempotencyKey: key() } },
    'input',
  );
  each(
    'cyber',
    identity(owner),
    BOOK,
    { input: { sessionId: 'sess-intro-04', attendeeName: 'Ann Example', attendeeEmail: 'ann@example.com', attendeePhone: '07700 900127', idempotencyKey: key() } },
    'input',
  );
  each('cyber', identity(owner), CANCEL, { input: { bookingId: 'bk-none', idempotencyKey: key() } }, 'input');
  each('cyber', identity(champions), CHAMPION, { input: { bookingId: 'bk-none', idempotencyKey: key() } }, 'input');
  each('victims', identity(victimGateway), CONTACT, { input: { referralId: 'ref-none', note: 'Called the owner.', idempotencyKey: key() } }, 'input');
  each(
    'victims',
    relay,
    ACCEPT,
    {
      input: {
        reportReference: 'BCH-26-999999',
        businessId: 'biz-input-1',
        contactName: 'Alex Example',
        contactEmail: 'alex@example.com',
        contactPhone: '07700900123',
        crimeTypeCode: 'shoplifting',
        districtCode: STAFFORD,
      },
    },
    'input',
  );
  return inputs;
}
