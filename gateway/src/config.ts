// The gateway's configuration from environment variables, validated at start.
import path from 'node:path';
import { EnvReader, readMetricsConfig, readSigningConfig, repoRoot, type MetricsConfig, type SigningConfig } from '@crimehub/common';
import { readAuthConfig, type AuthConfig } from './auth/identity.ts';
import { readCircuitBreakerConfig, type CircuitBreakerConfig } from './circuitBreaker.ts';
import { readExplorerConfig, type ExplorerConfig } from './explorer.ts';
import { readResponseCacheConfig, type ResponseCacheConfig } from './responseCache.ts';
import { readSecurityConfig, type SecurityConfig } from './security.ts';
import { readTrustedDocumentsConfig, type TrustedDocumentsConfig } from './security/trustedDocuments.ts';
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
  /** `REQUEST_DEADLINE_MS`: how long the gateway works on one request before it answers with what it has. */
  requestDeadlineMs: number;
  /** `SUBGRAPH_DEDUP`: identical subgraph queries in flight at once, for the same caller, are sent once (see subgraphFetcher.ts). */
  subgraphDedup: boolean;
  /** `APQ_CACHE_MAX_BYTES`: how much the automatic persisted queries cache may hold; 0 turns automatic persisted queries off. */
  apqCacheMaxBytes: number;
  /** `CIRCUIT_FAILURE_THRESHOLD`, `CIRCUIT_COOLDOWN_MS`: when a failing subgraph is skipped, and for how long (see circuitBreaker.ts). */
  circuitBreaker: CircuitBreakerConfig;
  /** `METRICS_TOKEN`: who may read `GET /metrics` (see common/src/metrics.ts). */
  metrics: MetricsConfig;
  /** How callers prove who they are (see auth/identity.ts). */
  auth: AuthConfig;
  /** Limits and hygiene at the public endpoint (see security.ts). */
  security: SecurityConfig;
  /** `RESPONSE_CACHE_MAX_BYTES`, `RESPONSE_CACHE_CHANNEL`: whole public answers kept in memory (see responseCache.ts). */
  responseCache: ResponseCacheConfig;
  /** How the gateway signs its requests to subgraphs (see common/src/signing.ts). */
  signing: SigningConfig;
  /** `TRUSTED_DOCUMENTS`, `OPERATIONS_DIR`: who may run only the saved operations (see security/trustedDocuments.ts). */
  trustedDocuments: TrustedDocumentsConfig;
  /** `EXPLORER_DIR`, `EXPLORER_OIDC_*`: the explorer at /explorer (see explorer.ts). */
  explorer: ExplorerConfig;
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const subgraphUrls = Object.fromEntries(subgraphs.map(({ name, port }) => [name, read.url(`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`)])) as Record<SubgraphName, string>;
  const security = readSecurityConfig(read);
  const config: GatewayConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port: read.port('PORT', 4000),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    supergraphPath: path.resolve(repoRoot, read.string('SUPERGRAPH_PATH', supergraphPath)),
    subgraphUrls,
    subgraphTimeoutMs: read.integer('SUBGRAPH_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    requestDeadlineMs: read.integer('REQUEST_DEADLINE_MS', 15_000, { min: 100, max: 600_000 }),
    subgraphDedup: read.boolean('SUBGRAPH_DEDUP', true),
    apqCacheMaxBytes: read.integer('APQ_CACHE_MAX_BYTES', 8 * 1024 * 1024, { max: 1024 * 1024 * 1024 }),
    circuitBreaker: readCircuitBreakerConfig(read),
    metrics: readMetricsConfig(read),
    auth: readAuthConfig(read),
    security,
    responseCache: readResponseCacheConfig(read, security.rateLimit.redisUrl),
    signing: readSigningConfig(read),
    trustedDocuments: readTrustedDocumentsConfig(read),
    explorer: readExplorerConfig(read),
  };
  // A connection on which nothing moves is closed: it must outlast the slowest answer the gateway gives.
  if (config.security.timeouts.connectionMs <= config.requestDeadlineMs) {
    read.problems.push(`CONNECTION_TIMEOUT_MS (${config.security.timeouts.connectionMs}) must be longer than REQUEST_DEADLINE_MS (${config.requestDeadlineMs})`);
  }
  read.done();
  return config;
}
