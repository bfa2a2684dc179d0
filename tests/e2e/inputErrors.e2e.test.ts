// Input errors end to end, on real processes and fresh databases (in-memory PGlite, and PostgreSQL
// when TEST_DATABASE_URL is set): huge values are refused at the edge, quickly and in a small
// answer; a subgraph asked directly still bounds its work and never echoes long input; NUL in any
// text input of any mutation is BAD_USER_INPUT with nothing written and nothing logged as an error;
// a form gets every invalid field in one answer; a business's district follows its postcode.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, type Identity, type SubgraphName } from '@crimehub/common';
import { graphql } from '../utils/graphql.ts';
import { startHub, testSigning, type Backend, type Hub } from '../utils/processes.ts';
import { BOOK, CONTACT, helpAliases, newcomer, owner, PROFILE, REGISTER, REPORT, reportInput, REQUEST, STAFFORD, TAMWORTH, textInputs, UPDATE, victimGateway } from '../utils/textInputs.ts';
import { createTestTokens, type TestTokens, type TokenClaims } from '../utils/tokens.ts';

const backends: Backend[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

describe.each(backends)('input errors on %s', (backend) => {
  let hub: Hub;
  let tokens: TestTokens;
  const ask = async (who: TokenClaims | undefined, query: string, variables?: Record<string, unknown>) => graphql(hub.gateway.url, query, variables, await tokens.headers(who));

  /** A request straight to a subgraph, signed as the gateway signs it: what the subgraph does with input the gateway let through. */
  async function askSubgraph(name: SubgraphName, who: Identity, query: string, variables: Record<string, unknown>) {
    const body = JSON.stringify({ query, variables });
    const started = performance.now();
    const response = await fetch(hub.subgraphs[name].url, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(testSigning, { audience: name }, who, body) }, body });
    const text = await response.text();
    return { ms: Math.round(performance.now() - started), bytes: text.length, ...(JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }) };
  }

  /** Row counts of every table of every subgraph's database (PostgreSQL only: PGlite lives inside its process). */
  async function rowCounts(): Promise<Record<string, number> | undefined> {
    if (backend !== 'postgres') return undefined;
    const counts: Record<string, number> = {};
    for (const handle of Object.values(hub.subgraphs)) {
      const client = new pg.Client({ connectionString: handle.env.DATABASE_URL });
      await client.connect();
      try {
        const tables = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`);
        for (const { name } of tables.rows) counts[`${handle.name}.${name}`] = Number((await client.query(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
      } finally {
        await client.end();
      }
    }
    return counts;
  }

  /** What the graph shows of the records the mutations above would write, for both backends. */
  async function visibleRecords() {
    return {
      reports: (await ask(owner, `{ me { crimeReports(first: 100) { totalCount nodes { reference } } } }`)).data,
      enquiries: (await ask(owner, `{ me { enquiries(first: 100) { nodes { id } } } }`)).data,
      bookings: (await ask(owner, `{ me { bookings(first: 100) { nodes { id status } } } }`)).data,
      newcomer: (await ask(newcomer, PROFILE, { id: 'biz-input-2' })).data,
      owner: (await ask(owner, PROFILE, { id: 'biz-input-1' })).data,
      referrals: (await ask(victimGateway, `{ me { referrals(first: 100) { totalCount nodes { id contactMadeAt } } } }`)).data,
    };
  }

  const errorLines = () =>
    [hub.gateway, ...Object.values(hub.subgraphs)].flatMap((process) =>
      process
        .output()
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line))
        .map((line) => `${process.name}: ${line}`),
    );

  beforeAll(async () => {
    tokens = await createTestTokens();
    hub = await startHub(backend, tokens.gatewayEnv);
    // Registered with a postcode and no district; the district test below checks what was stored.
    await ask(owner, REGISTER, { input: { name: 'Input Bakery', sector: 'RETAIL', size: 'MICRO', postcode: 'ST16 2AB', idempotencyKey: randomUUID() } });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe('huge values', () => {
    it('20 aliases of help with a 95,000-character crime type: refused at the gateway quickly, in a small answer naming the variable and the limit', async () => {
      const started = performance.now();
      const response = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: helpAliases(20), variables: { c: 'x'.repeat(95_000) } }),
      });
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      console.log(`[inputErrors ${backend}] 20 × 95,000-character crimeType through the gateway: HTTP ${response.status} in ${ms} ms, ${text.length} bytes`);
      expect(response.status).toBe(400);
      const body = JSON.parse(text);
      expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'c', maxLength: 128 }) })]);
      expect(text.length).toBeLessThan(2000);
      expect(ms).toBeLessThan(10_000);
      // The police subgraph was never asked, and still answers everyone.
      expect((await ask(undefined, helpAliases(1), { c: 'shoplifting' })).data?.h0.crimeType.code).toBe('shoplifting');
    });

    it('the police subgraph asked directly with the same request answers quickly, without echoing the input', async () => {
      const answer = await askSubgraph('police', { kind: 'anonymous' }, helpAliases(20), { c: 'x'.repeat(95_000) });
      console.log(`[inputErrors ${backend}] 20 × 95,000-character crimeType straight to the police subgraph: ${answer.ms} ms, ${answer.bytes} bytes`);
      expect(answer.errors).toHaveLength(20);
      expect(answer.errors!.every((error) => error.extensions?.code === 'BAD_USER_INPUT' && error.extensions.field === 'crimeType')).toBe(true);
      expect(answer.bytes).toBeLessThan(20_000);
      expect(answer.ms).toBeLessThan(10_000);
    });

    it('a 60-character crime type gets no suggestion and is quoted cut to 40 characters', async () => {
      const long = `shoplifting-${'y'.repeat(48)}`;
      const { errors } = await ask(undefined, helpAliases(1), { c: long });
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_CRIME_TYPE', field: 'crimeType' });
      expect(errors?.[0]?.extensions?.suggestion).toBeUndefined();
      expect(errors?.[0]?.message).toContain(`"${long.slice(0, 40)}…" (60 characters)`);
      expect(errors?.[0]?.message).not.toContain(long);
    });
  });

  describe('NUL in text input', () => {
    it('is refused at the gateway as 400 BAD_USER_INPUT naming the variable', async () => {
      const { status, errors } = await ask(owner, REPORT, { input: reportInput({ narrative: 'Two bottles\u0000 of spirits were taken.' }) });
      expect(status).toBe(400);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.narrative' });
    });

    it('in every text input of every mutation, asked of the subgraph directly: BAD_USER_INPUT naming the field, nothing written, nothing logged as an error', async () => {
      const countsBefore = await rowCounts();
      const visibleBefore = await visibleRecords();
      const cases = textInputs();
      expect(cases.length).toBeGreaterThan(40);
      const wrong: string[] = [];
      for (const { subgraph, who, query, variables, path, scalarCode } of cases) {
        const { data, errors } = await askSubgraph(subgraph, who, query, variables);
        const got = errors?.[0]?.extensions;
        const named = scalarCode ? got?.code === scalarCode && errors![0]!.message.includes(`"${path}"`) : got?.code === 'BAD_USER_INPUT' && got.field === path;
        if (!named || Object.values(data ?? {}).some((value) => value !== null)) {
          wrong.push(`${subgraph} ${path}: ${JSON.stringify({ data, errors })}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(await rowCounts()).toEqual(countsBefore);
      expect(await visibleRecords()).toEqual(visibleBefore);
      expect(errorLines()).toEqual([]);
    });
  });

  describe('every invalid field in one answer', () => {
    const fieldsOf = (errors: { extensions?: Record<string, any> }[] | undefined) =>
      (errors?.[0]?.extensions?.fieldErrors ?? []).map((error: { field: string; code: string }) => [error.field, error.code]);

    it('police: reportBusinessCrime', async () => {
      const { data, errors } = await ask(owner, REPORT, { input: reportInput({ crimeType: 'burglery', narrative: 'short', contactEmail: 'alex.example.com', contactPhone: null }) });
      expect(data?.reportBusinessCrime ?? null).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors![0]!.message).toMatch(/^3 fields need attention: input.crimeType, input.narrative, input.contactEmail\./);
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.crimeType' });
      expect(fieldsOf(errors)).toEqual([
        ['input.crimeType', 'UNKNOWN_CRIME_TYPE'],
        ['input.narrative', 'BAD_USER_INPUT'],
        ['input.contactEmail', 'BAD_USER_INPUT'],
      ]);
    });

    it('support: requestSupport', async () => {
      const { errors } = await ask(owner, REQUEST, { input: { offerId: ' ', message: '', contactName: 'Sam', contactEmail: 'nope', contactPhone: '12', idempotencyKey: 'short' } });
      expect(fieldsOf(errors)).toEqual([
        ['input.offerId', 'BAD_USER_INPUT'],
        ['input.message', 'BAD_USER_INPUT'],
        ['input.contactEmail', 'BAD_USER_INPUT'],
        ['input.contactPhone', 'BAD_USER_INPUT'],
        ['input.idempotencyKey', 'BAD_USER_INPUT'],
      ]);
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.offerId' });
    });

    it('cyber: bookTrainingSession', async () => {
      const { errors } = await ask(owner, BOOK, { input: { sessionId: 'sess-intro-04', attendeeName: ' ', attendeeEmail: 'ann@', attendeePhone: '555', idempotencyKey: 'x' } });
      expect(fieldsOf(errors)).toEqual([
        ['input.attendeeName', 'BAD_USER_INPUT'],
        ['input.attendeeEmail', 'BAD_USER_INPUT'],
        ['input.attendeePhone', 'BAD_USER_INPUT'],
        ['input.idempotencyKey', 'BAD_USER_INPUT'],
      ]);
    });

    it('victims: recordContactMade', async () => {
      const { errors } = await ask(victimGateway, CONTACT, { input: { referralId: ' ', note: ' ', idempotencyKey: 'short' } });
      expect(fieldsOf(errors)).toEqual([
        ['input.referralId', 'BAD_USER_INPUT'],
        ['input.note', 'BAD_USER_INPUT'],
        ['input.idempotencyKey', 'BAD_USER_INPUT'],
      ]);
    });

    it('victims: me.referrals with a malformed DateTime (a variable or a literal), an empty period or a foreign cursor', async () => {
      const byVariable = await ask(victimGateway, 'query ($f: ReferralFilter) { me { id referrals(filter: $f) { totalCount } } }', { f: { receivedAt: { from: '1 October 2026' } } });
      const byLiteral = await ask(victimGateway, '{ me { id referrals(filter: { receivedAt: { to: "2026-13-01T00:00:00Z" } }) { totalCount } } }');
      for (const { errors } of [byVariable, byLiteral]) {
        expect(errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(errors?.[0]?.message).toMatch(/DateTime/);
      }
      const empty = await ask(victimGateway, '{ me { id referrals(filter: { receivedAt: { from: "2026-10-02T00:00:00Z", to: "2026-10-01T00:00:00Z" } }) { totalCount } } }');
      expect(empty.data?.me).toEqual({ id: victimGateway.sub, referrals: null });
      expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.receivedAt' });
      expect(empty.errors?.[0]?.path).toEqual(['me', 'referrals']);
      const cursor = await ask(victimGateway, '{ me { referrals(after: "bm90LWEtY3Vyc29y") { totalCount } } }');
      expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });

    it('one invalid field keeps its own code, and is listed too', async () => {
      const { errors } = await ask(owner, REPORT, { input: reportInput({ crimeType: 'shoplift' }) });
      expect(errors![0]!.extensions).toMatchObject({ code: 'UNKNOWN_CRIME_TYPE', field: 'input.crimeType', suggestion: 'shoplifting' });
      expect(fieldsOf(errors)).toEqual([['input.crimeType', 'UNKNOWN_CRIME_TYPE']]);
    });
  });

  describe("a business's district follows its postcode", () => {
    it('registerBusiness refuses a district the postcode is not in, naming input.district and the right district, and writes nothing', async () => {
      const { data, errors } = await ask(newcomer, REGISTER, {
        input: { name: 'Disagreeing Deli', sector: 'RETAIL', size: 'MICRO', district: TAMWORTH, postcode: 'ST16 2AB', idempotencyKey: randomUUID() },
      });
      expect(data?.registerBusiness ?? null).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.district' });
      expect(errors?.[0]?.message).toMatch(/ST16 2AB is in Stafford \(E07000197\), not Tamworth \(E07000199\)/);
      expect((await ask(newcomer, PROFILE, { id: 'biz-input-2' })).data?.business).toBeNull();
    });

    it('registerBusiness with a postcode and no district takes the postcode’s district', async () => {
      expect((await ask(owner, PROFILE, { id: 'biz-input-1' })).data?.business).toEqual({ id: 'biz-input-1', district: { code: STAFFORD }, postcode: 'ST16 2AB' });
    });

    it('updateBusiness: a new postcode moves the district; a district the postcode is not in is refused, alone or with it', async () => {
      const moved = await ask(owner, UPDATE, { input: { postcode: 'B79 7AA' } });
      expect(moved.errors).toBeUndefined();
      expect(moved.data.updateBusiness.business).toEqual({ id: 'biz-input-1', district: { code: TAMWORTH }, postcode: 'B79 7AA' });

      const both = await ask(owner, UPDATE, { input: { district: STAFFORD, postcode: 'B79 7AA' } });
      expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.district' });
      const alone = await ask(owner, UPDATE, { input: { district: STAFFORD } });
      expect(alone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.district' });
      expect(alone.errors?.[0]?.message).toMatch(/B79 7AA is in Tamworth \(E07000199\)/);
      expect((await ask(owner, PROFILE, { id: 'biz-input-1' })).data?.business).toEqual({ id: 'biz-input-1', district: { code: TAMWORTH }, postcode: 'B79 7AA' });

      const back = await ask(owner, UPDATE, { input: { district: STAFFORD, postcode: 'ST16 2AB' } });
      expect(back.data?.updateBusiness?.business).toEqual({ id: 'biz-input-1', district: { code: STAFFORD }, postcode: 'ST16 2AB' });
    });
  });
});
