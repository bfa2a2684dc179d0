// The audit trail of crime report reads: who read which report, and when. Every report a request
// hands out is noted in the request's context; the notes are written in ONE statement when the
// answer is ready and before it leaves (the server's `beforeAnswer`), whatever the number of
// reports, root fields or nested reads. A write that fails withholds the whole answer. Rows older
// than the retention period (AUDIT_RETENTION_DAYS) are purged in batches by a timer.
import type { Identity } from '@crimehub/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';

/** The reports one request has handed out, to be written to the audit trail before its answer leaves. */
export class RequestReads {
  private readonly references = new Set<string>();
  /** Reports whose read a statement of this request has written already (fileReportStatement). */
  private readonly written = new Set<string>();

  constructor(readonly identity: Identity) {}

  /** Notes that the request hands out these reports (each once, however often it is read). */
  add(references: Iterable<string>): void {
    for (const reference of references) if (!this.written.has(reference)) this.references.add(reference);
  }

  /** Notes reads that a statement of this request has written to the audit trail itself, so that they are not written twice. */
  writtenAlready(references: Iterable<string>): void {
    for (const reference of references) {
      this.written.add(reference);
      this.references.delete(reference);
    }
  }

  /**
   * Writes the noted reads, all in one statement (none when nothing was read). The statement is
   * written out, not `createMany`: Prisma compiles a `createMany` afresh for every call (its query
   * plan cache skips them), which cost the police work list more CPU than the rest of its queries.
   */
  async write(prisma: PrismaClient): Promise<void> {
    if (this.references.size === 0) return;
    const identity = this.identity;
    if (identity.kind !== 'user') throw new Error('only a signed-in reader can be written to the audit trail');
    const references = [...this.references];
    this.references.clear();
    await prisma.$executeRaw(insertReads(references, identity.subject, identity.role, new Date()));
  }
}

/** One audit row for each report read, all at the same instant (stored in UTC, as Prisma stores it, whatever the session's time zone), each with a new UUID as `createMany` would give it. */
export const insertReads = (references: readonly string[], subject: string, role: string, at: Date) =>
  Prisma.sql`INSERT INTO "ReportAccess" ("id", "reportReference", "subject", "role", "at")
    SELECT gen_random_uuid()::text, r."reference", ${subject}, ${role}, (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    FROM unnest(ARRAY[${Prisma.join(references)}]::text[]) AS r("reference")`;

/** How long the audit trail is kept, and how its purge runs (see config.ts). */
export interface AuditRetention {
  /** Rows older than this many days are deleted. */
  retentionDays: number;
  /** How often the purge looks for old rows. */
  intervalMs: number;
  /** How many rows one DELETE statement removes at most, so no statement holds locks for long. */
  batchSize: number;
}

/**
 * Deletes the audit rows older than the retention period, `batchSize` at a time (each batch one
 * statement on the `at` index), until none is left; answers how many were deleted.
 */
export async function purgeAuditTrail(prisma: PrismaClient, retention: Pick<AuditRetention, 'retentionDays' | 'batchSize'>, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retention.retentionDays * 86_400_000);
  let deleted = 0;
  for (;;) {
    const batch = await prisma.$executeRaw(purgeBatch(cutoff, retention.batchSize));
    deleted += batch;
    if (batch < retention.batchSize) return deleted;
  }
}

/** One batch of the purge: the oldest rows before the cutoff, found on the ("at" DESC, "id") index. */
export const purgeBatch = (cutoff: Date, batchSize: number) =>
  Prisma.sql`DELETE FROM "ReportAccess" WHERE "id" IN (SELECT "id" FROM "ReportAccess" WHERE "at" < ${cutoff} ORDER BY "at" DESC, "id" LIMIT ${batchSize})`;

/**
 * Runs the purge now and then every `intervalMs`, one run at a time. The timer is unref'd: it
 * never keeps the process alive. `stop` clears it and waits for a run in progress.
 */
export function startAuditPurge(options: AuditRetention & { prisma: PrismaClient; log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void } }) {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const deleted = await purgeAuditTrail(options.prisma, options);
        if (deleted > 0) options.log.info({ deleted, retentionDays: options.retentionDays }, 'audit trail: rows past the retention period deleted');
      } catch (error) {
        options.log.error({ err: error }, 'audit trail purge failed; it runs again at the next interval');
      }
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    timer,
    /** The run in progress (or the last one), for tests. */
    idle: () => running,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
