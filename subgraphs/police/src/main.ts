// Starts the police subgraph: `npm start -w @crimehub/police` (default port 4001), and the
// referral relay that delivers consented referrals to the victims subgraph (VICTIMS_URL), and the
// purge of audit rows past AUDIT_RETENTION_DAYS.
import { runSubgraphMain } from '@crimehub/common';
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
      const relay = startReferralRelay({
        prisma: db.prisma,
        victimsUrl: config.relay.victimsUrl,
        signing: options.signing,
        intervalMs: config.relay.intervalMs,
        maxBackoffMs: config.relay.maxBackoffMs,
        log: app.log,
      });
      app.addHook('onClose', () => relay.stop());
      const purge = startAuditPurge({ prisma: db.prisma, ...config.audit, log: app.log });
      app.addHook('onClose', () => purge.stop());
    }
    return app;
  },
});
