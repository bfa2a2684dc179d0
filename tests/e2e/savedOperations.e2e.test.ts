// Every saved operation in operations/ runs through the real hub as the user group it is for
// would run it: sent by its document id (the gateway holds every caller to registered documents
// here, TRUSTED_DOCUMENTS=all), with realistic variables, answered without an error — or with the
// one error the case is there to show. A new saved operation must be added to the table below.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSavedOperations, type SavedOperation } from '../../gateway/src/savedOperations.ts';
import type { GraphQLResponse } from '../utils/graphql.ts';
import { startHub, type Hub } from '../utils/processes.ts';
import { STAFFORD } from '../utils/textInputs.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const callers = {
  anonymous: undefined,
  business: { sub: 'owner-biz-0001', role: 'business', business_id: 'biz-0001' },
  newcomer: { sub: 'owner-saved-ops-1', role: 'business', business_id: 'biz-saved-ops-1' },
  police: { sub: 'pc-1234', role: 'police' },
  pabcis: { sub: 'pabcis-staff-1', role: 'partner', org_id: 'pabcis' },
  champions: { sub: 'champions-staff-1', role: 'partner', org_id: 'staffordshire-cyber-champions' },
  victimGateway: { sub: 'vg-staff-1', role: 'partner', org_id: 'victim-gateway' },
  analyst: { sub: 'analyst-1', role: 'analyst' },
} satisfies Record<string, TokenClaims | undefined>;

type Answers = Map<string, GraphQLResponse<any>>;

interface Case {
  as: keyof typeof callers;
  variables?: (answers: Answers) => Record<string, unknown>;
  /** The error code the case must end in, where it shows a refusal rather than an answer. */
  refusedWith?: string;
  /** What the answer must hold besides having no errors. */
  check?: (data: any) => void;
}

