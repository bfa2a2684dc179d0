// Subgraphs trust only the gateway: called directly — unsigned, signed with another secret,
// with a stale signature or a changed body — each of the four refuses before any GraphQL runs,
// `_service` and `_entities` included. Signed as the gateway signs, they answer; and the gateway,
// which signs every request it sends them, still answers the help question. A request the
// gateway signed, captured on its way, is good for that one delivery only: replayed, sent to
// another subgraph or to another path, it is refused (and a replayed report read audits nothing).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, signRequest, subgraphNames, type SigningConfig, type SubgraphName } from '@crimehub/common';
import { graphql, helpQuery } from '../utils/graphql.ts';
import { startHub, startProcess, testSigning, type Hub, type Running } from '../utils/processes.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const wrongSecret: SigningConfig = { ...testSigning, secret: 'not-the-hub-secret-but-long-enough-0123456789' };

/** A question every subgraph contributes to: a large Tamworth retailer hit by shoplifting. */
const representation = { __typename: 'Help', crimeTypeCode: 'shoplifting', districtCode: 'E07000199', sector: 'RETAIL', size: 'LARGE', rural: false };

/** Each subgraph's part of a Help answer, and one of its ordinary root queries with the dotted path of the list it answers. */
const asks: Record<SubgraphName, { helpPart: string; rootQuery: string; rootField: string }> = {
  police: { helpPart: 'crimeType { code }', rootQuery: '{ crimeTypes { code } }', rootField: 'crimeTypes' },
  support: { helpPart: 'supportOffers { id }', rootQuery: '{ organizations { nodes { id } } }', rootField: 'organizations.nodes' },
  cyber: { helpPart: 'trainingSessions { id }', rootQuery: '{ courses { nodes { id } } }', rootField: 'courses.nodes' },
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

interface Captured {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A pass-through in front of one subgraph that keeps a copy of every request the gateway sends
 * it, as anyone on the path between them could. `target` is set once the subgraph is up.
 */
function startRecordingProxy(): Promise<{ url: string; captured: Captured[]; setTarget: (url: string) => void; close: () => Promise<void> }> {
  const captured: Captured[] = [];
  let target: URL | undefined;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      captured.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name))) as Record<string, string>;
      try {
        const answer = await fetch(new URL(request.url!, target), { method: request.method, headers, body: request.method === 'GET' ? undefined : body });
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(await answer.text());
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${address.port}/graphql`,
        captured,
        setTarget: (url) => (target = new URL(url)),
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

/** Sends a captured request again, unchanged, to `url` (another path or subgraph if asked). */
async function replay(request: Captured, url: string): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('x-hub-') || name === 'content-type')) as Record<string, string>;
  const response = await fetch(url, { method: request.method, headers, body: request.body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

describe('subgraphs trust only the gateway', () => {
  let hub: Hub;
  let misconfigured: Running | undefined;
  let tokens: TestTokens;
  let policeProxy: Awaited<ReturnType<typeof startRecordingProxy>>;

  beforeAll(async () => {
    tokens = await createTestTokens();
    policeProxy = await startRecordingProxy();
    // The gateway reaches the police subgraph through the recording proxy.
    hub = await startHub('pglite', { ...tokens.gatewayEnv, POLICE_URL: policeProxy.url });
    policeProxy.setTarget(hub.subgraphs.police.url);
  });

  afterAll(async () => {
    await misconfigured?.stop();
    await hub?.stop();
    await policeProxy?.close();
  });

  describe.each(subgraphNames)('the %s subgraph', (name) => {
    const url = () => hub.subgraphs[name].url;

    it.each(['_service', '_entities', 'root'] as const)('refuses an unsigned %s query with 401 UNAUTHENTICATED and no data', async (kind) => {
      expectRefused(await post(url(), bodies(name)[kind]), /the request is not signed/);
    });

    it.each(['_service', '_entities', 'root'] as const)('refuses a %s query signed with the wrong secret', async (kind) => {
      const body = bodies(name)[kind];
      expectRefused(await post(url(), body, signRequest(wrongSecret, { audience: name }, anonymous, body)), /signature does not match/);
    });

    it.each(['_service', '_entities', 'root'] as const)('refuses a %s query with a stale signature or a changed body', async (kind) => {
      const body = bodies(name)[kind];
      const stale = signRequest(testSigning, { audience: name }, anonymous, body, Date.now() - (testSigning.maxAgeSeconds + 60) * 1000);
      expectRefused(await post(url(), body, stale), /too old or from the future/);
      const changed = body.replace('"query":"', '"query":"# changed\\n');
      expect(changed).not.toBe(body);
      expect(JSON.parse(changed).query).toMatch(/^# changed\n/);
      expectRefused(await post(url(), changed, signRequest(testSigning, { audience: name }, anonymous, body)), /signature does not match/);
    });

    it('refuses an unsigned GET with ?query=', async () => {
      const response = await fetch(`${url()}?query=${encodeURIComponent(asks[name].rootQuery)}`, { headers: { 'apollo-require-preflight': 'true' } });
      expectRefused({ status: response.status, contentType: response.headers.get('content-type'), body: await response.json() }, /the request is not signed/);
    });

    it('answers _service, _entities and a root query signed with the hub secret', async () => {
      const { _service, _entities, root } = bodies(name);
      const service = await post(url(), _service, signRequest(testSigning, { audience: name }, anonymous, _service));
      expect(service.status).toBe(200);
      expect(service.body.errors).toBeUndefined();
      expect(service.body.data._service.sdl).toContain('type Help');
      const entities = await post(url(), _entities, signRequest(testSigning, { audience: name }, { kind: 'user', subject: 'e2e', role: 'business' }, _entities));
      expect(entities.status).toBe(200);
      expect(entities.body.errors).toBeUndefined();
      expect(entities.body.data._entities).toHaveLength(1);
      expect(entities.body.data._entities[0].crimeTypeCode).toBe('shoplifting');
      const answer = await post(url(), root, signRequest(testSigning, { audience: name }, anonymous, root));
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      const list = asks[name].rootField.split('.').reduce((value, key) => value?.[key], answer.body.data);
      expect(list.length).toBeGreaterThan(0);
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

  describe('a request the gateway signed, captured on its way to the police subgraph', () => {
    const business: TokenClaims = { sub: 'owner-trust-1', role: 'business', business_id: 'biz-trust-0001' };
    const officer: TokenClaims = { sub: 'pc-replay-7', role: 'police' };
    const ask = async (claims: TokenClaims, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(claims));
    let reference: string;
    let read: Captured;
    const auditRows = async () => {
      const log = await ask(officer, 'query ($r: ID) { reportAccessLog(first: 500, filter: { reference: $r }) { nodes { subject } } }', { r: reference });
      expect(log.errors).toBeUndefined();
      return (log.data.reportAccessLog.nodes as { subject: string }[]).filter((row) => row.subject === officer.sub).length;
    };

    beforeAll(async () => {
      await ask(business, 'mutation ($i: RegisterBusinessInput!) { registerBusiness(input: $i) { business { id } } }', {
        i: { name: 'Replay Test Hardware', sector: 'RETAIL', size: 'SMALL', district: 'E07000197', postcode: 'ST16 2AB', idempotencyKey: randomUUID() },
      });
      const reported = await ask(business, 'mutation ($i: ReportBusinessCrimeInput!) { reportBusinessCrime(input: $i) { crimeReport { reference } } }', {
        i: {
          idempotencyKey: randomUUID(),
          crimeType: 'burglary',
          occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
          postcode: 'ST16 2AB',
          narrative: 'Synthetic narrative: the stockroom window was forced overnight.',
          contactName: 'Sam Sample',
          contactEmail: 'sam@example.com',
          impactStatementWanted: false,
          referralConsent: false,
        },
      });
      expect(reported.errors).toBeUndefined();
      reference = reported.data.reportBusinessCrime.crimeReport.reference;
      const answer = await ask(officer, 'query ($r: ID!) { crimeReport(reference: $r) { reference narrative } }', { r: reference });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.crimeReport.reference).toBe(reference);
      read = policeProxy.captured.filter((request) => request.body.includes('crimeReport(')).at(-1)!;
      expect(read).toBeDefined();
    });

    it("is refused when replayed unchanged, and the replay writes no audit row in the officer's name", async () => {
      const before = await auditRows();
      expect(before).toBe(1);
      expectRefused(await replay(read, hub.subgraphs.police.url), /already been used/);
      expect(await auditRows()).toBe(before);
    });

    it('is refused by another subgraph (it was signed for the police subgraph only)', async () => {
      for (const name of ['support', 'cyber', 'victims'] as const) {
        expectRefused(await replay(read, hub.subgraphs[name].url), /signature does not match/);
      }
    });

    it('is refused when its body is sent to another path of the police subgraph', async () => {
      expectRefused(await replay(read, `${hub.subgraphs.police.url}?replayed=1`), /signature does not match/);
      expectRefused(await replay(read, hub.subgraphs.police.url.replace(/\/graphql$/, '/graphql/')), /signature does not match/);
    });
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
