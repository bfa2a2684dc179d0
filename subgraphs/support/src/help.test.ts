// The Growth Hub's part of a help answer, in process (PGlite, and PostgreSQL too when
// TEST_DATABASE_URL is set), asked as the gateway asks it (`_entities` with the question as the
// key): offers ranked by the shared rules with their reasons, exact service areas, nothing that is
// another partner's item, one item per service, the top N and the full list behind a cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, readFeedFile, type HelpKey } from '@crimehub/common';
import { importSupportFeed } from './oruk/import.ts';
import { directoryFile } from './seed.ts';
import { backends, openTestApp, type Answer, type TestApp } from './testApp.ts';

const STAFFORD = 'E07000197';
const STOKE = 'E06000021';
const CANNOCK_CHASE = 'E07000192';
const TAMWORTH = 'E07000199';
const MOORLANDS = 'E07000198';

const HELP = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $workstream: Workstream) {
    _entities(representations: $r) {
      ... on Help {
        supportOffers(first: $first, workstream: $workstream) {
          id
          title
          workstream
          scope
          provider { id name }
          reasons { kind text }
        }
      }
    }
  }
`;
const CONNECTION = /* GraphQL */ `
  query ($r: [_Any!]!, $first: Int, $after: String, $workstream: Workstream) {
    _entities(representations: $r) {
      ... on Help {
        supportOffersConnection(first: $first, after: $after, workstream: $workstream) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { id } }
        }
      }
    }
  }