/** In file order within each group; later cases read earlier answers (an enquiry's id, a booking's id). */
const cases: Record<string, Case> = {
  Help: {
    as: 'anonymous',
    variables: () => ({ crimeType: 'shoplifting', business: { district: STAFFORD, sector: 'RETAIL', size: 'SMALL' } }),
    check: (d) => expect(d.help.reportingRoutes.length).toBeGreaterThan(0),
  },
  HelpAdvice: {
    as: 'anonymous',
    variables: () => ({ crimeType: 'cyber-ransomware', urgency: 'URGENT', top: 3, business: { district: STAFFORD, sector: 'RETAIL', size: 'SMALL' } }),
    check: (d) => {
      expect(d.help.reportingRoutes[0].id).toBe('report-fraud-live-cyber-attack');
      expect(d.help.supportOffers).toHaveLength(3);
      expect(d.help.supportOffersConnection.totalCount).toBeGreaterThan(3);
      for (const item of [...d.help.reportingRoutes, ...d.help.supportOffers, ...d.help.trainingSessions, ...d.help.victimServices]) expect(item.reasons.length).toBeGreaterThan(0);
    },
  },
  CrimeTypes: { as: 'anonymous', check: (d) => expect(d.crimeTypes.length).toBeGreaterThanOrEqual(20) },
  Districts: { as: 'anonymous', check: (d) => expect(d.districts).toHaveLength(9) },
  DistrictForPostcode: { as: 'anonymous', variables: () => ({ postcode: 'ST16 2AB' }), check: (d) => expect(d.districtForPostcode.code).toBe(STAFFORD) },
  VictimsCodeRights: { as: 'anonymous', variables: () => ({ forBusinesses: true }) },
  Me: { as: 'anonymous', check: (d) => expect(d.me).toEqual({ id: 'anonymous', signedIn: false, role: null, permissions: ['FIND_HELP'] }) },
  SupportOffers: {
    as: 'anonymous',
    variables: () => ({ filter: { district: STAFFORD, sector: 'RETAIL', size: 'SMALL' }, first: 5 }),
    check: (d) => expect(d.supportOffers.nodes.length).toBeGreaterThan(0),
  },
  SupportOffer: { as: 'anonymous', variables: () => ({ id: 'offer-pabcis-shopwatch' }), check: (d) => expect(d.supportOffer.provider.id).toBe('pabcis') },
  TrainingSession: {
    as: 'anonymous',
    variables: () => ({ id: 'sess-intro-04' }),
    check: (d) => expect(d.trainingSession).toMatchObject({ id: 'sess-intro-04', capacity: 14, course: { id: 'course-intro' } }),
  },
  TrainingSessions: { as: 'anonymous', variables: () => ({ filter: { withSeats: true }, first: 5 }), check: (d) => expect(d.trainingSessions.nodes.length).toBeGreaterThan(0) },
  VictimServices: { as: 'anonymous', variables: () => ({ filter: { forBusinesses: true, district: STAFFORD } }), check: (d) => expect(d.victimServices.totalCount).toBeGreaterThan(0) },
  Organizations: { as: 'anonymous', variables: () => ({ first: 50 }), check: (d) => expect(d.organizations.nodes.map((o: any) => o.id)).toContain('pabcis') },

  RegisterBusiness: {
    as: 'newcomer',
    variables: () => ({ input: { name: 'Saved Operations Bakery', sector: 'RETAIL', size: 'MICRO', postcode: 'ST16 2AB', contactEmail: 'bakery@example.com', idempotencyKey: randomUUID() } }),
    check: (d) => expect(d.registerBusiness).toMatchObject({ replayed: false, business: { id: 'biz-saved-ops-1', district: { code: STAFFORD } } }),
  },
  UpdateBusiness: { as: 'newcomer', variables: () => ({ input: { name: 'Saved Operations Bakery Ltd' } }), check: (d) => expect(d.updateBusiness.business.name).toBe('Saved Operations Bakery Ltd') },
  MyBusiness: { as: 'newcomer', check: (d) => expect(d.me.business).toMatchObject({ id: 'biz-saved-ops-1', postcode: 'ST16 2AB' }) },
  ReportBusinessCrime: {
    as: 'newcomer',
    variables: () => ({
      input: {
        idempotencyKey: randomUUID(),
        crimeType: 'shoplifting',
        occurredAt: '2026-11-20T14:30:00Z',
        postcode: 'ST16 2AB',
        narrative: 'Two bottles of spirits taken from the shelf near the door.',
        loss: { amount: '48.50', currencyCode: 'GBP' },
        contactName: 'Sam Sample',
        contactEmail: 'sam@example.com',
        impactStatementWanted: false,
        referralConsent: false,
      },
    }),
    check: (d) => expect(d.reportBusinessCrime.crimeReport.reference).toMatch(/^BCH-\d{2}-\d{6}$/),
  },
  MyCrimeReports: { as: 'newcomer', check: (d) => expect(d.me.crimeReports.totalCount).toBe(1) },
  MyCrimeReport: {
    as: 'newcomer',
    variables: (a) => ({ reference: a.get('ReportBusinessCrime')!.data.reportBusinessCrime.crimeReport.reference }),
    check: (d) => expect(d.crimeReport.loss).toEqual({ amount: '48.50', currencyCode: 'GBP' }),
  },
  BookTrainingSession: {
    as: 'business',
    variables: () => ({ input: { sessionId: 'sess-intro-04', attendeeName: 'Ann Example', attendeeEmail: 'ann@example.com', idempotencyKey: randomUUID() } }),
    check: (d) => expect(['BOOKED', 'WAITING']).toContain(d.bookTrainingSession.booking.status),
  },
  MyBookings: { as: 'business', variables: () => ({ filter: { status: ['BOOKED', 'WAITING'] } }), check: (d) => expect(d.me.bookings.totalCount).toBeGreaterThan(0) },
  MyBooking: {
    as: 'business',
    variables: (a) => ({ id: a.get('BookTrainingSession')!.data.bookTrainingSession.booking.id }),
    check: (d) => expect(d.booking).toMatchObject({ attendeeName: 'Ann Example', session: { id: 'sess-intro-04' } }),
  },
  CancelBooking: {
    as: 'business',
    variables: (a) => ({ input: { bookingId: a.get('BookTrainingSession')!.data.bookTrainingSession.booking.id, idempotencyKey: randomUUID() } }),
    check: (d) => expect(d.cancelBooking.booking.status).toBe('CANCELLED'),
  },
  RequestSupport: {
    as: 'business',
    variables: () => ({
      input: { offerId: 'offer-pabcis-shopwatch', message: 'We would like to join Shopwatch.', contactName: 'Alex Example', contactEmail: 'alex@example.com', idempotencyKey: randomUUID() },
    }),
    check: (d) => expect(d.requestSupport.enquiry).toMatchObject({ status: 'OPEN', provider: { id: 'pabcis' } }),
  },
  MyEnquiries: { as: 'business', variables: () => ({ filter: { status: ['OPEN'] } }), check: (d) => expect(d.me.enquiries.totalCount).toBeGreaterThan(0) },

  CrimeReportWorkList: { as: 'police', variables: () => ({ filter: { district: [STAFFORD], status: ['RECEIVED'] }, first: 10 }), check: (d) => expect(d.crimeReports.nodes.length).toBeGreaterThan(0) },
  CrimeReportDetail: { as: 'police', variables: () => ({ reference: 'BCH-26-000001' }), check: (d) => expect(d.crimeReport.business.id).toBe('biz-0001') },
  AddCrimeReportUpdate: {
    as: 'police',
    variables: () => ({ input: { idempotencyKey: randomUUID(), reference: 'BCH-26-000001', message: 'CCTV collected from the shop.', outcomeCode: 'under-investigation' } }),
    check: (d) => expect(d.addCrimeReportUpdate.crimeReportUpdate.kind).toBe('OUTCOME'),
  },
  CrimeOutcomes: { as: 'police', check: (d) => expect(d.crimeOutcomes.length).toBeGreaterThan(5) },
  ReportAccessLog: { as: 'police', variables: () => ({ filter: { reference: 'BCH-26-000001' } }), check: (d) => expect(d.reportAccessLog.totalCount).toBeGreaterThan(0) },

  OrganizationEnquiries: {
    as: 'pabcis',
    variables: () => ({ filter: { status: ['OPEN'] } }),
    check: (d) => expect(d.me.enquiries.nodes.map((e: any) => e.offer.id)).toContain('offer-pabcis-shopwatch'),
  },
  AnswerEnquiry: {
    as: 'pabcis',
    variables: (a) => ({ input: { enquiryId: a.get('RequestSupport')!.data.requestSupport.enquiry.id, answer: 'Welcome aboard: we will call you this week.', idempotencyKey: randomUUID() } }),
    check: (d) => expect(d.answerEnquiry.enquiry.status).toBe('ANSWERED'),
  },
  SessionBookings: { as: 'champions', variables: () => ({ sessionId: 'sess-intro-04' }), check: (d) => expect(d.trainingSession.bookings.totalCount).toBeGreaterThan(0) },
  RegisterCyberChampion: { as: 'champions', variables: () => ({ input: { bookingId: 'bk-no-such-booking', idempotencyKey: randomUUID() } }), refusedWith: 'NOT_FOUND' },
  Referrals: { as: 'victimGateway', variables: () => ({ filter: { contactMade: false } }) },
  RecordContactMade: { as: 'victimGateway', variables: () => ({ input: { referralId: 'ref-no-such-referral', note: 'Called the owner.', idempotencyKey: randomUUID() } }), refusedWith: 'NOT_FOUND' },

  CrimeReportStatistics: { as: 'analyst', check: (d) => expect(d.crimeReportStatistics.length).toBeGreaterThan(0) },
  CrimeStatistics: {
    as: 'analyst',
    // The explorer's defaults: reports by month over the last 12 London months (the 40 demonstration reports are in 2026).
    check: (d) => {
      expect(d.crimeStatistics).toMatchObject({ measure: 'REPORTS', groupBy: 'MONTH', disclosure: { threshold: 5, roundingBase: 5 } });
      expect(d.crimeStatistics.cells).toHaveLength(12);
      expect(d.crimeStatistics.cells.every((cell: any) => (cell.count === null) === cell.suppressed && (cell.count ?? 0) % 5 === 0)).toBe(true);
      expect(d.crimeStatistics.total.count).toBeGreaterThanOrEqual(40);
    },
  },
  SupportStatistics: {
    as: 'analyst',
    variables: () => ({ measure: 'DAYS_TO_ANSWER', groupBy: 'STATUS', filter: { sectors: ['RETAIL'] } }),
    check: (d) => expect(d.supportStatistics.cells.map((c: { key: string }) => c.key)).toEqual(['OPEN', 'ANSWERED', 'CLOSED']),
  },
  CyberStatistics: {
    as: 'analyst',
    variables: () => ({ measure: 'SEATS_FILLED', groupBy: 'MONTH' }),
    check: (d) => expect(d.cyberStatistics.cells).toHaveLength(12),
  },
  VictimStatistics: {
    as: 'analyst',
    variables: () => ({ measure: 'REFERRALS_CONTACTED', groupBy: 'DISTRICT', filter: { districts: [STAFFORD] } }),
    check: (d) => expect(d.victimStatistics.cells).toHaveLength(9),
  },
};

