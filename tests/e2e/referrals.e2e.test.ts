// Referrals are never lost: the police subgraph writes each consented report and its outbox entry
// in one transaction, and its relay retries until the victims subgraph acknowledges. Here the
// victims subgraph is stopped, reports are made through the gateway, and the victims subgraph is
// started again on the same database and URL: every referral arrives, exactly once.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../utils/graphql.ts';
import { createPostgresDatabase, freePort, startHubWithReferrals, startSubgraph, type Backend, type Hub } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

const business: TokenClaims = { sub: 'owner-biz-0005', role: 'business', business_id: 'biz-0005' };
const staff: TokenClaims = { sub: 'vg-staff-2', role: 'partner', org_id: 'victim-gateway' };

const reportMutation = /* GraphQL */ `
  mutation Report($input: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $input) { crimeReport { reference } } }
`;
const referralsQuery = /* GraphQL */ `{ me { referrals(first: 100) { nodes { id crimeReference } } } }`;

describe.each(backends)('Victims subgraph stopped, reports made, victims subgraph started: each referral arrives exactly once, on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;
  let victimsPort: number;
  let victimsEnv: Record<string, string>;
  let cleanup = async () => {};
  const references: string[] = [];

  const ask = async (claims: TokenClaims, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(claims));
  const arrived = async () => ((await ask(staff, referralsQuery)).data?.me?.referrals?.nodes ?? []) as { crimeReference: string }[];

  beforeAll(async () => {
    tokens = await createTestTokens();
    victimsPort = await freePort();
    // The victims database must outlive the victims process.
    if (backend === 'pglite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'bch-victims-'));
      victimsEnv = { PGLITE_DIR: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const db = await createPostgresDatabase(process.env.TEST_DATABASE_URL!, 'victims_kept');
      victimsEnv = { DATABASE_URL: db.url };
      cleanup = db.drop;
    }
    hub = await startHubWithReferrals(backend, tokens.gatewayEnv, {
      victimsPort,
      victimsEnv,
      policeEnv: { REFERRAL_RELAY_INTERVAL_MS: '100', REFERRAL_RELAY_MAX_BACKOFF_MS: '400' },
    });
  });

  afterAll(async () => {
    await hub?.stop();
    await cleanup();
  });

  it('reports still succeed while the victims subgraph is down', async () => {
    await hub.subgraphs.victims.stop();
    for (let i = 0; i < 4; i++) {
      const { data, errors } = await ask(business, reportMutation, {
        input: {
          idempotencyKey: randomUUID(),
          crimeType: i % 2 ? 'violent-crime' : 'criminal-damage-arson',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          district: 'E06000021',
          narrative: `Synthetic test report ${i}: a window was smashed at closing time.`,
          contactName: 'Pat Fictional',
          contactPhone: '07700 900789',
          impactStatementWanted: i % 2 === 0,
          referralConsent: true,
        },
      });
      expect(errors).toBeUndefined();
      references.push(data!.reportBusinessCrime.crimeReport.reference);
    }
    // A report without consent is never referred.
    const { errors } = await ask(business, reportMutation, {
      input: {
        idempotencyKey: randomUUID(),
        crimeType: 'shoplifting',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        district: 'E06000021',
        narrative: 'Synthetic: a bottle of gin was taken.',
        contactName: 'Pat Fictional',
        contactPhone: '07700 900789',
        impactStatementWanted: false,
        referralConsent: false,
      },
    });
    expect(errors).toBeUndefined();
    // The victim service's list is unavailable meanwhile, and says so.
    const down = await ask(staff, referralsQuery);
    expect(down.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    // Only the referrals are missing: `me` itself comes from the support subgraph.
    expect(down.data?.me).toEqual({ referrals: null });
    // Let the relay fail a few times, backing off.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  it('once the victims subgraph is back, every referral arrives exactly once', async () => {
    hub.subgraphs.victims = await startSubgraph('victims', backend === 'postgres' ? 'pglite' : backend, { PORT: String(victimsPort), ...victimsEnv });
    await expect.poll(async () => (await arrived()).length, { timeout: 30_000, interval: 250 }).toBe(references.length);
    // Give the relay time to (wrongly) deliver again; nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const referrals = await arrived();
    expect(referrals.map((r) => r.crimeReference).sort()).toEqual([...references].sort());
  });
});
