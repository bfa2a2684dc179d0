// Queries by GET, automatic persisted queries and cache headers at the gateway: an anonymous GET of
// a public query answers `Cache-Control: public, max-age=<hint>` and an ETag, and 304 to a caller
// who already has it; signed-in callers get `private, no-store`, POSTs, mutations and errors
// `no-store`. A query registered by its hash is then served by hash alone, by GET; the trusted
// documents policy still decides who may register and run one. The real gateway in process, with
// the real police subgraph behind it (the other partners unreachable).
import { randomBytes } from 'node:crypto';
import type { SigningConfig } from '@crimehub/common';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { createGateway } from '../gateway/src/createGateway.ts';
import { supergraphPath } from '../gateway/src/composeSupergraph.ts';
import { loadSupergraph } from '../gateway/src/loadSupergraph.ts';
import { readCacheHints } from '../gateway/src/publicCaching.ts';
import { sha256hex } from '../gateway/src/savedOperations.ts';
import { CrimeTypesDocument } from '../operations/generated/graphql.ts';
import { startPoliceInProcess, type PoliceInProcess } from './utils/policeInProcess.ts';
import { createTestTokens, type TestTokens } from './utils/tokens.ts';

/** The partners' @cacheControl hints, as the gateway reads them from the committed supergraph. */
const publicCacheHints = readCacheHints((await loadSupergraph(supergraphPath)).original);

const signing: SigningConfig = { secret: randomBytes(32).toString('hex'), maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
const unreachable = 'http://127.0.0.1:9/graphql';
const preflight = { 'apollo-require-preflight': 'true' };
const districts = '{ districts { code name } }';
const savedCrimeTypes = print(CrimeTypesDocument);

let police: PoliceInProcess;
let tokens: TestTokens;
const gateways: FastifyInstance[] = [];

async function gateway(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await createGateway(
    readGatewayConfig({
      LOG_LEVEL: 'silent',
      HUB_SIGNING_SECRET: signing.secret,
      POLICE_URL: police.url,
      SUPPORT_URL: unreachable,
      CYBER_URL: unreachable,
      VICTIMS_URL: unreachable,
      SUBGRAPH_TIMEOUT_MS: '1000',
      ...tokens.gatewayEnv,
      ...env,
    }),
  );
  gateways.push(app);
  return app;
}

/** A GET of /graphql with these parameters (objects as JSON). */
function get(app: FastifyInstance, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const search = new URLSearchParams(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
  return app.inject({ method: 'GET', url: `/graphql?${search}`, headers: { ...preflight, ...headers } });
}

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256hex(query) } });
const codes = (response: LightMyRequestResponse) => (response.json() as { errors?: { extensions?: { code?: string } }[] }).errors?.map((error) => error.extensions?.code);
const signedIn = () => tokens.headers({ sub: 'pc-1', role: 'police' });

beforeAll(async () => {
  tokens = await createTestTokens();
  police = await startPoliceInProcess(signing);
});
afterAll(async () => {
  await Promise.all(gateways.map((app) => app.close()));
  await police?.close();
});

