// The edge check on argument and variable values, in a real Apollo Server with the plugin, on a
// small schema with the shapes the hub's schema has (IDs, text, enums, input objects, lists, the
// graph's own scalars).
import { ApolloServer } from '@apollo/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvReader } from '@crimehub/common';
import { inputBoundsPlugin, readInputBounds } from './inputBounds.ts';

const typeDefs = /* GraphQL */ `
  enum Size { SMALL LARGE }
  input Context { district: ID, postcode: String, size: Size, tags: [String!] }
  input Report { narrative: String!, contacts: [Context!] }
  scalar DateTime
  scalar Decimal
  scalar Postcode
  input Period { from: DateTime, to: DateTime }
  input Place { postcode: Postcode, postcodes: [Postcode!] }
  type Query {
    help(crimeType: ID!, business: Context): String
    echo(text: String, count: Int): String
    reports(place: Place, during: Period, loss: Decimal): String
  }
  type Mutation { report(input: Report!): String }
`;

let asked = 0;
const resolvers = {
  Query: { help: () => (asked++, 'help'), echo: () => (asked++, 'echo'), reports: () => (asked++, 'reports') },
  Mutation: { report: () => (asked++, 'report') },
};

const server = new ApolloServer({ typeDefs, resolvers, plugins: [inputBoundsPlugin({ maxIdLength: 128, maxStringLength: 4000 })] });
await server.start();

async function run(query: string, variables?: Record<string, unknown>) {
  const before = asked;
  const response = await server.executeOperation({ query, variables });
  const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
  return { status: response.http.status, errors: body?.errors, data: body?.data, resolved: asked - before };
}

const refused = (field: string, maxLength?: number) => ({
  status: 400,
  resolved: 0,
  errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field, ...(maxLength ? { maxLength } : {}) }) })],
});

