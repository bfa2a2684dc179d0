// The help question end to end: four subgraphs and the gateway as real processes on free
// ports, fresh databases (in-memory PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, startProcess, startSubgraph, stopAll, type Backend, type Hub } from '../utils/processes.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

interface Business {
  district?: string;
  postcode?: string;
  sector: string;
  size: string;
  rural?: boolean;
}

/** The full answer, with the fields a test needs to check eligibility for itself. */
const detailedHelpQuery = /* GraphQL */ `
  query DetailedHelp($crimeType: ID!, $business: BusinessContext!) {
    help(crimeType: $crimeType, business: $business) {
      districtCode
      crimeType { code name cyber fraud }
      reportingRoutes { id channel name contact urgency }
      supportOffers { id title provider { id name } }
      trainingSessions { id title startsAt seatsLeft }
      victimServices { id name contact provider { name } }
      victimsCodeRights { number title }
    }
  }
`;

/** Everything each directory holds, to work out independently what the answer should be. */
const directoriesQuery = /* GraphQL */ `
  {
    supportOffers(first: 60) { pageInfo { hasNextPage } nodes { id eligibleSectors eligibleSizes districts { code } ruralOnly allCrimeTypes crimeTypes { code } } }
    victimServices(first: 40) { totalCount nodes { id servesBusinesses allCrimeTypes districts { code } crimeTypes { code } stages ruralOnly } }
    trainingSessions(filter: { withSeats: true }, first: 40) { pageInfo { hasNextPage } nodes { id course { crimeTypes { code } eligibleSectors eligibleSizes } } }
  }
`;

const allows = (list: string[], value: string) => list.length === 0 || list.includes(value);

