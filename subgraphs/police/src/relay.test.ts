// The referral relay, in-process: a report with consent leaves through the outbox and arrives at
// the victims subgraph once; while the victims subgraph is down the report still succeeds, the
// entry waits with backoff, and arrives once the victims subgraph is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SigningConfig } from '@crimehub/common';
import { openVictimsDatabase, type VictimsDb } from '../../victims/src/db.ts';
import { seed as seedVictims } from '../../victims/src/seed.ts';
import { createServer as createVictimsServer } from '../../victims/src/server.ts';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { backoffMs, relayDueReferrals, startReferralRelay } from './relay.ts';
import { seed, seedDemo } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'police-relay-test-secret-0123456789abcdef0', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
let counter = 0;
const validReport = () => ({
  idempotencyKey: `relay-test-${Date.now().toString(36)}-${++counter}`,
  crimeType: 'fuel-theft',
  occurredAt: '2026-11-18T03:00:00Z',
  district: 'E07000198',
  narrative: 'Diesel drained from two tractors in the yard overnight.',
  loss: { amount: '600' },
  contactName: 'Jo Placeholder',
  contactPhone: '07700 900456',
  impactStatementWanted: false,
  referralConsent: true,
});
const business: Identity = { kind: 'user', subject: 'owner-biz-0003', role: 'business', businessId: 'biz-0003' };

describe('police: the referral relay', () => {
  let police: PoliceDb;
  let victims: VictimsDb;
  let policeApp: Awaited<ReturnType<typeof createServer>>;
  let victimsApp: Awaited<ReturnType<typeof createVictimsServer>> | undefined;
  let victimsUrl: string;
  let port = 0;

  const startVictims = async () => {
    victimsApp = await createVictimsServer(victims, { signing, logLevel: 'silent' });
    await victimsApp.listen({ host: '127.0.0.1', port });
    const address = victimsApp.server.address();
    port = typeof address === 'object' && address ? address.port : port;
    victimsUrl = `http://127.0.0.1:${port}/graphql`;
  };

  const report = async () => {
    const payload = JSON.stringify({ query: 'mutation ($input: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $input) { crimeReport { reference } } }', variables: { input: validReport() } });
    const response = await policeApp.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, business, payload) },
      payload,
    });
    const body = response.json() as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data.reportBusinessCrime.crimeReport.reference as string;
  };

  beforeAll(async () => {
    police = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    victims = await openVictimsDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(police.prisma);
    await seedDemo(police.prisma); // the synthetic businesses' reports
    await seedVictims(victims.prisma);
    policeApp = await createServer(police, { signing, logLevel: 'silent' });
    await startVictims();
  });

  afterAll(async () => {
    await policeApp?.close();
    await victimsApp?.close();
    await police?.close();
    await victims?.close();
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });

  it('delivers a consented referral once, and a second pass sends nothing', async () => {
    const reference = await report();
    const options = { prisma: police.prisma, victimsUrl, signing };
    expect(await relayDueReferrals(options)).toBe(1);
    expect(await relayDueReferrals(options)).toBe(0);
    expect(await victims.prisma.referral.count({ where: { reportReference: reference } })).toBe(1);
    const entry = await police.prisma.outboxEntry.findFirstOrThrow({ where: { payload: { path: ['reportReference'], equals: reference } } });
    expect(entry.deliveredAt).not.toBeNull();
  });

  it('keeps referrals while the victims subgraph is down and delivers each once when it is back', async () => {
    await victimsApp!.close();
    const references = [await report(), await report(), await report()];
    const options = { prisma: police.prisma, victimsUrl, signing, baseBackoffMs: 20, maxBackoffMs: 50 };
    expect(await relayDueReferrals(options)).toBe(0);
    const waiting = await police.prisma.outboxEntry.findMany({ where: { deliveredAt: null } });
    expect(waiting).toHaveLength(3);
    for (const entry of waiting) {
      expect(entry.attempts).toBe(1);
      expect(entry.lastError).toBeTruthy();
      expect(entry.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    }
    await startVictims();
    const relay = startReferralRelay({ ...options, victimsUrl, intervalMs: 20 });
    try {
      await expect.poll(() => victims.prisma.referral.count({ where: { reportReference: { in: references } } }), { timeout: 10_000, interval: 50 }).toBe(3);
      await expect.poll(() => police.prisma.outboxEntry.count({ where: { deliveredAt: null } }), { timeout: 10_000, interval: 50 }).toBe(0);
    } finally {
      await relay.stop();
    }
    for (const reference of references) expect(await victims.prisma.referral.count({ where: { reportReference: reference } })).toBe(1);
  });

  it('a delivery the victims subgraph refuses (a wrong secret) is retried, not lost', async () => {
    const reference = await report();
    const wrong: SigningConfig = { ...signing, secret: 'x'.repeat(40) };
    expect(await relayDueReferrals({ prisma: police.prisma, victimsUrl, signing: wrong, baseBackoffMs: 1, maxBackoffMs: 1 })).toBe(0);
    const entry = await police.prisma.outboxEntry.findFirstOrThrow({ where: { payload: { path: ['reportReference'], equals: reference } } });
    expect(entry.deliveredAt).toBeNull();
    expect(entry.lastError).toMatch(/401/);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await relayDueReferrals({ prisma: police.prisma, victimsUrl, signing })).toBe(1);
    expect(await victims.prisma.referral.count({ where: { reportReference: reference } })).toBe(1);
  });
});