describe('input bounds at the edge', () => {
  it('refuses a 95,000-character ID variable used by 20 aliases with one short error, asking nothing', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: help(crimeType: $c)`).join(' ');
    const answer = await run(`query ($c: ID!) { ${aliases} }`, { c: 'x'.repeat(95_000) });
    expect(answer).toMatchObject(refused('c', 128));
    expect(answer.errors![0]!.message).toMatch(/Variable \$c is 95000 characters long; an ID may have at most 128/);
    expect(JSON.stringify(answer.errors).length).toBeLessThan(1000);
  });

  it.each([
    ['an ID argument', `{ help(crimeType: "${'x'.repeat(129)}") }`, undefined, 'crimeType', 128],
    ['an ID inside an input object', `{ help(crimeType: "ok", business: { district: "${'x'.repeat(129)}" }) }`, undefined, 'business.district', 128],
    ['a String argument', `{ echo(text: "${'x'.repeat(4001)}") }`, undefined, 'text', 4000],
    ['a String in a list in an input object', `mutation { report(input: { narrative: "ok", contacts: [{ tags: ["a", "${'x'.repeat(4001)}"] }] }) }`, undefined, 'input.contacts.0.tags.1', 4000],
    [
      'a String variable deep in an input object',
      'mutation ($i: Report!) { report(input: $i) }',
      { i: { narrative: 'ok', contacts: [{ postcode: 'ST16 2AB' }, { postcode: 'x'.repeat(4001) }] } },
      'i.contacts.1.postcode',
      4000,
    ],
    ['an enum variable', 'query ($b: Context) { help(crimeType: "ok", business: $b) }', { b: { size: 'S'.repeat(129) } }, 'b.size', 128],
    ['a variable default value', `query ($t: String = "${'x'.repeat(4001)}") { echo(text: $t) }`, undefined, 't', 4000],
    ['a directive argument', `{ echo(text: "ok") @include(if: true) help(crimeType: "${'y'.repeat(200)}") @skip(if: false) }`, undefined, 'crimeType', 128],
  ])('refuses an over-long value in %s, naming its path and the limit', async (_, query, variables, field, maxLength) => {
    expect(await run(query, variables)).toMatchObject(refused(field, maxLength));
  });

  it.each([
    ['an argument', '{ echo(text: "a\\u0000b") }', undefined, 'text'],
    ['a variable in an input object', 'mutation ($i: Report!) { report(input: $i) }', { i: { narrative: 'what\u0000happened' } }, 'i.narrative'],
    ['an ID variable', 'query ($c: ID!) { help(crimeType: $c) }', { c: 'shop\u0000lifting' }, 'c'],
  ])('refuses a NUL character in %s', async (_, query, variables, field) => {
    const answer = await run(query, variables);
    expect(answer).toMatchObject(refused(field));
    expect(answer.errors![0]!.message).toMatch(/NUL/);
  });

  it.each([
    [
      'a Postcode variable',
      'query ($p: Place) { reports(place: $p) }',
      { p: { postcode: 'NOT A POSTCODE' } },
      'p.postcode',
      'INVALID_POSTCODE',
      /Variable \$p\.postcode: "NOT A POSTCODE" is not a full UK postcode such as "ST16 2AB"/,
    ],
    [
      'a Postcode literal in a list',
      '{ reports(place: { postcodes: ["ST16 2AB", "XX"] }) }',
      undefined,
      'place.postcodes.1',
      'INVALID_POSTCODE',
      /Argument place\.postcodes\.1: "XX" is not a full UK postcode/,
    ],
    ['a Postcode given as a number', 'query ($p: Place) { reports(place: $p) }', { p: { postcode: 1234 } }, 'p.postcode', 'INVALID_POSTCODE', /must be a string/],
    ['a DateTime variable', 'query ($d: Period) { reports(during: $d) }', { d: { from: 'last tuesday' } }, 'd.from', 'BAD_USER_INPUT', /RFC 3339/],
    ['a DateTime literal without its offset', '{ reports(during: { to: "2026-11-20T14:30:00" }) }', undefined, 'during.to', 'BAD_USER_INPUT', /with its offset/],
    ['a Decimal literal given as a float', '{ reports(loss: 12.5) }', undefined, 'loss', 'BAD_USER_INPUT', /must be given as a string/],
    ['a Decimal variable with 3 places', 'query ($l: Decimal) { reports(loss: $l) }', { l: '12.345' }, 'l', 'BAD_USER_INPUT', /at most 2 decimal places/],
  ])("refuses a malformed value of the graph's scalars in %s with the scalar's code, naming its path", async (_, query, variables, field, code, message) => {
    const answer = await run(query, variables);
    expect(answer).toMatchObject({ status: 400, resolved: 0, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code, field }) })] });
    expect(answer.errors![0]!.message).toMatch(message);
  });

  it("lets well-formed values of the graph's scalars through", async () => {
    const ok = await run('query ($p: Place, $d: Period, $l: Decimal) { reports(place: $p, during: $d, loss: $l) }', {
      p: { postcode: 'st16 2ab', postcodes: ['B79 7AA'] },
      d: { from: '2026-11-01T00:00:00Z', to: null },
      l: '240.50',
    });
    expect(ok).toMatchObject({ data: { reports: 'reports' }, resolved: 1 });
    expect((await run('{ reports(place: { postcode: "ST16 2AB" }, during: { from: "2026-11-01T00:00:00+01:00" }, loss: "5") }')).resolved).toBe(1);
  });

  it('lets values within the limits through, multi-line text and all', async () => {
    const ok = await run('mutation ($i: Report!) { report(input: $i) }', { i: { narrative: `${'x'.repeat(3990)}\n\tend`, contacts: [{ district: 'E07000197', size: 'SMALL', tags: ['a'] }] } });
    expect(ok).toMatchObject({ data: { report: 'report' }, resolved: 1 });
    expect((await run(`{ help(crimeType: "${'c'.repeat(128)}") echo(text: "${'t'.repeat(4000)}", count: 3) }`)).resolved).toBe(2);
  });

  it('reads MAX_ID_LENGTH and MAX_STRING_LENGTH, and refuses nonsense', () => {
    expect(readInputBounds(new EnvReader({}))).toEqual({ maxIdLength: 128, maxStringLength: 4000 });
    expect(readInputBounds(new EnvReader({ MAX_ID_LENGTH: '64', MAX_STRING_LENGTH: '10000' }))).toEqual({ maxIdLength: 64, maxStringLength: 10_000 });
    const read = new EnvReader({ MAX_ID_LENGTH: 'lots' });
    readInputBounds(read);
    expect(read.problems.join()).toMatch(/MAX_ID_LENGTH/);
  });
});

describe("the hub's scalars at the edge", () => {
  // As the gateway's schema has them: declared by name only, with GraphQL's default (accept anything) parsing.
  const scalarServer = new ApolloServer({
    typeDefs: /* GraphQL */ `
      scalar Postcode
      scalar DateTime
      scalar Decimal
      input Period { from: DateTime, to: DateTime }
      input Profile { name: String!, postcode: Postcode, amounts: [Decimal!] }
      type Query { reports(period: Period, at: [DateTime!]): String }
      type Mutation { register(input: Profile!): String }
    `,
    resolvers: { Query: { reports: () => (asked++, 'reports') }, Mutation: { register: () => (asked++, 'register') } },
    plugins: [inputBoundsPlugin({ maxIdLength: 128, maxStringLength: 4000 })],
  });
  beforeAll(() => scalarServer.start());

  async function runScalars(query: string, variables?: Record<string, unknown>) {
    const before = asked;
    const response = await scalarServer.executeOperation({ query, variables });
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return { status: response.http.status, errors: body?.errors, data: body?.data, resolved: asked - before };
  }

  it.each([
    [
      'a Postcode variable',
      'mutation ($i: Profile!) { register(input: $i) }',
      { i: { name: 'x', postcode: 'not a postcode' } },
      'INVALID_POSTCODE',
      'i.postcode',
      /Variable \$i\.postcode: "not a postcode" is not a full UK postcode/,
    ],
    [
      'a Postcode literal',
      'mutation { register(input: { name: "x", postcode: "ST16" }) }',
      undefined,
      'INVALID_POSTCODE',
      'input.postcode',
      /Argument input\.postcode: "ST16" is not a full UK postcode/,
    ],
    ['a Postcode given as a number', 'mutation ($i: Profile!) { register(input: $i) }', { i: { name: 'x', postcode: 1234 } }, 'INVALID_POSTCODE', 'i.postcode', /Postcode must be a string/],
    ['a DateTime variable', 'query ($p: Period) { reports(period: $p) }', { p: { from: 'yesterday' } }, 'BAD_USER_INPUT', 'p.from', /DateTime must be an RFC 3339 date and time/],
    ['a DateTime literal with no offset', '{ reports(period: { to: "2026-11-20T14:30:00" }) }', undefined, 'BAD_USER_INPUT', 'period.to', /RFC 3339/],
    ['a DateTime in a list', '{ reports(at: ["2026-11-20T14:30:00Z", "2026-13-01T00:00:00Z"]) }', undefined, 'BAD_USER_INPUT', 'at.1', /not a real date/],
    ['a Decimal given as a float', 'mutation ($i: Profile!) { register(input: $i) }', { i: { name: 'x', amounts: ['1.50', 12.5] } }, 'BAD_USER_INPUT', 'i.amounts.1', /Decimal must be a string/],
  ])('refuses %s with the scalar’s code, naming its path, asking nothing', async (_, query, variables, code, field, message) => {
    const answer = await runScalars(query, variables);
    expect(answer).toMatchObject({ status: 400, resolved: 0, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code, field }) })] });
    expect(answer.errors![0]!.message).toMatch(message);
  });

  it('lets good values, nulls and variables inside literals through', async () => {
    expect(await runScalars('mutation ($i: Profile!) { register(input: $i) }', { i: { name: 'x', postcode: 'st16 2ab', amounts: ['1250.50'] } })).toMatchObject({
      data: { register: 'register' },
      resolved: 1,
    });
    expect(await runScalars('query ($f: DateTime) { reports(period: { from: $f, to: null }) }', { f: '2026-11-20T14:30:00+01:00' })).toMatchObject({ data: { reports: 'reports' }, resolved: 1 });
    expect(await runScalars('query ($f: DateTime) { reports(period: { from: $f }) }', { f: 'soon' })).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ field: 'f' }) })],
    });
  });
});
