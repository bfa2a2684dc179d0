// Open Referral UK in and out, in process: the support and victims subgraphs on their own
// databases, seeded from their ORUK files, listening on free ports, and the real gateway in front
// of them. Every page and every record the public API gives is checked against the UK profile's
// JSON schemas; the importer is checked for the round trip, idempotent re-runs and its refusals.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crimeTypeTerms, defaultFeedLimits, FeedError, orukValidators, parseFeed, readFeedFile, type OrukFeed, type SigningConfig } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { createGateway } from '../gateway/src/createGateway.ts';
import { crimeTypes } from '../subgraphs/police/src/seedData.ts';
import { openSupportDatabase, type SupportDb } from '../subgraphs/support/src/db.ts';
import { exportSupportDirectory } from '../subgraphs/support/src/oruk/directory.ts';
import { importSupportFeed } from '../subgraphs/support/src/oruk/import.ts';
import * as supportSeed from '../subgraphs/support/src/seed.ts';
import { createServer as createSupport } from '../subgraphs/support/src/server.ts';
import { openVictimsDatabase, type VictimsDb } from '../subgraphs/victims/src/db.ts';
import { exportVictimsDirectory } from '../subgraphs/victims/src/oruk/directory.ts';
import { importVictimsFeed } from '../subgraphs/victims/src/oruk/import.ts';
import * as victimsSeed from '../subgraphs/victims/src/seed.ts';
import { createServer as createVictims } from '../subgraphs/victims/src/server.ts';

const memory = { kind: 'pglite', dir: 'memory://' } as const;
const secret = randomBytes(32).toString('hex');
const signing: SigningConfig = { secret, maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };

let support: SupportDb;
let victims: VictimsDb;
let supportApp: FastifyInstance;
let victimsApp: FastifyInstance;
let gateway: FastifyInstance;
const dirs: string[] = [];

beforeAll(async () => {
  [support, victims] = await Promise.all([openSupportDatabase(memory), openVictimsDatabase(memory)]);
  await supportSeed.seed(support.prisma);
  await victimsSeed.seed(victims.prisma);
  supportApp = await createSupport(support, { signing, logLevel: 'silent' });
  victimsApp = await createVictims(victims, { signing, logLevel: 'silent' });
  const [supportUrl, victimsUrl] = await Promise.all([supportApp.listen({ port: 0, host: '127.0.0.1' }), victimsApp.listen({ port: 0, host: '127.0.0.1' })]);
  // Police and cyber are not needed: nothing listens at their URLs.
  gateway = await createGateway(
    readGatewayConfig({
      LOG_LEVEL: 'silent',
      HUB_SIGNING_SECRET: secret,
      SUPPORT_URL: `${supportUrl}/graphql`,
      VICTIMS_URL: `${victimsUrl}/graphql`,
      POLICE_URL: 'http://127.0.0.1:9/graphql',
      CYBER_URL: 'http://127.0.0.1:9/graphql',
    }),
  );
}, 300_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([supportApp?.close(), victimsApp?.close()]);
  await Promise.all([support?.close(), victims?.close()]);
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await gateway.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.body ? (JSON.parse(response.body) as Record<string, any>) : undefined };
}

function expectValid(validator: ValidateFunction, value: unknown, where: string): void {
  const valid = validator(value);
  expect(valid ? [] : validator.errors?.map((e) => `${where}${e.instancePath} ${e.message}`)).toEqual([]);
}

/** Every page of a list, checked against the page schema; resolves with all the items. */
async function walk(url: string, pageValidator: ValidateFunction, perPage: number): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  for (let page = 1; page <= 100; page += 1) {
    const { status, body } = await get(`${url}?page=${page}&per_page=${perPage}`);
    expect(status).toBe(200);
    expectValid(pageValidator, body, `${url} page ${page}`);
    expect(body!.page_number).toBe(page);
    expect(body!.size).toBe(body!.contents.length);
    items.push(...body!.contents);
    if (body!.last_page) {
      expect(items.length).toBe(body!.total_items);
      expect(body!.total_pages).toBe(page);
      return items;
    }
  }
  throw new Error(`${url} has more than 100 pages`);
}

