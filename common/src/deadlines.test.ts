// Subgraphs stop working on a request once the gateway's deadline (x-hub-deadline) has passed or
// the gateway has hung up: every resolver, on both stacks, refuses to start. In process, with a
// tiny subgraph whose one slow resolver outlives the deadline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from './identity.ts';
import { createApolloSubgraphApp, createMercuriusSubgraphApp, deadlineHeader } from './servers.ts';
import { signRequest, type SigningConfig } from './signing.ts';

const signing: SigningConfig = { secret: 'deadlines-test-secret-0123456789abcdefghij', maxAgeSeconds: 300, source: 'HUB_SIGNING_SECRET' };
const gateway: Identity = { kind: 'anonymous' };

const typeDefs = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { quick: String slow: Thing }
  type Thing @key(fields: "id") { id: ID! marker: String }
`;

/** Which resolvers ran, in order. */
let ran: string[] = [];
const resolvers = {
  Query: {
    quick: () => (ran.push('quick'), 'quick'),
    slow: async () => {
      ran.push('slow');
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { id: 't1' };
    },
  },
  Thing: {
    __resolveReference: (ref: { id: string }) => (ran.push('reference'), { id: ref.id }),
    marker: () => (ran.push('marker'), 'marker'),
  },
};

const stacks = [
  ['Apollo Server', createApolloSubgraphApp],
  ['mercurius', createMercuriusSubgraphApp],
] as const;

/** The gateway's headers for `payload`, with a deadline `inMs` from now when given. */
function headersFor(payload: string, inMs?: number): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...signRequest(signing, { audience: 'test' }, gateway, payload),
    ...(inMs === undefined ? {} : { [deadlineHeader]: String(Date.now() + inMs) }),
  };
}

describe.each(stacks)('a subgraph on %s', (_stack, create) => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await create({ name: 'test', typeDefs, resolvers, context: () => ({}), healthCheck: async () => {}, signing, logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    ran = [];
  });

  const post = async (query: string, inMs?: number, variables?: Record<string, unknown>) => {
    const payload = JSON.stringify({ query, variables });
    const response = await app.inject({ method: 'POST', url: '/graphql', payload, headers: headersFor(payload, inMs) });
    return response.json() as { data: Record<string, any> | null; errors?: { path?: (string | number)[]; extensions: { code: string } }[] };
  };

  it('runs every resolver when the deadline is ahead, or when the gateway sets none', async () => {
    expect(await post('{ quick slow { marker } }', 10_000)).toEqual({ data: { quick: 'quick', slow: { marker: 'marker' } } });
    expect(await post('{ quick }')).toEqual({ data: { quick: 'quick' } });
    // A value that is not a time is ignored: the header can only shorten work, never break it.
    const payload = JSON.stringify({ query: '{ quick }' });
    const odd = await app.inject({ method: 'POST', url: '/graphql', payload, headers: { ...headersFor(payload), [deadlineHeader]: 'soon' } });
    expect(odd.json()).toEqual({ data: { quick: 'quick' } });
  });

  it('starts no resolver once the deadline has passed', async () => {
    const body = await post('{ quick }', -1);
    expect(body.data).toEqual({ quick: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['quick'], extensions: { code: 'DEADLINE_EXCEEDED' } })]);
    const entities = await post('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { marker } } }', -1, { r: [{ __typename: 'Thing', id: 't1' }] });
    expect(entities.errors?.[0]?.extensions.code).toBe('DEADLINE_EXCEEDED');
    expect(ran).toEqual([]);
  });

  it('stops between resolvers when the deadline passes during the work', async () => {
    const body = await post('{ quick slow { marker } }', 300);
    expect(body.data).toEqual({ quick: 'quick', slow: { marker: null } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['slow', 'marker'], extensions: { code: 'DEADLINE_EXCEEDED' } })]);
    expect(ran.sort()).toEqual(['quick', 'slow']);
  });

  it('stops when the gateway hangs up before the answer', async () => {
    const payload = JSON.stringify({ query: '{ slow { marker } }' });
    await new Promise<void>((resolve) => {
      const request = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: headersFor(payload) });
      request.on('error', () => resolve());
      request.end(payload);
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 200);
    });
    await expect.poll(() => ran.includes('slow')).toBe(true);
    // The slow resolver finishes at 600 ms; its child never starts for a caller who is gone.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ran).toEqual(['slow']);
  });
});
