// The police subgraph's configuration (see readSubgraphConfig for the common variables), plus
// where and how the referral relay delivers referrals to the victims subgraph:
//   VICTIMS_URL                     the victims subgraph (default http://127.0.0.1:4004/graphql)
//   REFERRAL_RELAY_INTERVAL_MS      how often the relay looks for due referrals (default 1000)
//   REFERRAL_RELAY_MAX_BACKOFF_MS   the longest wait between retries of one referral (default 30000)
// and how long the audit trail of report reads is kept:
//   AUDIT_RETENTION_DAYS            rows older than this are deleted (default 730: two years, 30 to 3650)
//   AUDIT_PURGE_INTERVAL_MS         how often the purge runs (default 3600000: hourly)
// and, with several replicas on one PostgreSQL database, how often one that does not run the relay
// and the purge tries to take over (the leader, see common/src/leader.ts):
//   LEADER_RETRY_MS                 default 5000 (1000 to 300000)
import { EnvReader, readLeaderRetryMs, readSubgraphConfig, type SubgraphConfig } from '@crimehub/common';
import type { AuditRetention } from './auditTrail.ts';

export interface RelayConfig {
  victimsUrl: string;
  intervalMs: number;
  maxBackoffMs: number;
}

export interface PoliceConfig extends SubgraphConfig {
  relay: RelayConfig;
  audit: AuditRetention;
  /** `LEADER_RETRY_MS` (see common/src/leader.ts). */
  leaderRetryMs: number;
}

function readLeaderConfig(env: NodeJS.ProcessEnv): number {
  const read = new EnvReader(env);
  const retryMs = readLeaderRetryMs(read);
  read.done();
  return retryMs;
}

/** The audit trail's retention: two years by default (a complaint about a read can come long after it). */
export function readAuditRetention(env: NodeJS.ProcessEnv = process.env): AuditRetention {
  const read = new EnvReader(env);
  const audit = {
    retentionDays: read.integer('AUDIT_RETENTION_DAYS', 730, { min: 30, max: 3650 }),
    intervalMs: read.integer('AUDIT_PURGE_INTERVAL_MS', 3_600_000, { min: 1000, max: 86_400_000 }),
    batchSize: 10_000,
  };
  read.done();
  return audit;
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

export const readConfig = (env: NodeJS.ProcessEnv = process.env): PoliceConfig => ({
  ...readSubgraphConfig('police', 4001, env),
  relay: readRelayConfig(env),
  audit: readAuditRetention(env),
  leaderRetryMs: readLeaderConfig(env),
});
