// The gateway's configuration from environment variables, validated at start.
import path from 'node:path';
import { EnvReader, repoRoot } from '@crimehub/common';
import { subgraphs, supergraphPath, type SubgraphName } from './composeSupergraph.ts';

export interface GatewayConfig {
  host: string;
  port: number;
  logLevel: string;
  /** The committed, composed supergraph the gateway plans queries with. */
  supergraphPath: string;
  /** Where each subgraph listens: `<NAME>_URL`, e.g. `POLICE_URL`. */
  subgraphUrls: Record<SubgraphName, string>;
  /** How long one subgraph request may take before it counts as unavailable. */
  subgraphTimeoutMs: number;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const subgraphUrls = Object.fromEntries(
    subgraphs.map(({ name, port }) => [name, read.url(`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`)]),
  ) as Record<SubgraphName, string>;
  const config: GatewayConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port: read.port('PORT', 4000),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    supergraphPath: path.resolve(repoRoot, read.string('SUPERGRAPH_PATH', supergraphPath)),
    subgraphUrls,
    subgraphTimeoutMs: read.integer('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
  };
  read.done();
  return config;
}