describe('the saved operations, run by their user groups through the hub', () => {
  let hub: Hub;
  let tokens: TestTokens;
  let saved: SavedOperation[];
  const answers: Answers = new Map();

  beforeAll(async () => {
    const read = await readSavedOperations();
    expect(read.problems).toEqual([]);
    saved = read.operations;
    tokens = await createTestTokens();
    hub = await startHub('pglite', { ...tokens.gatewayEnv, TRUSTED_DOCUMENTS: 'all' });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('has a case for every saved operation, and a saved operation for every case', () => {
    expect(saved.map((operation) => operation.name).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, test] of Object.entries(cases)) {
    it(`${name}, as ${test.as}`, async () => {
      const operation = saved.find((candidate) => candidate.name === name);
      expect(operation, `operations/ has no ${name}`).toBeDefined();
      const response = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await tokens.headers(callers[test.as])) },
        body: JSON.stringify({ documentId: `sha256:${operation!.hash}`, operationName: name, variables: test.variables?.(answers) ?? {} }),
      });
      const answer = (await response.json()) as GraphQLResponse<any>;
      answers.set(name, answer);
      if (test.refusedWith) {
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([test.refusedWith]);
        return;
      }
      expect(answer.errors).toBeUndefined();
      expect(response.status).toBe(200);
      test.check?.(answer.data);
    });
  }
});
