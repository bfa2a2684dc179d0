// Composes the supergraph from the four subgraph SDL files with Apollo's own composition,
// and tells which composition hints matter enough to fail the build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { repoRoot } from '@crimehub/common';

/** The subgraphs, their names in the supergraph and their default URLs. */
export const subgraphs = [
  { name: 'police', port: 4001 },
  { name: 'support', port: 4002 },
  { name: 'cyber', port: 4003 },
  { name: 'victims', port: 4004 },
] as const;

export type SubgraphName = (typeof subgraphs)[number]['name'];

export const schemaDir = path.join(repoRoot, 'schema');
export const supergraphPath = path.join(schemaDir, 'supergraph.graphql');

/** Reads a subgraph's SDL file, `schema/<name>.graphql`. */
export function readSubgraphSdl(name: SubgraphName): Promise<string> {
  return readFile(path.join(schemaDir, `${name}.graphql`), 'utf8');
}

/**
 * Hints that are fine to keep (none so far). Any other hint — e.g. a shared type described
 * differently by two partners, which would show the explorer the wrong text — is drift between
 * partners and fails the build: shared types repeat their owner's descriptions word for word.
 */
const acceptedHints = new Set<string>();

export interface Composition {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes the subgraphs' SDL: the files in schema/, or what `readSdl` gives (e.g. a test's edited copy). */
export async function composeSupergraph(readSdl: (name: SubgraphName) => Promise<string> = readSubgraphSdl): Promise<Composition> {
  const services = await Promise.all(
    subgraphs.map(async ({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      typeDefs: parse(await readSdl(name)),
    })),
  );
  const result = composeServices(services);
  const hints = (result.hints ?? []).filter((hint) => !acceptedHints.has(hint.definition.code)).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints };
  const header = '# Composed by `npm run compose` from schema/{police,support,cyber,victims}.graphql. Do not edit.\n';
  return { supergraphSdl: header + result.supergraphSdl + '\n', errors: [], hints };
}
