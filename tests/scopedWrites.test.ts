// Idempotency keys belong to the caller who sent them, and money fits its column: each subgraph in
// process on a fresh database (in-memory PGlite, and a fresh PostgreSQL database when
// TEST_DATABASE_URL is set), requests signed as the gateway signs them. Two callers using the
// same key each get their own record; one caller retrying gets the same record; a loss of
// £100,000,000 (the most a report accepts) is stored and read back to the penny.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBusinessId, signRequest, type Identity, type SigningConfig, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase, type CyberDb } from '../subgraphs/cyber/src/db.ts';
import { seed as seedCyber } from '../subgraphs/cyber/src/seed.ts';
import { createServer as createCyberServer } from '../subgraphs/cyber/src/server.ts';
import { openPoliceDatabase, type PoliceDb } from '../subgraphs/police/src/db.ts';
import { seed as seedPolice } from '../subgraphs/police/src/seed.ts';
import { createServer as createPoliceServer } from '../subgraphs/police/src/server.ts';
import { openVictimsDatabase, type VictimsDb } from '../subgraphs/victims/src/db.ts';
import { seed as seedVictims } from '../subgraphs/victims/src/seed.ts';
import { createServer as createVictimsServer } from '../subgraphs/victims/src/server.ts';
import { createPostgresDatabase, type Backend } from './utils/processes.ts';

const signing: SigningConfig = { secret: 'scoped-writes-test-secret-0123456789abcdef', maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
/** Opening, migrating and seeding a database takes a while on a busy machine. */
const setupTimeoutMs = 600_000;
const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

type App = Awaited<ReturnType<typeof createPoliceServer>>;
type Answer = { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const business = (): Identity => {
  const businessId = newBusinessId();
  return { kind: 'user', subject: `owner-${businessId}`, role: 'business', businessId };
};
/** The same key, sent by two callers: a UUID, as clients are told to use. */
const sharedKey = () => randomUUID();

/** Opens a database of the given backend, dropped again by the returned function. */
async function location(backend: Backend, name: SubgraphName) {
  if (backend === 'pglite') return { where: { kind: 'pglite', dir: 'memory://' } as const, drop: async () => {} };
  const db = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, `${name}_scoped`);
  return { where: { kind: 'postgres', url: db.url } as const, drop: db.drop };
}

function asker(app: () => App, audience: SubgraphName) {
  return async (identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const payload = JSON.stringify({ query, variables });
    const response = await app().inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...signRequest(signing, { audience }, identity, payload) }, payload });
    return response.json() as Answer;
  };
}

