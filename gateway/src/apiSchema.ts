// The API schema: what clients of the gateway see of the supergraph — no join__/link__
// machinery, no @inaccessible parts — printed in one stable order (types, fields, arguments and
// enum values sorted by name), so that moving a field in an SDL file changes nothing here.
// The published contract (schema/published.graphql), the operation check and the typed
// documents of operations/ all read the graph through it.
import { printSchema as printFederationSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { supergraphForGateway } from './loadSupergraph.ts';

/** The API schema of a supergraph, as SDL in a stable order. */
export function apiSchemaSdl(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphForGateway(supergraphSdl)).apiSchema();
  // Printed and rebuilt: federation-internals uses graphql's CommonJS build, callers may use its ESM one.
  return `${printSchema(lexicographicSortSchema(buildSchema(printFederationSchema(api))))}\n`;
}

/** The API schema of a supergraph, built with this process's graphql. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return buildSchema(apiSchemaSdl(supergraphSdl));
}
