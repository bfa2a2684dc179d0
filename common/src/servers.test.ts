// The gateway-only guard every subgraph app has, on both stacks, in process: a tiny subgraph
// whose resolvers echo the identity the gateway signed.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from './identity.ts';
import { DateTimeScalar } from './scalars.ts';
import { createApolloSubgraphApp, createMercuriusSubgraphApp } from './servers.ts';
import { randomBytes } from 'node:crypto';
import { signRequest, type SigningConfig } from './signing.ts';

const signing: SigningConfig = { secret: 'servers-test-secret-0123456789abcdefghij', maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };
const wrong: SigningConfig = { ...signing, secret: 'not-the-gateway-secret-0123456789abcdefgh' };

const typeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { whoAmI: String! }
  type Thing @key(fields: "id") { id: ID! askedBy: String! }
`;
const describeIdentity = (identity: Identity) => (identity.kind === 'user' ? `${identity.role}:${identity.subject}` : 'anonymous');
const resolvers = {
  Query: { whoAmI: (_: unknown, __: unknown, context: { identity: Identity }) => describeIdentity(context.identity) },
  Thing: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    askedBy: (_: unknown, __: unknown, context: { identity: Identity }) => describeIdentity(context.identity),
  },
};

const stacks = [
  ['Apollo Server', createApolloSubgraphApp],
  ['mercurius', createMercuriusSubgraphApp],
] as const;

const officer: Identity = { kind: 'user', subject: 'officer-7', role: 'police' };
const serviceQuery = JSON.stringify({ query: '{ _service { sdl } }' });
const entitiesQuery = JSON.stringify({
  query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id askedBy } } }',
  variables: { r: [{ __typename: 'Thing', id: 't1' }] },
});
const rootQuery = JSON.stringify({ query: '{ whoAmI }' });

describe.each(stacks)('a subgraph on %s', (_stack, create) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await create({ name: 'test', typeDefs, resolvers, context: (identity) => ({ identity }), healthCheck: async () => {}, signing, logLevel: 'silent' });
  });
  afterAll(() => app?.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/graphql', payload, headers: { 'content-type': 'application/json', ...headers } } as InjectOptions);

  const expectRefused = (response: Awaited<ReturnType<typeof post>>, reason: RegExp) => {
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['errors']);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(body.errors[0].message).toMatch(/^This service answers only the Business Crime Hub gateway: /);
    expect(body.errors[0].message).toMatch(reason);
  };

  it.each([
    ['_service', serviceQuery],
    ['_entities', entitiesQuery],
    ['a root query', rootQuery],
  ])('refuses %s unsigned, signed with the wrong secret, stale, or with its body changed', async (_label, payload) => {
    expectRefused(await post(payload), /not signed/);
    expectRefused(await post(payload, signRequest(wrong, { audience: 'test' }, officer, payload)), /signature does not match/);
    expectRefused(await post(payload, signRequest(signing, { audience: 'test' }, officer, payload, Date.now() - 31_000)), /too old or from the future/);
    expectRefused(await post(payload.replace('}', ' __typename }'), signRequest(signing, { audience: 'test' }, officer, payload)), /signature does not match/);
  });

  it('refuses GET requests unless their path and query string are signed', async () => {
    const url = `/graphql?query=${encodeURIComponent('{ whoAmI }')}`;
    const get = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { 'apollo-require-preflight': 'true', ...headers } });
    expectRefused(await get(), /not signed/);
    expectRefused(await get(signRequest(signing, { audience: 'test' }, officer, '')), /signature does not match/);
    expectRefused(await get(signRequest(signing, { audience: 'test', method: 'GET', path: '/graphql?query=%7B%20__typename%20%7D' }, officer, '')), /signature does not match/);
    const signed = await get(signRequest(signing, { audience: 'test', method: 'GET', path: url }, officer, ''));
    expect(signed.statusCode).toBe(200);
    expect(signed.json().data).toEqual({ whoAmI: 'police:officer-7' });
  });

  it('refuses a signed POST whose body is not JSON', async () => {
    const payload = '{ whoAmI }';
    const response = await app.inject({ method: 'POST', url: '/graphql', payload, headers: { 'content-type': 'text/plain', ...signRequest(signing, { audience: 'test' }, officer, payload) } });
    expect(response.statusCode).toBe(401);
    expect(response.json().errors[0].message).toMatch(/application\/json body/);
  });

  it('answers correctly signed requests, with the signed identity in the context', async () => {
    const service = await post(serviceQuery, signRequest(signing, { audience: 'test' }, officer, serviceQuery));
    expect(service.statusCode).toBe(200);
    expect(service.json().data._service.sdl).toContain('whoAmI');
    const entities = await post(entitiesQuery, signRequest(signing, { audience: 'test' }, officer, entitiesQuery));
    expect(entities.json()).toEqual({ data: { _entities: [{ id: 't1', askedBy: 'police:officer-7' }] } });
    const root = await post(rootQuery, signRequest(signing, { audience: 'test' }, { kind: 'anonymous' }, rootQuery));
    expect(root.json()).toEqual({ data: { whoAmI: 'anonymous' } });
  });

  it('accepts a signed request once: the same request again is refused, as is its body re-sent to another path', async () => {
    const headers = signRequest(signing, { audience: 'test' }, officer, rootQuery);
    const first = await post(rootQuery, headers);
    expect(first.json()).toEqual({ data: { whoAmI: 'police:officer-7' } });
    expectRefused(await post(rootQuery, headers), /already been used once/);
    const moved = signRequest(signing, { audience: 'test' }, officer, rootQuery);
    const elsewhere = await app.inject({ method: 'POST', url: '/graphql?again=1', payload: rootQuery, headers: { 'content-type': 'application/json', ...moved } });
    expectRefused(elsewhere, /signature does not match/);
    // Refused for its path, its nonce was not used up: sent where it was signed for, it is accepted.
    expect((await post(rootQuery, moved)).json()).toEqual({ data: { whoAmI: 'police:officer-7' } });
  });

  it('refuses a request signed for another subgraph, or with a version 1 signature', async () => {
    expectRefused(await post(rootQuery, signRequest(signing, { audience: 'police' }, officer, rootQuery)), /signature does not match/);
    const headers = signRequest(signing, { audience: 'test' }, officer, rootQuery);
    expectRefused(await post(rootQuery, { ...headers, 'x-hub-signature': headers['x-hub-signature']!.replace('v2=', 'v1=') }), /version 1/);
  });

  it('gives a clear 400 for a signed body that is not valid JSON, and a 401 when it is unsigned too', async () => {
    const payload = '{"query": ';
    const signed = await post(payload, signRequest(signing, { audience: 'test' }, officer, payload));
    expect(signed.statusCode).toBe(400);
    expect(signed.body).toMatch(/JSON/);
    expectRefused(await post(payload), /not signed/);
  });

  it('keeps GET /health open', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', subgraph: 'test' });
  });
});

describe.each(stacks)('a document a subgraph on %s cannot run', (_stack, create) => {
  // The gateway knows a custom scalar only by name, so a malformed value reaches the subgraph,
  // whose scalar refuses it: the client must get the scalar's code, never an internal error.
  const scalarTypeDefs = /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
    scalar DateTime
    type Query { echo(at: DateTime!): String! }
    type Thing @key(fields: "id") { id: ID! refused: String }
  `;
  const scalarResolvers = {
    DateTime: DateTimeScalar,
    Query: { echo: (_: unknown, args: { at: Date }) => args.at.toISOString() },
    Thing: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      refused: () => {
        throw new GraphQLError('Not for you.', { extensions: { code: 'FORBIDDEN' } });
      },
    },
  };
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await create({ name: 'test', typeDefs: scalarTypeDefs, resolvers: scalarResolvers, context: (identity) => ({ identity }), healthCheck: async () => {}, signing, logLevel: 'silent' });
  });
  afterAll(() => app?.close());

  const ask = async (query: string, variables?: Record<string, unknown>) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', payload, headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'test' }, officer, payload) } });
    return response.json() as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  };

  it("answers a scalar's refusal with the scalar's code, given as a variable or as a literal", async () => {
    expect((await ask('query ($at: DateTime!) { echo(at: $at) }', { at: '2026-11-20T14:30:00+01:00' })).data).toEqual({ echo: '2026-11-20T13:30:00.000Z' });
    for (const answer of [await ask('query ($at: DateTime!) { echo(at: $at) }', { at: '20 November 2026' }), await ask('{ echo(at: "20 November 2026") }')]) {
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0]?.message).toMatch(/DateTime must be an RFC 3339 date and time/);
    }
  });

  it("puts an entity field's error at its path with the entity's index a number, so the gateway can place it", async () => {
    const answer = await ask('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id refused } } }', {
      r: [
        { __typename: 'Thing', id: 't1' },
        { __typename: 'Thing', id: 't2' },
      ],
    });
    expect(answer.data).toEqual({
      _entities: [
        { id: 't1', refused: null },
        { id: 't2', refused: null },
      ],
    });
    expect(answer.errors?.map((e) => (e as { path?: unknown }).path)).toEqual([
      ['_entities', 0, 'refused'],
      ['_entities', 1, 'refused'],
    ]);
  });

  it('answers a document that does not fit the schema with GRAPHQL_VALIDATION_FAILED, every fault listed', async () => {
    const answer = await ask('{ echo(at: "2026-11-20T14:30:00Z") nothing }');
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(answer.errors?.[0]?.message).toMatch(/nothing/);
  });
});

