import { buildSchema, graphqlSync, getIntrospectionQuery, buildClientSchema, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { orderQueryFields, queryFieldRank } from './explorerSchema.ts';

describe("the explorer's order of the Query type's fields", () => {
  it('puts help first, then the statistics, then the rest in the API order', () => {
    const schema = buildSchema(`type Query { districts: Int crimeStatistics: Int crimeTypes: Int helpAdvice: Int supportStatistics: Int help: Int me: Int }`);
    const introspection = graphqlSync({ schema, source: getIntrospectionQuery() }).data as unknown as IntrospectionQuery;
    const ordered = buildClientSchema(orderQueryFields(introspection));
    expect(Object.keys(ordered.getQueryType()!.getFields())).toEqual(['helpAdvice', 'help', 'crimeStatistics', 'supportStatistics', 'districts', 'crimeTypes', 'me']);
    // The input is left as it was.
    expect(Object.keys(buildClientSchema(introspection).getQueryType()!.getFields())[0]).toBe('districts');
  });

  it('ranks names', () => {
    expect(['help', 'helpAdvice', 'victimStatistics', 'statisticsNote', 'me'].map(queryFieldRank)).toEqual([0, 0, 1, 2, 2]);
  });
});