describe.each(backends)('on %s', (backend) => {
  describe('police: crime reports and their updates', () => {
    let db: PoliceDb;
    let app: App;
    let drop = async () => {};
    const ask = asker(() => app, 'police');
    const report = /* GraphQL */ `
      mutation ($input: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $input) { replayed crimeReport { reference business { id } loss { amount currencyCode } } } }
    `;
    const read = /* GraphQL */ `query ($r: ID!) { crimeReport(reference: $r) { reference loss { amount currencyCode } } }`;
    const update = /* GraphQL */ `mutation ($input: AddCrimeReportUpdateInput!) { addCrimeReportUpdate(input: $input) { replayed crimeReportUpdate { id message } } }`;
    const input = (overrides: Record<string, unknown> = {}) => ({
      idempotencyKey: randomUUID(),
      crimeType: 'payment-diversion-fraud',
      occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
      postcode: 'ST16 2AB',
      narrative: 'Synthetic narrative: an invoice was paid to a changed bank account.',
      contactName: 'Jo Placeholder',
      contactEmail: 'jo@example.com',
      impactStatementWanted: false,
      referralConsent: false,
      ...overrides,
    });

    beforeAll(async () => {
      const at = await location(backend, 'police');
      drop = at.drop;
      db = await openPoliceDatabase(at.where);
      await seedPolice(db.prisma);
      app = await createPoliceServer(db, { signing, logLevel: 'silent' });
    }, setupTimeoutMs);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      await drop();
    });

    it.each([
      ['£100,000,000, the most a report accepts', '100000000', '100000000.00', 10_000_000_000n],
      ['£21,474,836.48, a penny over what a 32-bit pence column holds', '21474836.48', '21474836.48', 2_147_483_648n],
      ['£21,474,836.47', '21474836.47', '21474836.47', 2_147_483_647n],
      ['£0.01', '0.01', '0.01', 1n],
    ])('stores a loss of %s and reads it back to the penny', async (_label, amount, answered, pence) => {
      const owner = business();
      const made = await ask(owner, report, { input: input({ loss: { amount, currencyCode: 'GBP' } }) });
      expect(made.errors).toBeUndefined();
      expect(made.data.reportBusinessCrime.crimeReport.loss).toEqual({ amount: answered, currencyCode: 'GBP' });
      const { reference } = made.data.reportBusinessCrime.crimeReport;
      expect((await db.prisma.crimeReport.findUniqueOrThrow({ where: { reference } })).lossPence).toBe(pence);
      const again = await ask(owner, read, { r: reference });
      expect(again.errors).toBeUndefined();
      expect(again.data.crimeReport.loss).toEqual({ amount: answered, currencyCode: 'GBP' });
    });

    it('gives two businesses using the same key a report each, and a retry the same report', async () => {
      const [first, second] = [business(), business()];
      const key = sharedKey();
      const a = await ask(first, report, { input: input({ idempotencyKey: key }) });
      const b = await ask(second, report, { input: input({ idempotencyKey: key }) });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(a.data.reportBusinessCrime.crimeReport.business.id).toBe((first as { businessId: string }).businessId);
      expect(b.data.reportBusinessCrime).toMatchObject({ replayed: false, crimeReport: { business: { id: (second as { businessId: string }).businessId } } });
      expect(b.data.reportBusinessCrime.crimeReport.reference).not.toBe(a.data.reportBusinessCrime.crimeReport.reference);
      const retried = await ask(second, report, { input: input({ idempotencyKey: key }) });
      expect(retried.data.reportBusinessCrime).toMatchObject({ replayed: true, crimeReport: { reference: b.data.reportBusinessCrime.crimeReport.reference } });
      expect(await db.prisma.crimeReport.count({ where: { idempotencyKey: key } })).toBe(2);
    });

    it('gives two officers using the same key an update each, and a retry the same update', async () => {
      const reference = (await ask(business(), report, { input: input() })).data.reportBusinessCrime.crimeReport.reference;
      const key = sharedKey();
      const officer = (subject: string): Identity => ({ kind: 'user', subject, role: 'police' });
      const a = await ask(officer('pc-0001'), update, { input: { idempotencyKey: key, reference, message: 'CCTV collected.' } });
      const b = await ask(officer('pc-0002'), update, { input: { idempotencyKey: key, reference, message: 'Bank contacted.' } });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data.addCrimeReportUpdate).toMatchObject({ replayed: false, crimeReportUpdate: { message: 'Bank contacted.' } });
      expect(b.data.addCrimeReportUpdate.crimeReportUpdate.id).not.toBe(a.data.addCrimeReportUpdate.crimeReportUpdate.id);
      const retried = await ask(officer('pc-0002'), update, { input: { idempotencyKey: key, reference, message: 'Bank contacted.' } });
      expect(retried.data.addCrimeReportUpdate).toMatchObject({ replayed: true, crimeReportUpdate: { id: b.data.addCrimeReportUpdate.crimeReportUpdate.id } });
      expect(await db.prisma.crimeReportUpdate.count({ where: { reportReference: reference } })).toBe(2);
    });
  });

  describe('cyber: bookings, cancellations and the champions register', () => {
    let db: CyberDb;
    let app: App;
    let drop = async () => {};
    const ask = asker(() => app, 'cyber');
    const book = /* GraphQL */ `mutation ($input: BookTrainingSessionInput!) { bookTrainingSession(input: $input) { replayed booking { id business { id } } } }`;
    const cancel = /* GraphQL */ `mutation ($id: ID!, $key: String!) { cancelBooking(input: { bookingId: $id, idempotencyKey: $key }) { replayed booking { id status } } }`;
    const register = /* GraphQL */ `mutation ($input: RegisterCyberChampionInput!) { registerCyberChampion(input: $input) { replayed cyberChampion { id business { id } } } }`;
    let upcoming: string;

    /** A session of the intro course, starting `days` from now. */
    async function session(days: number): Promise<{ id: string; providerId: string }> {
      const id = `sess-scoped-${randomUUID()}`;
      const startsAt = new Date(Date.now() + days * 86_400_000);
      await db.prisma.trainingSession.create({ data: { id, courseId: 'course-intro', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), venue: 'Online', online: true, capacity: 20 } });
      const course = await db.prisma.course.findUniqueOrThrow({ where: { id: 'course-intro' } });
      return { id, providerId: course.providerId };
    }
    const attendee = (sessionId: string, idempotencyKey: string) => ({ sessionId, attendeeName: 'Sam Sample', attendeeEmail: `sam-${randomUUID()}@example.com`, idempotencyKey });

    beforeAll(async () => {
      const at = await location(backend, 'cyber');
      drop = at.drop;
      db = await openCyberDatabase(at.where);
      await seedCyber(db.prisma);
      app = await createCyberServer(db, { signing, logLevel: 'silent' });
      upcoming = (await session(30)).id;
    }, setupTimeoutMs);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      await drop();
    });

    it('gives two businesses booking with the same key a booking each, and a retry the same booking', async () => {
      const [first, second] = [business(), business()];
      const key = sharedKey();
      const a = await ask(first, book, { input: attendee(upcoming, key) });
      const secondInput = attendee(upcoming, key);
      const b = await ask(second, book, { input: secondInput });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data.bookTrainingSession).toMatchObject({ replayed: false, booking: { business: { id: (second as { businessId: string }).businessId } } });
      expect(b.data.bookTrainingSession.booking.id).not.toBe(a.data.bookTrainingSession.booking.id);
      const retried = await ask(second, book, { input: secondInput });
      expect(retried.data.bookTrainingSession).toMatchObject({ replayed: true, booking: { id: b.data.bookTrainingSession.booking.id } });
    });

    it('lets two businesses cancel their own bookings with the same key; a retry gets the same cancellation', async () => {
      const [first, second] = [business(), business()];
      const mine = (await ask(first, book, { input: attendee(upcoming, randomUUID()) })).data.bookTrainingSession.booking.id;
      const theirs = (await ask(second, book, { input: attendee(upcoming, randomUUID()) })).data.bookTrainingSession.booking.id;
      const key = sharedKey();
      const a = await ask(first, cancel, { id: mine, key });
      const b = await ask(second, cancel, { id: theirs, key });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data.cancelBooking).toEqual({ replayed: false, booking: { id: theirs, status: 'CANCELLED' } });
      expect((await ask(second, cancel, { id: theirs, key })).data.cancelBooking).toEqual({ replayed: true, booking: { id: theirs, status: 'CANCELLED' } });
    });

    it('gives two partner staff registering champions with the same key an entry each', async () => {
      const past = await session(-7);
      const [first, second] = [business(), business()];
      const bookingFor = async (owner: Identity) => {
        const id = `bk-scoped-${randomUUID()}`;
        const businessId = (owner as { businessId: string }).businessId;
        await db.prisma.booking.create({
          data: { id, sessionId: past.id, businessId, attendeeName: 'Sam Sample', attendeeEmail: `${id}@example.com`, status: 'BOOKED', idempotencyKey: randomUUID() },
        });
        return id;
      };
      const [mine, theirs] = [await bookingFor(first), await bookingFor(second)];
      const staff = (subject: string): Identity => ({ kind: 'user', subject, role: 'partner', organizationId: past.providerId });
      const key = sharedKey();
      const a = await ask(staff('trainer-1'), register, { input: { bookingId: mine, idempotencyKey: key } });
      const b = await ask(staff('trainer-2'), register, { input: { bookingId: theirs, idempotencyKey: key } });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data.registerCyberChampion).toMatchObject({ replayed: false, cyberChampion: { business: { id: (second as { businessId: string }).businessId } } });
      const retried = await ask(staff('trainer-2'), register, { input: { bookingId: theirs, idempotencyKey: key } });
      expect(retried.data.registerCyberChampion).toEqual({ ...b.data.registerCyberChampion, replayed: true });
    });
  });

  describe('victims: contact recorded on referrals', () => {
    let db: VictimsDb;
    let app: App;
    let drop = async () => {};
    const ask = asker(() => app, 'victims');
    const relay: Identity = { kind: 'user', subject: 'police-referral-relay', role: 'police' };
    const accept = /* GraphQL */ `mutation ($input: AcceptReferralInput!) { acceptReferral(input: $input) { id } }`;
    const contact = /* GraphQL */ `mutation ($input: RecordContactMadeInput!) { recordContactMade(input: $input) { replayed referral { id contactNote } } }`;
    const referral = async () =>
      (
        await ask(relay, accept, {
          input: {
            reportReference: `BCH-26-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
            businessId: newBusinessId(),
            contactName: 'Alex Example',
            crimeTypeCode: 'burglary',
            districtCode: 'E07000197',
          },
        })
      ).data.acceptReferral.id as string;

    beforeAll(async () => {
      const at = await location(backend, 'victims');
      drop = at.drop;
      db = await openVictimsDatabase(at.where);
      await seedVictims(db.prisma);
      app = await createVictimsServer(db, { signing, logLevel: 'silent' });
    }, setupTimeoutMs);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      await drop();
    });

    it('gives two staff members using the same key a contact each, and a retry the same one', async () => {
      const [mine, theirs] = [await referral(), await referral()];
      const staff = (subject: string): Identity => ({ kind: 'user', subject, role: 'partner', organizationId: 'victim-gateway' });
      const key = sharedKey();
      const a = await ask(staff('vg-staff-1'), contact, { input: { referralId: mine, note: 'Called; visit booked.', idempotencyKey: key } });
      const b = await ask(staff('vg-staff-2'), contact, { input: { referralId: theirs, note: 'Left a message.', idempotencyKey: key } });
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(b.data.recordContactMade).toEqual({ replayed: false, referral: { id: theirs, contactNote: 'Left a message.' } });
      const retried = await ask(staff('vg-staff-2'), contact, { input: { referralId: theirs, note: 'Left a message.', idempotencyKey: key } });
      expect(retried.errors).toBeUndefined();
      expect(retried.data.recordContactMade).toEqual({ replayed: true, referral: { id: theirs, contactNote: 'Left a message.' } });
      expect(await db.prisma.referralContact.count({ where: { idempotencyKey: key } })).toBe(2);
    });
  });
});
