// The gateway's cache hints: every hinted root field is one anyone may read, and a query's
// max-age is its root fields' smallest hint (through fragments), or none. ETags and If-None-Match.
// (The headers on real answers: tests/httpCaching.test.ts.)
import { getNamedType, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readAccessRules } from './auth/authorize.ts';
import { loadSupergraph } from './loadSupergraph.ts';
import { etagOf, matchesEtag, publicMaxAge, readCacheHints } from './publicCaching.ts';
import { supergraphPath } from './composeSupergraph.ts';

const publicCacheHints = readCacheHints((await loadSupergraph(supergraphPath)).original);

const maxAge = (source: string, hints: Record<string, number> = publicCacheHints) => {
  const document = parse(source);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return publicMaxAge(operation, document, hints);
};

describe('the cache hints', () => {
  it("are the partners' @cacheControl on their root fields: reference data 300 s, help and the directory 60 s, sessions 30 s", () => {
    expect(publicCacheHints).toMatchObject({
      crimeTypes: 300,
      districts: 300,
      districtForPostcode: 300,
      victimsCodeRights: 300,
      help: 60,
      supportOffers: 60,
      victimServices: 60,
      courses: 60,
      trainingSessions: 30,
    });
    expect(publicCacheHints.me).toBeUndefined();
    expect(publicCacheHints.crimeReports).toBeUndefined();
  });

  it('refuse a hint that is not a whole number of seconds from 1 to a day', () => {
    const sdl = (hint: string) => `type Query { a: Int @cacheControl(maxAge: ${hint}) b: Int }`;
    expect(readCacheHints(sdl('60'))).toEqual({ a: 60 });
    for (const bad of ['0', '-5', '86401', '"60"', '1.5']) expect(() => readCacheHints(sdl(bad)), bad).toThrow(/Query\.a has @cacheControl/);
  });

  it('name only root fields of the schema that anyone may read, returning types anyone may read', async () => {
    const { schema, rules } = readAccessRules((await loadSupergraph(supergraphPath)).original);
    const fields = schema.getQueryType()!.getFields();
    for (const [name, seconds] of Object.entries(publicCacheHints)) {
      expect(fields[name], `Query.${name}`).toBeDefined();
      expect(rules.get(`Query.${name}`), `Query.${name}`).toBeUndefined();
      expect(rules.get(getNamedType(fields[name]!.type).name), `the type of Query.${name}`).toBeUndefined();
      expect(seconds).toBeGreaterThan(0);
    }
  });
});

describe('a query’s max-age', () => {
  it('is the smallest hint of its root fields, through fragments and aliases, __typename aside', () => {
    expect(maxAge('{ districts { code } }')).toBe(publicCacheHints.districts);
    expect(maxAge('query Q { __typename a: districts { code } ...F } fragment F on Query { help(crimeType: "x", business: {}) { __typename } }')).toBe(publicCacheHints.help);
    expect(maxAge('{ ... on Query { trainingSessions { nodes { id } } } crimeTypes { code } }')).toBe(publicCacheHints.trainingSessions);
  });

  it('is none for a root field with no hint, introspection, __typename alone, a mutation, or no operation', () => {
    expect(maxAge('{ districts { code } me { __typename } }')).toBeUndefined();
    expect(maxAge('{ __schema { types { name } } }')).toBeUndefined();
    expect(maxAge('{ __typename }')).toBeUndefined();
    expect(maxAge('mutation { districts }', { districts: 60 })).toBeUndefined();
    expect(maxAge('{ ...Missing }')).toBeUndefined();
    expect(maxAge('{ constructor }')).toBeUndefined();
    expect(publicMaxAge(undefined, parse('fragment F on Query { districts { code } }'), publicCacheHints)).toBeUndefined();
  });
});

describe('ETags', () => {
  it('differ with the body and match If-None-Match exactly, weakly, in a list, or as *', () => {
    const etag = etagOf('{"data":{"a":1}}');
    expect(etagOf('{"data":{"a":1}}')).toBe(etag);
    expect(etagOf('{"data":{"a":2}}')).not.toBe(etag);
    expect(matchesEtag(etag, etag)).toBe(true);
    expect(matchesEtag(`W/${etag}`, etag)).toBe(true);
    expect(matchesEtag(`"x", ${etag}`, etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('"x"', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});
