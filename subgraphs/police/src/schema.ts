// The police subgraph's SDL (schema/police.graphql), read once at start.
import { readSchemaFile } from '@crimehub/common';

export const typeDefs = readSchemaFile('police');
