// The cyber subgraph's SDL (schema/cyber.graphql), read once at start.
import { readSchemaFile } from '@crimehub/common';

export const typeDefs = readSchemaFile('cyber');