describe('the public Open Referral UK API (through the gateway)', () => {
  it('answers the API root of each directory with its HSDS version and profile', async () => {
    for (const directory of ['support', 'victims']) {
      const { status, body, headers } = await get(`/openreferral/${directory}`);
      expect(status).toBe(200);
      expectValid(orukValidators.apiInfo, body, directory);
      expect(body).toMatchObject({ version: 'HSDS-UK-3.0' });
      expect(headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('every page and every record of the support directory is valid against the UK profile schemas', async () => {
    const services = await walk('/openreferral/support/services', orukValidators.servicePage, 7);
    expect(services.length).toBe(await support.prisma.supportOffer.count());
    for (const listed of services) {
      expectValid(orukValidators.serviceListItem, listed, `service ${listed.id}`);
      const { status, body } = await get(`/openreferral/support/services/${listed.id}`);
      expect(status).toBe(200);
      expectValid(orukValidators.service, body, `service ${listed.id}`);
      expect(body).toMatchObject({ id: listed.id, name: listed.name, organization: { id: listed.organization_id } });
    }
    const organizations = await walk('/openreferral/support/organizations', orukValidators.organizationPage, 5);
    expect(organizations.length).toBe(await support.prisma.organization.count());
    for (const listed of organizations) {
      const { status, body } = await get(`/openreferral/support/organizations/${listed.id}`);
      expect(status).toBe(200);
      expectValid(orukValidators.organization, body, `organization ${listed.id}`);
    }
  });

  it('every page and every record of the victims directory is valid, and its providers resolve to support organisations', async () => {
    const services = await walk('/openreferral/victims/services', orukValidators.servicePage, 4);
    expect(services.length).toBe(await victims.prisma.victimService.count());
    for (const listed of services) {
      const { body } = await get(`/openreferral/victims/services/${listed.id}`);
      expectValid(orukValidators.service, body, `service ${listed.id}`);
      const provider = await get(`/openreferral/victims/organizations/${body!.organization_id}`);
      expect(provider.status).toBe(200);
      expect(provider.body!.bch_id).toBe(body!.bch_organization_id);
    }
  });

  it('publishes the hub taxonomies and their terms, each valid', async () => {
    const taxonomies = await walk('/openreferral/support/taxonomies', orukValidators.taxonomyPage, 4);
    expect(taxonomies.map((t) => t.name)).toEqual(expect.arrayContaining(['bch-workstream', 'bch-crime-type', 'bch-sector', 'bch-business-size']));
    const terms = await walk('/openreferral/victims/taxonomy_terms', orukValidators.taxonomyTermPage, 100);
    for (const term of terms.slice(0, 5)) {
      const { body } = await get(`/openreferral/victims/taxonomy_terms/${term.id}`);
      expectValid(orukValidators.taxonomyTerm, body, `term ${term.id}`);
    }
    const shoplifting = terms.find((t) => t.taxonomy === 'bch-crime-type' && t.code === 'shoplifting');
    expect(shoplifting).toMatchObject({ term: 'Shoplifting' });
    const { body } = await get(`/openreferral/victims/taxonomies/${shoplifting!.taxonomy_id}`);
    expectValid(orukValidators.taxonomy, body, 'bch-crime-type');
  });

  it('maps an offer: districts as named service areas (all 9 when it has none), a regional or national one its area, eligibility and categories as hub terms', async () => {
    const { body: page } = await get('/openreferral/support/services?per_page=100');
    const byHubId = new Map<string, string>(page!.contents.map((s: any) => [s.bch_id, s.id]));
    const { body: nfu } = await get(`/openreferral/support/services/${byHubId.get('offer-nfu-rural-crime')}`);
    const terms = nfu!.attributes.map((a: any) => `${a.taxonomy_term.taxonomy}:${a.taxonomy_term.code}`);
    expect(terms).toEqual(expect.arrayContaining(['bch-workstream:PREVENT', 'bch-sector:AGRICULTURE', 'bch-eligibility:RURAL_ONLY', 'bch-crime-type:farm-machinery-theft', 'bch-cost:CHARGED']));
    expect(nfu!.service_areas).toEqual([expect.objectContaining({ name: 'West Midlands', uri: 'http://statistics.data.gov.uk/id/statistical-geography/E12000005' })]);
    expect(nfu!.fees_description).toBe('Included in NFU membership');
    const { body: burton } = await get(`/openreferral/support/services/${byHubId.get('offer-burton-bid-safety')}`);
    expect(burton!.service_areas).toEqual([expect.objectContaining({ name: 'East Staffordshire', uri: 'http://statistics.data.gov.uk/id/statistical-geography/E07000193' })]);
    const { body: ruralTeam } = await get(`/openreferral/support/services/${byHubId.get('offer-police-rural-crime')}`);
    expect(ruralTeam!.service_areas).toHaveLength(9);
    const { body: nbcc } = await get(`/openreferral/support/services/${byHubId.get('offer-nbcc-guidance')}`);
    expect(nbcc!.service_areas).toEqual([expect.objectContaining({ name: 'England and Wales', uri: 'http://statistics.data.gov.uk/id/statistical-geography/K04000001' })]);
  });

  it('refuses bad paging with 400 naming the parameter, unknown ids and paths with 404, and gives an empty page past the last', async () => {
    for (const [query, field] of [
      ['page=0', 'page'],
      ['per_page=101', 'per_page'],
      ['per_page=abc', 'per_page'],
      ['page=-1', 'page'],
      ['page=1&page=2', 'page'],
    ]) {
      const { status, body } = await get(`/openreferral/support/services?${query}`);
      expect(status, query).toBe(400);
      expect(body!.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const unknown = await get('/openreferral/support/services/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body!.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await get('/openreferral/police/services')).status).toBe(404);
    expect((await get('/openreferral/support/reports')).status).toBe(404);
    const past = await get('/openreferral/victims/services?page=999');
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ empty: true, size: 0, contents: [], last_page: true });
  });

  it('is cacheable: Cache-Control and an ETag, and 304 when the client has the answer', async () => {
    const first = await get('/openreferral/support/services?page=2&per_page=10');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await gateway.inject({ method: 'GET', url: '/openreferral/support/services?page=2&per_page=10', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('counts a constant number of database queries for a page, whatever its size', async () => {
    const queriesFor = async (perPage: number) => {
      const before = support.queries.count;
      await get(`/openreferral/support/services?per_page=${perPage}`);
      return support.queries.count - before;
    };
    expect(await queriesFor(30)).toBe(await queriesFor(2));
  });
});

describe('npm run import:oruk: the importer', () => {
  it('round trip: export, import into a fresh database, export again gives identical JSON (support and victims)', async () => {
    const exportedSupport = await exportSupportDirectory(support.prisma);
    const exportedVictims = await exportVictimsDirectory(victims.prisma);
    const [freshSupport, freshVictims] = await Promise.all([openSupportDatabase(memory), openVictimsDatabase(memory)]);
    try {
      const a = await importSupportFeed(freshSupport.prisma, JSON.parse(JSON.stringify(exportedSupport)) as OrukFeed);
      expect(a.refused).toEqual([]);
      expect(a.services.created).toBe(exportedSupport.services.length);
      const b = await importVictimsFeed(freshVictims.prisma, JSON.parse(JSON.stringify({ organizations: [], ...exportedVictims })) as OrukFeed);
      expect(b.refused).toEqual([]);
      expect(await exportSupportDirectory(freshSupport.prisma)).toEqual(exportedSupport);
      expect(await exportVictimsDirectory(freshVictims.prisma)).toEqual(exportedVictims);
    } finally {
      await Promise.all([freshSupport.close(), freshVictims.close()]);
    }
  }, 300_000);

  it('the seed files are what the seeded directories export', async () => {
    const { about: _s, ...supportFile } = JSON.parse(readFileSync(supportSeed.directoryFile, 'utf8'));
    const { about: _v, ...victimsFile } = JSON.parse(readFileSync(victimsSeed.directoryFile, 'utf8'));
    expect(await exportSupportDirectory(support.prisma)).toEqual(supportFile);
    expect(await exportVictimsDirectory(victims.prisma)).toEqual(victimsFile);
  });

  it('is idempotent: a re-run changes nothing; an edited service is updated, a new one created, and nothing duplicated', async () => {
    const feed = await readFeedFile(supportSeed.directoryFile);
    const again = await importSupportFeed(support.prisma, feed);
    expect(again).toEqual({ organizations: { created: 0, updated: 0, unchanged: 24 }, services: { created: 0, updated: 0, unchanged: 32 }, refused: [], written: true });
    const services = feed.services as Record<string, any>[];
    const edited = { ...services[0], description: `${services[0]!.description} Now also on Saturdays.` };
    const added = { ...services[1], id: '5f0c7a52-8f5b-4c57-9c43-2b8f4d7e9a11', bch_id: 'offer-test-added', name: 'A new offer' };
    const report = await importSupportFeed(support.prisma, { organizations: [], services: [edited, added] });
    expect(report.services).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(await support.prisma.supportOffer.count()).toBe(33);
    expect((await support.prisma.supportOffer.findUnique({ where: { id: services[0]!.bch_id } }))!.description).toMatch(/Saturdays/);
    // Back as it was, for the other tests.
    await support.prisma.supportOffer.delete({ where: { id: 'offer-test-added' } });
    expect((await importSupportFeed(support.prisma, feed)).services).toEqual({ created: 0, updated: 1, unchanged: 31 });
  });

  it('refuses records with the reasons: unknown district, unknown crime type, schema-invalid, missing field, unknown organisation', async () => {
    const feed = await readFeedFile(supportSeed.directoryFile);
    const base = (feed.services as Record<string, any>[])[2]!;
    const withAttributes = (attributes: unknown[]) => ({ ...base, attributes });
    const shoplifting = base.attributes.find((a: any) => a.taxonomy_term.taxonomy === 'bch-crime-type');
    const services = [
      { ...base, bch_id: 'bad-district', service_areas: [{ id: '0b7e1d7c-45a1-4a39-9d87-6f0e3a3f5d01', name: 'Birmingham' }] },
      {
        ...withAttributes([
          ...base.attributes,
          {
            ...shoplifting,
            id: '0b7e1d7c-45a1-4a39-9d87-6f0e3a3f5d02',
            taxonomy_term_id: undefined,
            taxonomy_term: { ...shoplifting.taxonomy_term, id: '0b7e1d7c-45a1-4a39-9d87-6f0e3a3f5d03', code: 'piracy', term: 'Piracy' },
          },
        ]),
        bch_id: 'bad-crime-type',
      },
      { ...base, bch_id: 'bad-schema', id: 'not-a-uuid', status: 'open' },
      { ...withAttributes(base.attributes.filter((a: any) => a.taxonomy_term.taxonomy !== 'bch-workstream')), bch_id: 'no-workstream' },
      { ...base, bch_id: 'unknown-organisation', organization: undefined, bch_organization_id: 'no-such-org', organization_id: '0b7e1d7c-45a1-4a39-9d87-6f0e3a3f5d04' },
    ];
    const before = await support.prisma.supportOffer.count();
    const report = await importSupportFeed(support.prisma, { organizations: [], services });
    const reasons = Object.fromEntries(report.refused.map((r) => [r.record.split(' ')[0], r.reasons.join('; ')]));
    expect(reasons['bad-district']).toMatch(/unknown district: service area "Birmingham"/);
    expect(reasons['bad-crime-type']).toMatch(/unknown crime type: "piracy" is not a term of bch-crime-type/);
    expect(reasons['bad-schema']).toMatch(/not valid Open Referral UK: \/id must match format "uuid"/);
    expect(reasons['bad-schema']).toMatch(/\/status must be equal to one of the allowed values/);
    expect(reasons['no-workstream']).toMatch(/missing required field: workstream/);
    expect(reasons['unknown-organisation']).toMatch(/organisation unknown/);
    expect(report.services).toEqual({ created: 0, updated: 0, unchanged: 0 });
    expect(await support.prisma.supportOffer.count()).toBe(before);
  });

  it('all or nothing (the seeds): one refused record and nothing is written', async () => {
    const feed = await readFeedFile(victimsSeed.directoryFile);
    const fresh = await openVictimsDatabase(memory);
    try {
      const bad = { ...(feed.services[0] as object), status: 'inactive' };
      const report = await importVictimsFeed(fresh.prisma, { organizations: [], services: [...feed.services.slice(1), bad] }, { allOrNothing: true });
      expect(report.written).toBe(false);
      expect(report.refused[0]!.reasons[0]).toMatch(/active services only/);
      expect(await fresh.prisma.victimService.count()).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('refuses a whole feed that is not JSON, not an accepted form, too large or too many records, before writing anything', async () => {
    expect(() => parseFeed('{"services": [')).toThrow(FeedError);
    expect(() => parseFeed('{"services": [')).toThrow(/not valid JSON/);
    expect(() => parseFeed('{"items": []}')).toThrow(/expected an array of services, a page .* or a bundle/);
    expect(() => parseFeed(JSON.stringify({ services: new Array(11).fill({}) }), 'feed', { ...defaultFeedLimits, maxRecords: 10 })).toThrow(/holds 11 services, more than the 10/);
    const dir = await mkdtemp(path.join(tmpdir(), 'bch-oruk-'));
    dirs.push(dir);
    const file = path.join(dir, 'big.json');
    await writeFile(file, JSON.stringify({ services: [] }).padEnd(2048, ' '));
    await expect(readFeedFile(file, { ...defaultFeedLimits, maxBytes: 1024 })).rejects.toThrow(/big\.json is 2048 bytes, more than the 1024 bytes one import reads/);
    await expect(readFeedFile(path.join(dir, 'missing.json'))).rejects.toThrow(/no such file/);
  });

  it('follows the pages of a feed at a URL, and fetches the full record of each listed service', async () => {
    const full = (feedOf: OrukFeed) => feedOf.services as Record<string, any>[];
    const all = full(await readFeedFile(victimsSeed.directoryFile));
    const requested: string[] = [];
    const fakeFetch = (async (input: URL | string) => {
      const url = new URL(String(input));
      requested.push(`${url.pathname}${url.search}`);
      const answer = url.pathname.endsWith('/services')
        ? (() => {
            const page = Number(url.searchParams.get('page') ?? 1);
            const contents = all.slice((page - 1) * 5, page * 5).map(({ service_areas: _a, attributes: _b, phones: _c, schedules: _d, ...listed }) => listed);
            return { total_items: all.length, total_pages: 3, page_number: page, size: contents.length, first_page: page === 1, last_page: page === 3, empty: contents.length === 0, contents };
          })()
        : all.find((s) => url.pathname.endsWith(`/services/${s.id}`));
      return new Response(JSON.stringify(answer), { status: answer ? 200 : 404, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const { fetchFeed } = await import('@crimehub/common');
    const feed = await fetchFeed('https://directory.example/openreferral/victims/services', defaultFeedLimits, fakeFetch);
    expect(feed.services).toEqual(all);
    expect(requested.filter((r) => r.includes('?page=') || r.endsWith('/services'))).toHaveLength(3);
    await expect(fetchFeed('https://directory.example/openreferral/victims/services', { ...defaultFeedLimits, maxPages: 2 }, fakeFetch)).rejects.toThrow(/more than 2 pages/);
  });

  it("keeps the hub's crime type terms equal to the police subgraph's crime types", () => {
    expect(crimeTypeTerms).toEqual(crimeTypes.map(({ code, name }) => ({ code, label: name })));
  });
});
