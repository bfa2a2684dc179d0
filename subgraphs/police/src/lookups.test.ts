// The police subgraph's root lookups by id (schema/CONVENTIONS.md §1): each answers its record, or
// null when there is none; ids are matched as clients type them (any case, spaces around).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, type SigningConfig } from '@crimehub/common';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { seed } from './seed.ts';
import { createServer } from './server.ts';

const signing: SigningConfig = { secret: 'police-lookups-test-secret-0123456789abcdef', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };

describe('police lookups', () => {
  let db: PoliceDb;
  let app: Awaited<ReturnType<typeof createServer>>;

  const ask = async (query: string) => {
    const payload = JSON.stringify({ query });
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'police' }, anonymous, payload) },
      payload,
    });
    return response.json() as { data?: any; errors?: unknown[] };
  };

  beforeAll(async () => {
    db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    app = await createServer(db, { signing, logLevel: 'silent' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('answers each record by its id', async () => {
    const { data, errors } = await ask(/* GraphQL */ `{
      crimeType(code: " Burglary ") { code name }
      district(code: "e07000197") { code name }
      policingTeam(id: "LPT-STAFFORD") { id name district { code } }
      reportingRoute(id: "police-101") { id channel contact urgency }
      crimeOutcome(code: "Offender-Charged") { code name final }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      crimeType: { code: 'burglary', name: expect.any(String) },
      district: { code: 'E07000197', name: 'Stafford' },
      policingTeam: { id: 'lpt-stafford', name: expect.stringContaining('Stafford'), district: { code: 'E07000197' } },
      reportingRoute: { id: 'police-101', channel: 'PHONE', contact: '101', urgency: 'NON_EMERGENCY' },
      crimeOutcome: { code: 'offender-charged', name: 'Suspect charged', final: false },
    });
  });

  it('answers null, with no error, for an id that names nothing', async () => {
    const { data, errors } = await ask(/* GraphQL */ `{
      crimeType(code: "burglery") { code }
      district(code: "E09999999") { code }
      policingTeam(id: "lpt-atlantis") { id }
      reportingRoute(id: "police-112") { id }
      crimeOutcome(code: "sent-to-the-moon") { code }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ crimeType: null, district: null, policingTeam: null, reportingRoute: null, crimeOutcome: null });
  });
});
