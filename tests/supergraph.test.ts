// The contract: the four subgraph SDL files compose cleanly, the committed supergraph is what
// they compose to, and every public type and field carries a description for the explorer.
import { readFile } from 'node:fs/promises';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, isSpecifiedScalarType, type GraphQLSchema } from 'graphql';
import { composeSupergraph, readSubgraphSdl, subgraphs, supergraphPath } from '../gateway/src/composeSupergraph.ts';
import { supergraphForGateway } from '../gateway/src/loadSupergraph.ts';

/** Every named thing in the public API that lacks a description. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the supergraph', () => {
  it('composes from the four subgraphs with no errors and no hints', async () => {
    const { errors, hints, supergraphSdl } = await composeSupergraph();
    expect(errors).toEqual([]);
    expect(hints).toEqual([]);
    expect(supergraphSdl).toBeTruthy();
  });

  it('is committed exactly as the subgraphs compose it (run `npm run compose` after an SDL change)', async () => {
    const { supergraphSdl } = await composeSupergraph();
    expect(await readFile(supergraphPath, 'utf8')).toBe(supergraphSdl);
  });

  it('describes every public type, field, argument and enum value', async () => {
    // The API schema the gateway serves, from the supergraph as the gateway loads it.
    const supergraph = Supergraph.build(supergraphForGateway(await readFile(supergraphPath, 'utf8')));
    // Printed and rebuilt: federation-internals loads graphql's CommonJS build, these tests its ESM one.
    const api = buildSchema(printSchema(supergraph.apiSchema()));
    expect(Object.keys(api.getTypeMap())).toContain('Help');
    expect(undocumented(api)).toEqual([]);
  });

  it.each(subgraphs.map((s) => s.name))('declares Federation 2 in the %s subgraph SDL', async (name) => {
    expect(await readSubgraphSdl(name)).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
  });

  it('keys the help answer on the question in every subgraph', async () => {
    for (const { name } of subgraphs) {
      expect(await readSubgraphSdl(name)).toContain('type Help @key(fields: "crimeTypeCode districtCode sector size rural")');
    }
  });
});
