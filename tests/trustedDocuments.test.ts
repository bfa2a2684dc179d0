// Trusted documents at the gateway: under TRUSTED_DOCUMENTS=anonymous a caller who is not signed
// in may run only the saved operations of operations/, sent by id (GraphQL over HTTP's documentId
// or Apollo's persisted query hash) or in full, and cannot register new ones; signed-in callers
// are unaffected; `all` holds everyone to them; `off` lets everyone send anything. The real
// gateway in process, with the real police subgraph behind it (the other partners unreachable).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SigningConfig } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { createGateway } from '../gateway/src/createGateway.ts';
import { operationsDir, readSavedOperations, sha256hex, type SavedOperation } from '../gateway/src/savedOperations.ts';
import { loadTrustedDocuments } from '../gateway/src/security/trustedDocuments.ts';
import { CrimeTypesDocument, type CrimeTypesQuery } from '../operations/generated/graphql.ts';
import { startPoliceInProcess, type PoliceInProcess } from './utils/policeInProcess.ts';
import { createTestTokens, type TestTokens } from './utils/tokens.ts';

const signing: SigningConfig = { secret: randomBytes(32).toString('hex'), maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
const unreachable = 'http://127.0.0.1:9/graphql';

/** The typed document codegen made from operations/public/CrimeTypes.graphql: what a front end sends. */
const crimeTypesQuery = print(CrimeTypesDocument);
const crimeTypesId = `sha256:${sha256hex(crimeTypesQuery)}`;
const freeForm = '{ crimeTypes { code } }';

let police: PoliceInProcess;
let tokens: TestTokens;
const gateways: FastifyInstance[] = [];

async function gateway(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await createGateway(
    readGatewayConfig({
      LOG_LEVEL: 'silent',
      HUB_SIGNING_SECRET: signing.secret,
      POLICE_URL: police.url,
      SUPPORT_URL: unreachable,
      CYBER_URL: unreachable,
      VICTIMS_URL: unreachable,
      ...tokens.gatewayEnv,
      ...env,
    }),
  );
  gateways.push(app);
  return app;
}

interface Answer {
  status: number;
  body: { data?: { crimeTypes?: CrimeTypesQuery['crimeTypes'] } | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
  return { status: response.statusCode, body: response.json() };
}

/** Answered from the police subgraph: the crime types, no errors. */
function expectCrimeTypes(answer: Answer): void {
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data?.crimeTypes?.map((type) => type.code)).toContain('shoplifting');
}

function expectRefused(answer: Answer, status: number, code: string, field: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([[code, field]]);
  expect(answer.body.data ?? undefined).toBeUndefined();
}

const policeUser = () => tokens.headers({ sub: 'pc-1', role: 'police' });

beforeAll(async () => {
  tokens = await createTestTokens();
  police = await startPoliceInProcess(signing);
});

afterAll(async () => {
  await Promise.all(gateways.map((app) => app.close()));
  await police?.close();
});

describe('TRUSTED_DOCUMENTS=anonymous', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({ TRUSTED_DOCUMENTS: 'anonymous' });
  });

  it('refuses a free-form document from an anonymous caller with 403 TRUSTED_DOCUMENT_REQUIRED', async () => {
    const answer = await post(app, { query: freeForm });
    expectRefused(answer, 403, 'TRUSTED_DOCUMENT_REQUIRED', 'query');
    expect(answer.body.errors?.[0]?.message).toMatch(/runs only its registered operations for callers who are not signed in/);
  });

  it('answers an anonymous caller who sends a saved operation by documentId', async () => {
    expectCrimeTypes(await post(app, { documentId: crimeTypesId, variables: { cyber: null } }));
    const cyberOnly = await post(app, { documentId: crimeTypesId, variables: { cyber: true } });
    expect(cyberOnly.body.data?.crimeTypes?.every((type) => type.cyber)).toBe(true);
  });

  it('answers a saved operation by Apollo persisted query hash, and in full (its canonical text or its file as written)', async () => {
    expectCrimeTypes(await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: crimeTypesId.slice('sha256:'.length) } } }));
    expectCrimeTypes(await post(app, { query: crimeTypesQuery }));
    expectCrimeTypes(await post(app, { query: await readFile(path.join(operationsDir, 'public/CrimeTypes.graphql'), 'utf8') }));
  });

  it('answers a GET by documentId', async () => {
    const response = await app.inject({ method: 'GET', url: `/graphql?documentId=${encodeURIComponent(crimeTypesId)}`, headers: { 'apollo-require-preflight': 'true' } });
    expectCrimeTypes({ status: response.statusCode, body: response.json() });
  });

  it('refuses an unknown id with 400 PERSISTED_QUERY_NOT_FOUND, and a malformed one with BAD_USER_INPUT', async () => {
    const unknown = `sha256:${sha256hex('query Unknown { districts { code } }')}`;
    expectRefused(await post(app, { documentId: unknown }), 400, 'PERSISTED_QUERY_NOT_FOUND', 'documentId');
    expectRefused(await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown.slice(7) } } }), 400, 'PERSISTED_QUERY_NOT_FOUND', 'extensions.persistedQuery.sha256Hash');
    expectRefused(await post(app, { documentId: 'md5:abc' }), 400, 'BAD_USER_INPUT', 'documentId');
    expectRefused(await post(app, { documentId: crimeTypesId, query: freeForm }), 400, 'BAD_USER_INPUT', 'query');
  });

  it('does not let an anonymous caller register a document through automatic persisted queries', async () => {
    const sha256Hash = sha256hex(freeForm);
    expectRefused(await post(app, { query: freeForm, extensions: { persistedQuery: { version: 1, sha256Hash } } }), 403, 'TRUSTED_DOCUMENT_REQUIRED', 'query');
    expectRefused(await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash } } }), 400, 'PERSISTED_QUERY_NOT_FOUND', 'extensions.persistedQuery.sha256Hash');
  });

  it('leaves signed-in callers free to send any document, and to send saved ones by id', async () => {
    const headers = await policeUser();
    const answer = await post(app, { query: freeForm }, headers);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.crimeTypes?.length).toBeGreaterThan(0);
    expectCrimeTypes(await post(app, { documentId: crimeTypesId }, headers));
  });
});

