// The web service's configuration, read and validated as the other processes' is (EnvReader):
// a bad variable stops the start with its name.
import { EnvReader, readHttpTimeouts, readMetricsConfig, type HttpTimeouts, type MetricsConfig, type NodeEnvironment } from '@crimehub/common';

type Env = Record<string, string | undefined>;

export interface WebConfig {
  /** `HOST` (default 127.0.0.1). */
  host: string;
  /** `WEB_PORT`, else `PORT` (default 3000). */
  port: number;
  /** `GATEWAY_URL`: the gateway's GraphQL endpoint, the only way the service reaches the hub. */
  gatewayUrl: string;
  /** `WEB_GATEWAY_TIMEOUT_MS`: how long a page waits for the gateway before it shows the error page (default 10 s). */
  gatewayTimeoutMs: number;
  logLevel: string;
  timeouts: HttpTimeouts;
  environment: NodeEnvironment;
  /** `METRICS_TOKEN` (see common/src/metrics.ts). */
  metrics: MetricsConfig;
}

export function readWebConfig(env: Env = process.env): WebConfig {
  const read = new EnvReader(env);
  const port = read.optional('WEB_PORT') !== undefined ? read.port('WEB_PORT', 3000) : read.port('PORT', 3000);
  const config: WebConfig = {
    host: read.string('HOST', '127.0.0.1'),
    port,
    gatewayUrl: read.url('GATEWAY_URL', 'http://127.0.0.1:4000/graphql'),
    gatewayTimeoutMs: read.integer('WEB_GATEWAY_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    timeouts: readHttpTimeouts(read),
    environment: read.environment(),
    metrics: readMetricsConfig(read),
  };
  read.done();
  return config;
}
