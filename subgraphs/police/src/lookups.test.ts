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

  // The help key from a business's postcode (resolved at sector level, common/src/place.ts) and
  // where its `rural` comes from.
  const helpKey = async (business: Record<string, unknown>) => {
    const fields = Object.entries({ sector: 'RETAIL', size: 'SMALL', ...business })
      .map(([name, value]) => `${name}: ${typeof value === 'string' && /^[A-Z_]+$/.test(value) && !/^E0/.test(value) ? value : JSON.stringify(value)}`)
      .join(', ');
    return ask(`{ help(crimeType: "burglary", business: { ${fields} }) { districtCode rural } }`) as Promise<{ data?: any; errors?: any[] }>;
  };

  it.each([
    ['Perton', 'WV6 7AA', 'E07000196'],
    ['Featherstone', 'WV10 7AA', 'E07000196'],
    ['Armitage', 'WS15 4AA', 'E07000194'],
    ['Alrewas', 'DE13 7AA', 'E07000194'],
    ['Stafford', 'ST16 2AB', 'E07000197'],
  ])('resolves %s (%s) to its district from the postcode alone', async (_, postcode, district) => {
    const { data, errors } = await helpKey({ postcode });
    expect(errors).toBeUndefined();
    expect(data.help.districtCode).toBe(district);
  });

  it('asks which district for a split or unconfirmed sector: AMBIGUOUS_POSTCODE with the candidates', async () => {
    const { data, errors } = await helpKey({ postcode: 'WS15 1AA' });
    expect(data?.help ?? null).toBeNull();
    expect(errors?.[0]).toMatchObject({
      message: expect.stringMatching(/"WS15 1".*Cannock Chase \(E07000192\).*Lichfield \(E07000194\).*give business\.district too/i),
      extensions: {
        code: 'AMBIGUOUS_POSTCODE',
        field: 'business.postcode',
        candidates: [
          { code: 'E07000192', name: 'Cannock Chase' },
          { code: 'E07000194', name: 'Lichfield' },
        ],
      },
    });
    const loggerheads = await helpKey({ postcode: 'TF9 4AA' });
    expect(loggerheads.errors?.[0]?.extensions).toMatchObject({ code: 'AMBIGUOUS_POSTCODE', candidates: [{ code: 'E07000195', name: 'Newcastle-under-Lyme' }] });
  });

  it('takes the district given when the postcode may be in it, and refuses one it is not in on business.district', async () => {
    const split = await helpKey({ postcode: 'WS15 1AA', district: 'E07000194' });
    expect(split.errors).toBeUndefined();
    expect(split.data.help.districtCode).toBe('E07000194');
    const loggerheads = await helpKey({ postcode: 'TF9 4AA', district: 'E07000195' });
    expect(loggerheads.data.help.districtCode).toBe('E07000195');
    const wrong = await helpKey({ postcode: 'ST16 2AB', district: 'E07000194' });
    expect(wrong.errors?.[0]).toMatchObject({ message: expect.stringContaining('is in Stafford (E07000197)'), extensions: { code: 'BAD_USER_INPUT', field: 'business.district' } });
    const wrongSplit = await helpKey({ postcode: 'WS15 1AA', district: 'E07000197' });
    expect(wrongSplit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'business.district' });
  });

  it('refuses a postcode outside the area, with or without a district', async () => {
    for (const business of [{ postcode: 'ST7 2AA' }, { postcode: 'B78 1AA', district: 'E07000199' }]) {
      const { errors } = await helpKey(business);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'POSTCODE_OUTSIDE_AREA', field: 'business.postcode' });
    }
  });

  it("derives rural: the business's own answer, else a farm, else the sector's rural-urban class", async () => {
    const rural = async (business: Record<string, unknown>) => (await helpKey(business)).data.help.rural;
    expect(await rural({ postcode: 'ST21 6AA' })).toBe(true); // Eccleshall: a RURAL sector
    expect(await rural({ postcode: 'ST1 1AA' })).toBe(false); // Hanley: URBAN
    expect(await rural({ postcode: 'ST16 2AB', sector: 'AGRICULTURE' })).toBe(true); // a farm is rural
    expect(await rural({ district: 'E07000197' })).toBe(false); // no postcode, not a farm
    expect(await rural({ postcode: 'ST21 6AA', rural: false })).toBe(false); // the business says otherwise
    expect(await rural({ postcode: 'ST1 1AA', rural: true })).toBe(true);
  });

  it('answers postcodeSector: the districts a sector may be in, whether it reaches outside, its class and the source', async () => {
    const { data, errors } = await ask(/* GraphQL */ `{
      split: postcodeSector(sector: "ws15 1") { sector districts { code } outsideArea ruralUrban uncertain source }
      whole: postcodeSector(sector: "ST16 2AB") { sector districts { code } outsideArea uncertain }
      border: postcodeSector(sector: "TF9 4") { districts { code } outsideArea }
      outside: postcodeSector(sector: "ST7 2") { districts { code } outsideArea }
      outward: postcodeSector(sector: "WS13") { sector districts { code } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.split).toEqual({
      sector: 'WS15 1',
      districts: [{ code: 'E07000192' }, { code: 'E07000194' }],
      outsideArea: false,
      ruralUrban: 'URBAN',
      uncertain: true,
      source: expect.stringContaining('Licence'),
    });
    expect(data.whole).toEqual({ sector: 'ST16 2', districts: [{ code: 'E07000197' }], outsideArea: false, uncertain: false });
    expect(data.border).toEqual({ districts: [{ code: 'E07000195' }], outsideArea: true });
    expect(data.outside).toEqual({ districts: [], outsideArea: true });
    expect(data.outward).toEqual({ sector: 'WS13', districts: [{ code: 'E07000194' }] });
    const bad = await ask(`{ postcodeSector(sector: "nonsense") { sector } }`);
    expect((bad.errors?.[0] as any)?.extensions).toMatchObject({ code: 'INVALID_POSTCODE', field: 'sector' });
  });
});