describe('TRUSTED_DOCUMENTS=all', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({ TRUSTED_DOCUMENTS: 'all', ALLOW_BATCHED_REQUESTS: 'true' });
  });

  it('holds signed-in callers to the saved operations too', async () => {
    const headers = await policeUser();
    const answer = await post(app, { query: freeForm }, headers);
    expectRefused(answer, 403, 'TRUSTED_DOCUMENT_REQUIRED', 'query');
    expect(answer.body.errors?.[0]?.message).toMatch(/for every caller/);
    expectCrimeTypes(await post(app, { documentId: crimeTypesId }, headers));
  });

  it('refuses a batch when any of its operations is free-form', async () => {
    expectRefused(await post(app, [{ documentId: crimeTypesId }, { query: freeForm }]), 403, 'TRUSTED_DOCUMENT_REQUIRED', 'query');
  });
});

describe('TRUSTED_DOCUMENTS=off (the default)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await gateway({});
  });

  it('lets anonymous callers send any document, and saved ones by id', async () => {
    const answer = await post(app, { query: freeForm });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.crimeTypes?.length).toBeGreaterThan(0);
    expectCrimeTypes(await post(app, { documentId: crimeTypesId }));
    expectRefused(await post(app, { documentId: `sha256:${'0'.repeat(64)}` }), 400, 'PERSISTED_QUERY_NOT_FOUND', 'documentId');
  });
});

describe('the registry of saved operations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bch-trusted-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is every saved operation, by the hash of its canonical text', async () => {
    const registry = await loadTrustedDocuments({ mode: 'anonymous', operationsDir });
    const { operations } = await readSavedOperations();
    expect(registry.size).toBe(operations.length);
    expect(operations.map((operation: SavedOperation) => operation.name)).toEqual(expect.arrayContaining(['Help', 'CrimeTypes', 'Districts', 'DistrictForPostcode', 'VictimsCodeRights']));
    expect(registry.byHash.get(crimeTypesId.slice(7))?.name).toBe('CrimeTypes');
  });

  it('refuses to start the gateway with more than 1000 files or a file over 64 KB', async () => {
    const many = path.join(dir, 'many');
    await mkdir(many);
    await Promise.all(Array.from({ length: 1001 }, (_, i) => writeFile(path.join(many, `Op${i}.graphql`), `query Op${i} { __typename }`)));
    await expect(loadTrustedDocuments({ mode: 'anonymous', operationsDir: many })).rejects.toThrow(/more than 1000 \.graphql files/);
    const large = path.join(dir, 'large');
    await mkdir(path.join(large, 'public'), { recursive: true });
    await writeFile(path.join(large, 'public/Large.graphql'), `query Large { __typename }\n${'#'.repeat(64 * 1024)}\n`);
    await expect(loadTrustedDocuments({ mode: 'anonymous', operationsDir: large })).rejects.toThrow(/large\/public\/Large\.graphql: the file is \d+ bytes; a saved operation may be at most 65536/);
    await expect(gateway({ TRUSTED_DOCUMENTS: 'anonymous', OPERATIONS_DIR: large })).rejects.toThrow(/Large\.graphql/);
  });

  it('refuses a file that is not one named operation, naming it', async () => {
    const bad = path.join(dir, 'bad');
    await mkdir(bad);
    await writeFile(path.join(bad, 'Two.graphql'), 'query A { __typename }\nquery B { __typename }\n');
    await expect(loadTrustedDocuments({ mode: 'off', operationsDir: bad })).rejects.toThrow(/Two\.graphql:2:1: a saved operation file holds exactly one operation; this one has 2/);
  });

  it('is configured by TRUSTED_DOCUMENTS, checked at start', () => {
    expect(readGatewayConfig({}).trustedDocuments.mode).toBe('off');
    expect(readGatewayConfig({ NODE_ENV: 'production', HUB_SIGNING_SECRET: signing.secret, ...tokens.gatewayEnv }).trustedDocuments.mode).toBe('off');
    expect(() => readGatewayConfig({ TRUSTED_DOCUMENTS: 'anonymus' })).toThrow(/TRUSTED_DOCUMENTS must be one of off, anonymous, all, got "anonymus"/);
  });
});