describe.each(backends)('the help graph on %s', (backend) => {
  let hub: Hub;
  let directories: any;

  const ask = async (crimeType: string, business: Business) => {
    const response = await graphql(hub.gateway.url, detailedHelpQuery, { crimeType, business });
    expect(response.errors).toBeUndefined();
    return response.data.help;
  };

  /** The offers, services and sessions the seed data says this business is eligible for. */
  const expected = (crimeType: string, district: string, b: Business) => ({
    offers: directories.supportOffers
      .filter(
        (o: any) =>
          (o.allCrimeTypes || o.crimeTypes.some((c: any) => c.code === crimeType)) &&
          allows(o.eligibleSectors, b.sector) &&
          allows(o.eligibleSizes, b.size) &&
          allows(o.districtCodes, district) &&
          (!o.ruralOnly || b.rural === true),
      )
      .map((o: any) => o.id)
      .sort(),
    services: directories.victimServices.nodes
      .filter(
        (s: any) =>
          s.servesBusinesses &&
          s.districts.some((d: any) => d.code === district) &&
          (s.allCrimeTypes || s.crimeTypes.some((c: any) => c.code === crimeType)) &&
          // Only the services that apply now; the rest are under the Victims' Code rights.
          s.stages.some((stage: string) => stage === 'AFTER_THE_CRIME' || stage === 'AFTER_REPORTING') &&
          (!s.ruralOnly || b.rural === true),
      )
      .map((s: any) => s.id)
      .sort(),
    sessions: directories.trainingSessions.nodes
      .filter((s: any) => s.course.crimeTypes.some((c: any) => c.code === crimeType) && allows(s.course.eligibleSectors, b.sector) && allows(s.course.eligibleSizes, b.size))
      .map((s: any) => s.id),
  });

  const ids = (list: { id: string }[]) => list.map((item) => item.id).sort();

  beforeAll(async () => {
    hub = await startHub(backend);
    const response = await graphql(hub.gateway.url, directoriesQuery);
    expect(response.errors).toBeUndefined();
    // The whole directory fits one page of offers and one of services, so the expectations below see every one;
    // offers' districts as codes, as the help key has them.
    expect(response.data.supportOffers.pageInfo.hasNextPage).toBe(false);
    expect(response.data.trainingSessions.pageInfo.hasNextPage).toBe(false);
    expect(response.data.victimServices.nodes).toHaveLength(response.data.victimServices.totalCount);
    const supportOffers = response.data.supportOffers.nodes.map((o: any) => ({ ...o, districtCodes: o.districts.map((d: any) => d.code) }));
    directories = { ...response.data, supportOffers };
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('answers the contract query for a small retailer in Stafford hit by ransomware', async () => {
    const business = { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' };
    const contract = await graphql(hub.gateway.url, helpQuery, { crimeType: 'cyber-ransomware', business });
    expect(contract.errors).toBeUndefined();
    const help = contract.data.help;
    expect(help.crimeType).toEqual({ code: 'cyber-ransomware', name: expect.any(String) });

    const routes = help.reportingRoutes.map((r: any) => r.name);
    const firstReportFraud = routes.findIndex((n: string) => n.startsWith('Report Fraud'));
    const police101 = help.reportingRoutes.findIndex((r: any) => r.contact === '101');
    // Not said to be happening now: Report Fraud online first, 101 after Report Fraud's phone line, the live attack line after them.
    expect(help.reportingRoutes[0]).toMatchObject({ urgency: 'NON_EMERGENCY', name: 'Report Fraud online' });
    expect(firstReportFraud).toBe(0);
    expect(police101).toBeGreaterThan(routes.indexOf('Report Fraud by phone'));
    expect(help.reportingRoutes.at(-1)).toMatchObject({ urgency: 'URGENT' });
    // Happening now: the gateway asks the police for the urgency with the routes, and the live attack line comes first.
    const live = await graphql(
      hub.gateway.url,
      `query ($b: BusinessContext!) { help(crimeType: "cyber-ransomware", business: $b, urgency: URGENT) { urgency reportingRoutes(first: 1) { id reasons { kind } } } }`,
      { b: business },
    );
    expect(live.errors).toBeUndefined();
    expect(live.data.help).toEqual({ urgency: 'URGENT', reportingRoutes: [{ id: 'report-fraud-live-cyber-attack', reasons: [{ kind: 'URGENCY' }, { kind: 'CRIME_TYPE' }, { kind: 'AREA' }] }] });

    const providers = help.supportOffers.map((o: any) => o.provider.name);
    expect(providers).toContain('Stoke-on-Trent & Staffordshire Growth Hub');
    expect(help.supportOffers.length).toBeGreaterThanOrEqual(3);
    for (const offer of help.supportOffers)
      expect(offer).toMatchObject({ title: expect.any(String), workstream: expect.stringMatching(/^(PREVENT|PREPARE|PURSUE)$/), url: expect.stringMatching(/^https:\/\//) });

    expect(help.trainingSessions.length).toBeGreaterThan(0);
    for (const session of help.trainingSessions) {
      expect(session.seatsLeft).toBeGreaterThan(0);
      expect(Date.parse(session.startsAt)).toBeGreaterThan(Date.now());
      expect(session.venue).toEqual(expect.any(String));
    }
    expect(help.victimServices.length).toBeGreaterThanOrEqual(2);
    for (const service of help.victimServices) expect(service).toMatchObject({ name: expect.any(String), contact: expect.any(String), provider: { name: expect.any(String) } });

    const detailed = await ask('cyber-ransomware', business);
    const want = expected('cyber-ransomware', 'E07000197', business);
    expect(ids(detailed.supportOffers)).toEqual(want.offers);
    expect(ids(detailed.victimServices)).toEqual(want.services);
    expect(want.sessions).toEqual(expect.arrayContaining(detailed.trainingSessions.map((s: any) => s.id)));
    expect(detailed.victimsCodeRights.length).toBeGreaterThan(0);
  });

  it('gives a large Tamworth retailer 999/101/online routes, Shopwatch and no cyber sessions for shoplifting', async () => {
    const business = { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' };
    const help = await ask('shoplifting', business);
    // Already happened (no urgency given): 101 and online first, 999 kept, last.
    expect(help.reportingRoutes.slice(0, 2).map((r: any) => r.id)).toEqual(['police-101', 'police-online']);
    expect(help.reportingRoutes.at(-1)).toMatchObject({ id: 'police-999', urgency: 'EMERGENCY' });
    expect(help.reportingRoutes.some((r: any) => r.name.startsWith('Report Fraud'))).toBe(false);
    expect(help.supportOffers.some((o: any) => o.provider.id === 'pabcis' && /Shopwatch/.test(o.title))).toBe(true);
    expect(help.trainingSessions).toEqual([]);
    const want = expected('shoplifting', 'E07000199', business);
    expect(ids(help.supportOffers)).toEqual(want.offers);
    expect(ids(help.victimServices)).toEqual(want.services);
    expect(help.victimServices.length).toBeGreaterThan(0);
    // Offers whose eligibility excludes this business exist, and are left out.
    const shopliftingOffers = directories.supportOffers.filter((o: any) => o.crimeTypes.some((c: any) => c.code === 'shoplifting'));
    const excluded = shopliftingOffers.filter((o: any) => !want.offers.includes(o.id));
    expect(excluded.some((o: any) => !allows(o.eligibleSizes, 'LARGE'))).toBe(true);
    expect(excluded.some((o: any) => !allows(o.districtCodes, 'E07000199'))).toBe(true);
  });

  it('shows rural-only offers to a rural farm and not to the same farm marked non-rural', async () => {
    const rural = { district: 'E07000198', sector: 'AGRICULTURE', size: 'MICRO', rural: true };
    const ruralHelp = await ask('farm-machinery-theft', rural);
    const townHelp = await ask('farm-machinery-theft', { ...rural, rural: false });
    const ruralOnly = directories.supportOffers.filter((o: any) => o.ruralOnly).map((o: any) => o.id);
    expect(ids(ruralHelp.supportOffers).filter((id) => ruralOnly.includes(id)).length).toBeGreaterThan(0);
    expect(ids(townHelp.supportOffers).filter((id) => ruralOnly.includes(id))).toEqual([]);
    expect(ids(ruralHelp.supportOffers)).toEqual(expected('farm-machinery-theft', 'E07000198', rural).offers);
    expect(ruralHelp.trainingSessions).toEqual([]);
  });

  it('finds the district from a postcode and puts Report Fraud before 101 for payment diversion fraud', async () => {
    const business = { postcode: 'st5 1aa', sector: 'PROFESSIONAL_SERVICES', size: 'MEDIUM' };
    const help = await ask('payment-diversion-fraud', business);
    expect(help.districtCode).toBe('E07000195');
    expect(help.crimeType.fraud).toBe(true);
    const names = help.reportingRoutes.map((r: any) => r.name);
    expect(names[0]).toMatch(/^Report Fraud/);
    expect(names.findIndex((n: string) => /101/.test(n))).toBeGreaterThan(names.findLastIndex((n: string) => n.startsWith('Report Fraud')));
    expect(help.supportOffers.length).toBeGreaterThan(0);
    expect(ids(help.supportOffers)).toEqual(expected('payment-diversion-fraud', 'E07000195', business).offers);
    expect(ids(help.victimServices)).toEqual(expected('payment-diversion-fraud', 'E07000195', business).services);
  });

  it('gives a small Stoke hospitality business violence support and no cyber sessions', async () => {
    const business = { district: 'E06000021', sector: 'HOSPITALITY', size: 'SMALL' };
    const help = await ask('violent-crime', business);
    expect(help.reportingRoutes[0].id).toBe('police-101');
    expect(help.reportingRoutes.at(-1).id).toBe('police-999');
    expect(help.supportOffers.some((o: any) => /Pubwatch|staff safety/i.test(o.title))).toBe(true);
    expect(help.trainingSessions).toEqual([]);
    expect(ids(help.supportOffers)).toEqual(expected('violent-crime', 'E06000021', business).offers);
    expect(ids(help.victimServices)).toEqual(expected('violent-crime', 'E06000021', business).services);
  });

  it('lists crime types and districts for clients to choose from', async () => {
    const response = await graphql(hub.gateway.url, '{ crimeTypes { code cyber } districts { code name postcodeDistricts policingTeams { name } } policingTeams { id } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.crimeTypes.length).toBeGreaterThanOrEqual(20);
    expect(response.data.crimeTypes.map((c: any) => c.code)).toEqual(expect.arrayContaining(['shoplifting', 'burglary', 'fraud', 'cyber-ransomware', 'theft-by-employee', 'farm-machinery-theft']));
    expect(response.data.districts).toHaveLength(9);
    expect(response.data.policingTeams).toHaveLength(10);
    const stafford = response.data.districts.find((d: any) => d.code === 'E07000197');
    expect(stafford.postcodeDistricts).toContain('ST16');
  });

  describe('bad input', () => {
    const askFor = (crimeType: string, business: Record<string, unknown>) => graphql(hub.gateway.url, helpQuery, { crimeType, business });
    const base = { district: 'E07000197', sector: 'RETAIL', size: 'SMALL' };

    it.each([
      ['an unknown crime type', 'shop-lifting', base, 'UNKNOWN_CRIME_TYPE', 'crimeType', /crimeTypes query/],
      ['an unknown district', 'burglary', { ...base, district: 'E07000999' }, 'UNKNOWN_DISTRICT', 'business.district', /districts query/],
      ['a malformed postcode', 'burglary', { ...base, district: undefined, postcode: 'NOT A POSTCODE' }, 'INVALID_POSTCODE', 'business.postcode', /ST16 2AB/],
      ['a postcode outside Staffordshire', 'burglary', { ...base, district: undefined, postcode: 'M1 1AE' }, 'POSTCODE_OUTSIDE_AREA', 'business.postcode', /outside Staffordshire/],
      ['no district and no postcode', 'burglary', { sector: 'RETAIL', size: 'SMALL' }, 'BAD_USER_INPUT', 'business.district', /districts query/],
    ])('refuses %s with a code the client can act on', async (_label, crimeType, business, code, field, hint) => {
      const response = await askFor(crimeType, business);
      expect(response.data?.help ?? null).toBeNull();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions).toMatchObject({ code, field });
      expect(response.errors![0]!.message).toMatch(hint);
    });

    it('suggests the nearest crime type code', async () => {
      const response = await askFor('shop-lifting', base);
      expect(response.errors![0]!.extensions!.suggestion).toBe('shoplifting');
      const prefix = await askFor('shoplift', base);
      expect(prefix.errors![0]!.message).toBe('No crime type has the code "shoplift". Did you mean "shoplifting"? The crimeTypes query lists every code.');
    });

    it.each([
      ['sector', { ...base, sector: 'BAKERY' }, /Sector/],
      ['size', { ...base, size: 'HUGE' }, /BusinessSize/],
    ])('refuses an unknown %s before any subgraph is asked', async (_label, business, hint) => {
      const response = await askFor('burglary', business);
      expect(response.data ?? null).toBeNull();
      expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(response.errors![0]!.message).toMatch(hint);
    });

    it('refuses out-of-range arguments on directory queries', async () => {
      const response = await graphql(hub.gateway.url, '{ trainingSessions(first: 0) { nodes { id } } }');
      expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const offers = await graphql(hub.gateway.url, '{ supportOffers(filter: { district: "E0" }) { nodes { id } } }');
      expect(offers.errors![0]!.extensions).toMatchObject({ code: 'UNKNOWN_DISTRICT', field: 'filter.district' });
      const page = await graphql(hub.gateway.url, '{ supportOffers(first: 101) { nodes { id } } }');
      expect(page.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });

    it('keeps every process serving after the bad inputs', async () => {
      for (const subgraph of Object.values(hub.subgraphs)) {
        const health = await fetch(subgraph.url.replace(/\/graphql$/, '/health'));
        expect(health.status).toBe(200);
      }
      const response = await askFor('burglary', base);
      expect(response.errors).toBeUndefined();
      expect(response.data.help.reportingRoutes.length).toBeGreaterThan(0);
    });
  });

  it('returns partial help, naming the missing partner, when the cyber register is down', async () => {
    // A subgraph shuts down cleanly on SIGTERM: exit code 0, no SIGKILL needed.
    expect(await hub.subgraphs.cyber.stop()).toEqual({ code: 0, signal: null });
    const response = await graphql(hub.gateway.url, helpQuery, { crimeType: 'cyber-phishing', business: { district: 'E07000194', sector: 'RETAIL', size: 'MICRO' } });
    expect(response.data.help.trainingSessions).toBeNull();
    expect(response.data.help.reportingRoutes.length).toBeGreaterThan(0);
    expect(response.data.help.supportOffers.length).toBeGreaterThan(0);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ message: expect.stringContaining('cyber service could not be reached'), extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'cyber' } });
    // The cyber register comes back on a new process and the answer is whole again.
    hub.subgraphs.cyber = await startSubgraph('cyber', backend);
    hub = await restartGatewayWith(hub);
    const whole = await graphql(hub.gateway.url, helpQuery, { crimeType: 'cyber-phishing', business: { district: 'E07000194', sector: 'RETAIL', size: 'MICRO' } });
    expect(whole.errors).toBeUndefined();
    expect(whole.data.help.trainingSessions.length).toBeGreaterThan(0);
  });

  it('stops every process cleanly on SIGTERM', async () => {
    const exits = await hub.stop();
    expect(Object.keys(exits).sort()).toEqual(['cyber', 'gateway', 'police', 'support', 'victims']);
    for (const exit of Object.values(exits)) expect(exit).toEqual({ code: 0, signal: null });
  });
});

/** A new gateway on the hub's current subgraph URLs (a restarted subgraph has a new port). */
async function restartGatewayWith(hub: Hub): Promise<Hub> {
  await hub.gateway.stop();
  const urls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
  const gateway = await startProcess('gateway', 'gateway/src/main.ts', urls);
  return { gateway, subgraphs: hub.subgraphs, stop: () => stopAll(gateway, hub.subgraphs) };
}
