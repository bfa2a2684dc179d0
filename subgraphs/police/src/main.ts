// Starts the police subgraph: `npm start -w @crimehub/police` (default port 4001), and the
// referral relay that delivers consented referrals to the victims subgraph (VICTIMS_URL), and the
// purge of audit rows past AUDIT_RETENTION_DAYS; with several replicas, only the leader runs those two.
import { metricsRegistryOf, registerLeaderMetrics, runAsLeader, runSubgraphMain } from '@crimehub/common';
import { startAuditPurge } from './auditTrail.ts';
import { readConfig } from './config.ts';
import { openPoliceDatabase } from './db.ts';
import { startReferralRelay } from './relay.ts';
import { seedIfEmpty } from './seed.ts';
import { createServer } from './server.ts';

const config = (() => {
  try {
    return readConfig();
  } catch {
    return undefined; // runSubgraphMain reads it again and reports every problem.
  }
})();

await runSubgraphMain({
  name: 'police',
  readConfig,
  open: openPoliceDatabase,
  seedIfEmpty: (db, options) => seedIfEmpty(db.prisma, options),
  createServer: async (db, options) => {
    const app = await createServer(db, options);
    if (config) {
      // The relay and the purge run once per deployment: in the replica that leads (common/src/leader.ts).
      const leadership = runAsLeader({ name: 'police-jobs', location: config.database, retryMs: config.leaderRetryMs, log: app.log }, () => {
        const relay = startReferralRelay({
          prisma: db.prisma,
          victimsUrl: config.relay.victimsUrl,
          signing: options.signing,
          intervalMs: config.relay.intervalMs,
          maxBackoffMs: config.relay.maxBackoffMs,
          log: app.log,
        });
        const purge = startAuditPurge({ prisma: db.prisma, ...config.audit, log: app.log });
        return { stop: async () => void (await Promise.all([relay.stop(), purge.stop()])) };
      });
      const registry = metricsRegistryOf(app);
      if (registry) registerLeaderMetrics(registry, 'police-jobs', leadership);
      app.addHook('onClose', () => leadership.stop());
    }
    return app;
  },
});
