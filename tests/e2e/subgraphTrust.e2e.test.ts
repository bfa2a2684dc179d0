// Subgraphs trust only the gateway: called directly — unsigned, signed with another secret,
// with a stale signature or a changed body — each of the four refuses before any GraphQL runs,
// `_service` and `_entities` included. Signed as the gateway signs, they answer; and the gateway,
// which signs every request it sends them, still answers the help question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, subgraphNames, type SigningConfig, type SubgraphName } from '@crimehub/common';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, startProcess, testSigning, type Hub, type Running } from '../utils/processes.ts';

const wrongSecret: SigningConfig = { ...testSigning, secret: 'not-the-hub-secret-but-long-enough-0123456789' };

/** A question every subgraph contributes to: a large Tamworth retailer hit by shoplifting. */
const representation = { __typename: 'Help', crimeTypeCode: 'shoplifting', districtCode: 'E07000199', sector: 'RETAIL', size: 'LARGE', rural: false };

/** Each subgraph's part of a Help answer, and one of its ordinary root queries. */
const asks: Record<SubgraphName, { helpPart: string; rootQuery: string; rootField: string }> = {
  police: { helpPart: 'crimeType { code }', rootQuery: '{ crimeTypes { code } }', rootField: 'crimeTypes' },
  support: { helpPart: 'supportOffers { id }', rootQuery: '{ organizations { id } }', rootField: 'organizations' },
  cyber: { helpPart: 'trainingSessions { id }', rootQuery: '{ courses { id } }', rootField: 'courses' },
  victims: { helpPart: 'victimServices { id }', rootQuery: '{ victimsCodeRights { number } }', rootField: 'victimsCodeRights' },
};

const bodies = (name: SubgraphName) => ({
  _service: JSON.stringify({ query: '{ _service { sdl } }' }),
  _entities: JSON.stringify({
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Help { crimeTypeCode ${asks[name].helpPart} } } }`,
    variables: { r: [representation] },
  }),
  root: JSON.stringify({ query: asks[name].rootQuery }),
});

interface Answer {
  status: number;
  contentType: string | null;
  body: any;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

function expectRefused(answer: Answer, reason: RegExp): void {
  expect(answer.status).toBe(401);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body).toEqual({
    errors: [{ message: expect.stringMatching(/^This service answers only the Business Crime Hub gateway: /), extensions: { code: 'UNAUTHENTICATED' } }],
  });
  expect(answer.body.errors[0].message).toMatch(reason);
  expect(answer.body.data).toBeUndefined();
}

describe('subgraphs trust only the gateway', () => {
  let hub: Hub;
  let misconfigured: Running | undefined;

  beforeAll(async () => {
    hub = await startHub('pglite');
  });

  afterAll(async () => {
    await misconfigured?.stop();
    await hub?.stop();
  });

  describe.each(subgraphNames)('the %s subgraph', (name) => {
    const url = () => hub.subgraphs[name].url;

    it.each(['_service', '_entities', 'root'] as const)('refuses an unsigned %s query with 401 UNAUTHENTICATED and no data', async (kind) => {
      expectRefused(await post(url(), bodies(name)[kind]), /the request is not signed/);
    });

    it.each(['_service', '_entities', 'root'] as const)('refuses a %s query signed with the wrong secret', async (kind) => {
      const body = bodies(name)[kind];
      expectRefused(await post(url(), body, signRequest(wrongSecret, anonymous, body)), /signature does not match/);
    });

    it.each(['_service', '_entities', 'root'] as const)('refuses a %s query with a stale signature or a changed body', async (kind) => {
      const body = bodies(name)[kind];
      const stale = signRequest(testSigning, anonymous, body, Date.now() - (testSigning.maxAgeSeconds + 60) * 1000);
      expectRefused(await post(url(), body, stale), /too old or from the future/);
      const changed = body.replace('"query":"', '"query":"# changed\\n');
      expect(changed).not.toBe(body);
      expect(JSON.parse(changed).query).toMatch(/^# changed\n/);
      expectRefused(await post(url(), changed, signRequest(testSigning, anonymous, body)), /signature does not match/);
    });

    it('refuses an unsigned GET with ?query=', async () => {
      const response = await fetch(`${url()}?query=${encodeURIComponent(asks[name].rootQuery)}`, { headers: { 'apollo-require-preflight': 'true' } });
      expectRefused({ status: response.status, contentType: response.headers.get('content-type'), body: await response.json() }, /the request is not signed/);
    });

    it('answers _service, _entities and a root query signed with the hub secret', async () => {
      const { _service, _entities, root } = bodies(name);
      const service = await post(url(), _service, signRequest(testSigning, anonymous, _service));
      expect(service.status).toBe(200);
      expect(service.body.errors).toBeUndefined();
      expect(service.body.data._service.sdl).toContain('type Help');
      const entities = await post(url(), _entities, signRequest(testSigning, { kind: 'user', subject: 'e2e', role: 'business' }, _entities));
      expect(entities.status).toBe(200);
      expect(entities.body.errors).toBeUndefined();
      expect(entities.body.data._entities).toHaveLength(1);
      expect(entities.body.data._entities[0].crimeTypeCode).toBe('shoplifting');
      const answer = await post(url(), root, signRequest(testSigning, anonymous, root));
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data[asks[name].rootField].length).toBeGreaterThan(0);
    });

    it('keeps its health check open', async () => {
      const health = await fetch(url().replace(/\/graphql$/, '/health'));
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', subgraph: name });
    });
  });

  it('still answers the help question through the gateway, which signs every subgraph request', async () => {
    const response = await graphql(hub.gateway.url, helpQuery, { crimeType: 'shoplifting', business: { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' } });
    expect(response.errors).toBeUndefined();
    expect(response.data.help.reportingRoutes.length).toBeGreaterThan(0);
    expect(response.data.help.supportOffers.length).toBeGreaterThan(0);
    expect(response.data.help.victimServices.length).toBeGreaterThan(0);
    expect(response.data.help.trainingSessions).toEqual([]);
  });

  it('gets nothing from the subgraphs through a gateway with another secret, and tells the caller no more than that', async () => {
    const urls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [`${s.name.toUpperCase()}_URL`, s.url]));
    misconfigured = await startProcess('gateway', 'gateway/src/main.ts', { ...urls, HUB_SIGNING_SECRET: wrongSecret.secret });
    const response = await graphql(misconfigured.url, helpQuery, { crimeType: 'shoplifting', business: { district: 'E07000199', sector: 'RETAIL', size: 'LARGE' } });
    expect(response.data?.help ?? null).toBeNull();
    expect(response.errors!.length).toBeGreaterThan(0);
    expect(response.errors![0]!.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'police' });
    expect(JSON.stringify(response.errors)).not.toMatch(/127\.0\.0\.1|signature|UNAUTHENTICATED/);
    expect(misconfigured.output()).toMatch(/refused the gateway signature/);
  });
});
