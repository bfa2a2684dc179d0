// The police subgraph's configuration (see readSubgraphConfig for the common variables), plus
// where and how the referral relay delivers referrals to the victims subgraph:
//   VICTIMS_URL                     the victims subgraph (default http://127.0.0.1:4004/graphql)
//   REFERRAL_RELAY_INTERVAL_MS      how often the relay looks for due referrals (default 1000)
//   REFERRAL_RELAY_MAX_BACKOFF_MS   the longest wait between retries of one referral (default 30000)
import { EnvReader, readSubgraphConfig, type SubgraphConfig } from '@crimehub/common';

export interface RelayConfig {
  victimsUrl: string;
  intervalMs: number;
  maxBackoffMs: number;
}

export interface PoliceConfig extends SubgraphConfig {
  relay: RelayConfig;
}

export function readRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const read = new EnvReader(env);
  const relay = {
    victimsUrl: read.url('VICTIMS_URL', 'http://127.0.0.1:4004/graphql'),
    intervalMs: read.integer('REFERRAL_RELAY_INTERVAL_MS', 1000, { min: 10, max: 600_000 }),
    maxBackoffMs: read.integer('REFERRAL_RELAY_MAX_BACKOFF_MS', 30_000, { min: 10, max: 3_600_000 }),
  };
  read.done();
  return relay;
}

export const readConfig = (env: NodeJS.ProcessEnv = process.env): PoliceConfig => ({ ...readSubgraphConfig('police', 4001, env), relay: readRelayConfig(env) });