`;

const question = (key: Partial<HelpKey> & Pick<HelpKey, 'crimeTypeCode'>) => ({
  __typename: 'Help',
  districtCode: STAFFORD,
  sector: 'RETAIL',
  size: 'SMALL',
  rural: false,
  ...key,
});

/** Offers that are another partner's item: reporting routes (police) and victim services (victims). */
const othersItems = ['offer-report-fraud', 'offer-crimestoppers-anonymous', 'offer-ncsc-report-phishing', 'offer-victim-gateway', 'offer-victim-support-supportline', 'offer-necvcu-victim-care'];

describe.each(backends)('on %s', (backend) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await openTestApp(backend, 'help');
  }, 300_000);
  afterAll(() => app?.close());

  async function offers(key: Parameters<typeof question>[0], args: { first?: number; workstream?: string } = {}): Promise<any[]> {
    const answer = await app.ask(anonymous, HELP, { r: [question(key)], ...args });
    expect(answer.errors).toBeUndefined();
    return answer.data._entities[0].supportOffers;
  }

  it('ransomware: the cyber-specific offers first, local before regional before national, the general local-alerts offer after them', async () => {
    const list = await offers({ crimeTypeCode: 'cyber-ransomware' });
    const ids = list.map((o) => o.id);
    const smartAlert = ids.indexOf('offer-police-smart-alert');
    expect(smartAlert).toBeGreaterThan(0);
    // Everything before Smart Alert is for ransomware; nothing after it is.
    for (const offer of list.slice(0, smartAlert)) expect(offer.reasons[0]).toEqual({ kind: 'CRIME_TYPE', text: 'For ransomware' });
    for (const offer of list.slice(smartAlert)) expect(offer.reasons.map((r: any) => r.kind)).not.toContain('CRIME_TYPE');
    // Within the ransomware offers: county (Growth Hub) before regional (WMCRC, ROCU) before national (NCSC, FSB).
    const scopes = list.slice(0, smartAlert).map((o) => o.scope);
    expect(scopes).toEqual([...scopes].sort((a, b) => ['LOCAL', 'COUNTY', 'REGIONAL', 'NATIONAL'].indexOf(a) - ['LOCAL', 'COUNTY', 'REGIONAL', 'NATIONAL'].indexOf(b)));
    expect(ids[0]).toBe('offer-growth-hub-cyber-resilience');
    expect(ids.indexOf('offer-wmcrc-membership')).toBeLessThan(ids.indexOf('offer-ncsc-small-business-guide'));
    // Size matters within a scope: the offers for small businesses before the open ones.
    expect(list.find((o) => o.id === 'offer-growth-hub-cyber-resilience').reasons).toEqual([
      { kind: 'CRIME_TYPE', text: 'For ransomware' },
      { kind: 'SIZE', text: 'For small businesses (10 to 49 staff)' },
      { kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' },
    ]);
    expect(list.find((o) => o.id === 'offer-ncsc-early-warning').reasons.at(-1)).toEqual({ kind: 'AREA', text: 'National service' });
    expect(list.find((o) => o.id === 'offer-wmrocu-cyberalarm').reasons.at(-1)).toEqual({ kind: 'AREA', text: 'Across the West Midlands' });
  });

  it('shoplifting for a small retailer in Tamworth: local partnership schemes for retail first, each with its reasons', async () => {
    const list = await offers({ crimeTypeCode: 'shoplifting', districtCode: TAMWORTH });
    const ids = list.map((o) => o.id);
    // LOCAL (PABCIS covers 8 districts) for shoplifting and retail: Shopwatch first.
    expect(ids[0]).toBe('offer-pabcis-shopwatch');
    expect(list[0].reasons).toEqual([
      { kind: 'CRIME_TYPE', text: 'For shoplifting' },
      { kind: 'SECTOR', text: 'For shops and retailers' },
      { kind: 'AREA', text: 'Covers Tamworth' },
    ]);
    expect(ids.indexOf('offer-pabcis-intelligence')).toBe(1);
    // County-wide staff safety (for retail) before the national guides, before every general offer.
    expect(ids.indexOf('offer-commissioner-staff-safety')).toBeLessThan(ids.indexOf('offer-nbcc-guidance'));
    expect(ids.indexOf('offer-nbcc-guidance')).toBeLessThan(ids.indexOf('offer-police-smart-alert'));
    // Not in Tamworth: Burton BID (East Staffordshire) and the Stoke city centre scheme.
    expect(ids).not.toContain('offer-burton-bid-safety');
    expect(ids).not.toContain('offer-stoke-city-centre-safety');
    for (const offer of list) expect(offer.reasons.length).toBeGreaterThan(0);
  });

  it('a farm asking about farm-machinery theft (rural in the key, as the police sets it for a farm): the rural crime team and NFU first', async () => {
    const list = await offers({ crimeTypeCode: 'farm-machinery-theft', districtCode: MOORLANDS, sector: 'AGRICULTURE', size: 'MICRO', rural: true });
    expect(list.slice(0, 2).map((o) => o.id)).toEqual(['offer-police-rural-crime', 'offer-nfu-rural-crime']);
    expect(list[0].reasons).toEqual([
      { kind: 'CRIME_TYPE', text: 'For farm machinery and plant theft' },
      { kind: 'SECTOR', text: 'For farms and agricultural businesses' },
      { kind: 'RURAL', text: 'For rural businesses' },
      { kind: 'AREA', text: 'Across Staffordshire and Stoke-on-Trent' },
    ]);
    // Not rural in the key: the rural-only offers are left out.
    const urban = await offers({ crimeTypeCode: 'farm-machinery-theft', districtCode: MOORLANDS, sector: 'AGRICULTURE', size: 'MICRO', rural: false });
    expect(urban.map((o) => o.id)).not.toContain('offer-police-rural-crime');
    expect(urban.map((o) => o.id)).not.toContain('offer-nfu-rural-crime');
  });

  it('service areas are exact: each district gets its own Citizens Advice only', async () => {
    const caIn = async (districtCode: string) =>
      (await offers({ crimeTypeCode: 'burglary', districtCode, size: 'MICRO' })).filter((o) => o.provider.name.startsWith('Citizens Advice')).map((o) => [o.provider.id, o.reasons.at(-1).text]);
    expect(await caIn(CANNOCK_CHASE)).toEqual([['citizens-advice-staffordshire-south-west', 'Covers Cannock Chase']]);
    expect(await caIn(STOKE)).toEqual([['citizens-advice-staffordshire', 'Covers Stoke-on-Trent']]);
    expect(await caIn(TAMWORTH)).toEqual([['citizens-advice-mid-mercia', 'Covers Tamworth']]);
    // The city's trading standards in Stoke, the county's elsewhere.
    const fraudIn = async (districtCode: string) => (await offers({ crimeTypeCode: 'fraud', districtCode })).map((o) => o.id).filter((id) => id.endsWith('trading-standards'));
    expect(await fraudIn(STOKE)).toEqual(['offer-stoke-trading-standards']);
    expect(await fraudIn(STAFFORD)).toEqual(['offer-scc-trading-standards']);
  });

  it("nothing twice: no reporting route or victim service among the offers, one item per organisation's service", async () => {
    for (const crimeTypeCode of ['fraud', 'cyber-phishing', 'cyber-ransomware', 'shoplifting', 'burglary']) {
      const list = await offers({ crimeTypeCode, size: 'MICRO' });
      const ids = list.map((o) => o.id);
      for (const id of othersItems) expect(ids).not.toContain(id);
      const services = list.map((o) => `${o.provider.id}|${o.title.toLowerCase()}`);
      expect(new Set(services).size).toBe(services.length);
    }
    // The directory no longer lists them; their organisations stay (victim services' providers point at them).
    const answer = await app.ask(
      anonymous,
      `{ a: supportOffer(id: "offer-report-fraud") { id } b: supportOffer(id: "offer-victim-gateway") { id } o: organization(id: "report-fraud") { id } v: organization(id: "victim-gateway") { id } }`,
    );
    expect(answer.data).toEqual({ a: null, b: null, o: { id: 'report-fraud' }, v: { id: 'victim-gateway' } });
  });

  it('first and workstream: the top N of the ranked list, one workstream when asked; the connection pages the same list', async () => {
    const all = await offers({ crimeTypeCode: 'cyber-ransomware' });
    expect((await offers({ crimeTypeCode: 'cyber-ransomware' }, { first: 3 })).map((o) => o.id)).toEqual(all.slice(0, 3).map((o) => o.id));
    const prepare = await offers({ crimeTypeCode: 'cyber-ransomware' }, { workstream: 'PREPARE' });
    expect(prepare.map((o) => o.id)).toEqual(all.filter((o) => o.workstream === 'PREPARE').map((o) => o.id));

    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const answer: Answer = await app.ask(anonymous, CONNECTION, { r: [question({ crimeTypeCode: 'cyber-ransomware' })], first: 4, after });
      expect(answer.errors).toBeUndefined();
      const connection = answer.data._entities[0].supportOffersConnection;
      expect(connection.totalCount).toBe(all.length);
      ids.push(...connection.edges.map((e: any) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(ids).toEqual(all.map((o) => o.id));
  });

  it('refuses first out of range and a cursor it did not give out, naming the field', async () => {
    const r = [question({ crimeTypeCode: 'cyber-ransomware' })];
    for (const first of [0, 51, -1]) {
      const answer = await app.ask(anonymous, HELP, { r, first });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const bad = await app.ask(anonymous, CONNECTION, { r, first: 5, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await app.ask(anonymous, CONNECTION, { r, first: 100 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    // Refused before any query: a bad count or a malformed cursor costs no database work.
    const before = app.db.queries.count;
    await app.ask(anonymous, HELP, { r, first: 51 });
    await app.ask(anonymous, CONNECTION, { r, first: 5, after: 'not-a-cursor' });
    expect(app.db.queries.count - before).toBe(0);
  });

  it('reasons are null outside a help answer', async () => {
    const answer = await app.ask(anonymous, `{ supportOffer(id: "offer-growth-hub-cyber-resilience") { id scope reasons { kind } } }`);
    expect(answer.data.supportOffer).toEqual({ id: 'offer-growth-hub-cyber-resilience', scope: 'COUNTY', reasons: null });
  });

  it('scope on import: a national or regional service area makes the offer open everywhere; 9 districts COUNTY, some LOCAL; another region is refused', async () => {
    const feed = await readFeedFile(directoryFile);
    const base = (feed.services as Record<string, any>[]).find((s) => s.bch_id === 'offer-burton-bid-safety')!;
    const area = (code: string, name: string) => ({ id: '0b7e1d7c-45a1-4a39-9d87-6f0e3a3f5d0' + code.slice(-1), name, uri: `http://statistics.data.gov.uk/id/statistical-geography/${code}` });
    const service = (id: string, uuidEnd: string, areas: unknown[]) => ({ ...base, id: `5f0c7a52-8f5b-4c57-9c43-2b8f4d7e9a${uuidEnd}`, bch_id: id, name: id, service_areas: areas });
    const report = await importSupportFeed(app.db.prisma, {
      organizations: [],
      services: [
        service('test-england', '01', [area('E92000001', 'England')]),
        service('test-region-and-district', '02', [area('E07000193', 'East Staffordshire'), area('E12000005', 'West Midlands')]),
        service('test-east-midlands', '03', [area('E12000004', 'East Midlands')]),
      ],
    });
    expect(report.refused.map((r) => r.record.split(' ')[0])).toEqual(['test-east-midlands']);
    const rows = await app.db.prisma.supportOffer.findMany({
      where: { id: { startsWith: 'test-' } },
      orderBy: { id: 'asc' },
      select: { id: true, scope: true, districtCodes: true, wideAreaCode: true },
    });
    expect(rows).toEqual([
      { id: 'test-england', scope: 'NATIONAL', districtCodes: [], wideAreaCode: 'E92000001' },
      { id: 'test-region-and-district', scope: 'REGIONAL', districtCodes: [], wideAreaCode: 'E12000005' },
    ]);
    const seeded = await app.db.prisma.supportOffer.findMany({
      where: { id: { in: ['offer-police-smart-alert', 'offer-burton-bid-safety'] } },
      orderBy: { id: 'asc' },
      select: { id: true, scope: true },
    });
    expect(seeded).toEqual([
      { id: 'offer-burton-bid-safety', scope: 'LOCAL' },
      { id: 'offer-police-smart-alert', scope: 'COUNTY' },
    ]);
    await app.db.prisma.supportOffer.deleteMany({ where: { id: { startsWith: 'test-' } } });
  });
});