describe('a mercurius subgraph refusing a document or its variables', () => {
  // mercurius wraps these in one MER_ERR_GQL_VALIDATION error, which was answered as an internal error.
  const scalarTypeDefs = /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
    "A date and time."
    scalar DateTime
    type Query { echo(at: DateTime!, times: Int): String! }
  `;
  let app: FastifyInstance;
  beforeAll(async () => {
    const echo = (_: unknown, args: { at: Date }) => args.at.toISOString();
    app = await createMercuriusSubgraphApp({
      name: 'test',
      typeDefs: scalarTypeDefs,
      resolvers: { DateTime: DateTimeScalar, Query: { echo } },
      context: (identity) => ({ identity }),
      healthCheck: async () => {},
      signing,
      logLevel: 'silent',
    });
  });
  afterAll(() => app?.close());

  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', payload, headers: { 'content-type': 'application/json', ...signRequest(signing, { audience: 'test' }, officer, payload) } });
    return response.json() as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
  };

  it.each([
    ['a scalar refusing a variable', 'query ($at: DateTime!) { echo(at: $at) }', { at: 'yesterday' }, 'BAD_USER_INPUT', /DateTime must be an RFC 3339 date/],
    ['a scalar refusing a literal', '{ echo(at: "2026-13-01T00:00:00Z") }', {}, 'BAD_USER_INPUT', /not a real date and time/],
    ['a variable of the wrong type', 'query ($n: Int) { echo(at: "2026-11-20T14:30:00Z", times: $n) }', { n: 'many' }, 'BAD_USER_INPUT', /^Variable "\$n" got invalid value/],
    ['an unknown field', '{ echo(at: "2026-11-20T14:30:00Z") nothing }', {}, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nothing"/],
  ])('%s: its own message and a code a client can act on', async (_, query, variables, code, message) => {
    const answer = await ask(query, variables);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]!.extensions.code).toBe(code);
    expect(answer.errors[0]!.message).toMatch(message);
  });

  it('answers a good value', async () => {
    expect(await ask('{ echo(at: "2026-11-20T15:30:00+01:00") }')).toEqual({ data: { echo: '2026-11-20T14:30:00.000Z' } });
  });
});

describe('replicas of a subgraph sharing nonces through Redis (REDIS_URL)', () => {
  // Two processes of one subgraph, one on each stack, as a load balancer would spread them.
  const shared: SigningConfig = { ...signing, nonces: { redisUrl: 'redis://127.0.0.1:6379', namespace: `crimehub-test:${randomBytes(6).toString('hex')}:nonce` } };
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    for (const create of [createApolloSubgraphApp, createMercuriusSubgraphApp]) {
      const app = await create({ name: 'test', typeDefs, resolvers, context: (identity) => ({ identity }), healthCheck: async () => {}, signing: shared, logLevel: 'silent' });
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('refuses in one replica a request the other already accepted', async () => {
    const headers = { 'content-type': 'application/json', ...signRequest(shared, { audience: 'test' }, officer, rootQuery) };
    const first = await apps[0]!.inject({ method: 'POST', url: '/graphql', payload: rootQuery, headers });
    expect(first.json()).toEqual({ data: { whoAmI: 'police:officer-7' } });
    const replayed = await apps[1]!.inject({ method: 'POST', url: '/graphql', payload: rootQuery, headers });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().errors[0].message).toMatch(/already been used once/);
    // And the other way round.
    const other = { 'content-type': 'application/json', ...signRequest(shared, { audience: 'test' }, officer, rootQuery) };
    expect((await apps[1]!.inject({ method: 'POST', url: '/graphql', payload: rootQuery, headers: other })).statusCode).toBe(200);
    expect((await apps[0]!.inject({ method: 'POST', url: '/graphql', payload: rootQuery, headers: other })).statusCode).toBe(401);
  });
});