describe('cache headers', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway();
  });

  it('answers an anonymous GET of a public query with public, max-age from the hints, an ETag and Vary: Authorization', async () => {
    const response = await get(app, { query: districts });
    expect(response.statusCode).toBe(200);
    expect(response.json().data.districts.length).toBeGreaterThan(0);
    expect(response.headers['cache-control']).toBe(`public, max-age=${publicCacheHints.districts}`);
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(String(response.headers.vary)).toMatch(/Authorization/);
    // The same answer again: the same ETag. Several root fields: the smallest hint.
    expect((await get(app, { query: districts })).headers.etag).toBe(response.headers.etag);
    const both = await get(app, { query: `{ districts { code } crimeTypes { code } p: policingTeams { id } }` });
    expect(both.json().errors).toBeUndefined();
    expect(both.headers['cache-control']).toBe(`public, max-age=${Math.min(publicCacheHints.districts!, publicCacheHints.crimeTypes!, publicCacheHints.policingTeams!)}`);
  });

  it('answers 304 with no body to If-None-Match with that ETag (or a list holding it), and the whole answer to another', async () => {
    const first = await get(app, { query: districts });
    const etag = String(first.headers.etag);
    for (const ifNoneMatch of [etag, `"other", W/${etag}`]) {
      const again = await get(app, { query: districts }, { 'if-none-match': ifNoneMatch });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    }
    const stale = await get(app, { query: districts }, { 'if-none-match': '"stale"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(first.body);
  });

  it('tells signed-in callers private, no-store, with no ETag', async () => {
    const response = await get(app, { query: districts }, await signedIn());
    expect(response.statusCode).toBe(200);
    expect(response.json().data.districts.length).toBeGreaterThan(0);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers.etag).toBeUndefined();
  });

  it('says no-store for a POST, a query with a field that has no hint, an answer with an error, and a refusal', async () => {
    const post = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: districts } });
    expect(post.json().errors).toBeUndefined();
    expect(post.headers['cache-control']).toBe('no-store');
    const unhinted = await get(app, { query: '{ districts { code } reportingRoute(id: "police-101") { __typename } }' });
    expect(unhinted.headers['cache-control']).toBe('no-store');
    // The support partner is unreachable here: the directory's part comes back as an error.
    const failed = await get(app, { query: '{ districts { code } organizations(first: 1) { nodes { id } } }' });
    expect(codes(failed)).toContain('SUBGRAPH_UNAVAILABLE');
    expect(failed.headers['cache-control']).toBe('no-store');
    expect(failed.headers.etag).toBeUndefined();
    const invalid = await get(app, { query: '{ districts { nope } }' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['cache-control']).toBe('no-store');
    for (const response of [post, unhinted, failed, invalid]) expect(response.headers.etag).toBeUndefined();
  });

  it('keeps CSRF prevention for GET, and runs no mutation by GET', async () => {
    const blocked = await app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(districts)}` });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.headers['cache-control']).toBe('no-store');
    const mutation = await get(app, { query: 'mutation { __typename }' });
    expect(mutation.statusCode).toBe(405);
    expect(mutation.headers['cache-control']).toBe('no-store');
  });
});

describe('automatic persisted queries by GET', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway();
  });

  it('asks for an unknown hash in full, registers it, then answers it by hash alone, cacheable', async () => {
    const query = '{ crimeOutcomes { code } }';
    const unknown = await get(app, { extensions: persisted(query) });
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await get(app, { query, extensions: persisted(query) });
    expect(registered.json().errors).toBeUndefined();
    const byHash = await get(app, { extensions: persisted(query) });
    expect(byHash.statusCode).toBe(200);
    expect(byHash.json()).toEqual(registered.json());
    expect(byHash.headers['cache-control']).toBe(`public, max-age=${publicCacheHints.crimeOutcomes}`);
    expect(byHash.headers.etag).toBe(registered.headers.etag);
  });

  it('refuses a query whose hash does not match it with BAD_USER_INPUT', async () => {
    const response = await get(app, { query: districts, extensions: persisted('{ crimeTypes { code } }') });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toMatch(/must be the sha256 .* of the query sent with it/);
    expect(response.json().errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.sha256Hash' });
  });

  it('is off with APQ_CACHE_MAX_BYTES=0', async () => {
    const off = await gateway({ APQ_CACHE_MAX_BYTES: '0' });
    expect(codes(await get(off, { query: districts, extensions: persisted(districts) }))).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
  });
});

describe('automatic persisted queries under TRUSTED_DOCUMENTS=anonymous', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({ TRUSTED_DOCUMENTS: 'anonymous' });
  });

  it('serves a saved operation by its hash to an anonymous GET, cacheable', async () => {
    const response = await get(app, { extensions: persisted(savedCrimeTypes), variables: { cyber: null } });
    expect(response.json().errors).toBeUndefined();
    expect(response.headers['cache-control']).toBe(`public, max-age=${publicCacheHints.crimeTypes}`);
  });

  it('lets a signed-in caller register a query, and never runs it for an anonymous caller', async () => {
    const query = '{ districts { code } }';
    const headers = await signedIn();
    expect((await get(app, { query, extensions: persisted(query) }, headers)).json().errors).toBeUndefined();
    expect((await get(app, { extensions: persisted(query) }, headers)).json().errors).toBeUndefined();
    const anonymous = await get(app, { extensions: persisted(query) });
    expect(anonymous.statusCode).toBe(400);
    expect(codes(anonymous)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registering = await get(app, { query: '{ crimeOutcomes { code } }', extensions: persisted('{ crimeOutcomes { code } }') });
    expect(registering.statusCode).toBe(403);
    expect(codes(registering)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
  });
});
