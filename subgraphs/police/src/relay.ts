// The referral relay: delivers outbox entries (written in the same transaction as the report) to
// the victims subgraph's internal acceptReferral mutation, signed as the police for the audience
// `victims` (each attempt with its own nonce), and retries with exponential backoff until the
// victims subgraph acknowledges. The victims side accepts each referral once, so a delivery
// repeated after a lost acknowledgement does no harm.
import { Gauge, pathOf, signRequest, type Identity, type Registry, type SigningConfig } from '@crimehub/common';
import type { PrismaClient } from './generated/prisma/client.ts';
import { referralKind } from './resolvers/workflow.ts';

/** Who the relay is, to the victims subgraph. */
export const relayIdentity: Identity = { kind: 'user', subject: 'police-referral-relay', role: 'police' };

const acceptReferral = /* GraphQL */ `
  mutation AcceptReferral($input: AcceptReferralInput!) {
    acceptReferral(input: $input) { id crimeReference }
  }
`;

export interface RelayOptions {
  prisma: PrismaClient;
  victimsUrl: string;
  signing: SigningConfig;
  /** How often to look for due entries (ms). */
  intervalMs?: number;
  /** The first retry waits this long, doubling each time (ms); default intervalMs. */
  baseBackoffMs?: number;
  /** The longest wait between retries (ms). */
  maxBackoffMs?: number;
  /** How long one delivery may take (ms). */
  timeoutMs?: number;
  log?: { warn: (obj: object, msg: string) => void };
}

export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

/** Delivers one entry; throws with a reason when the victims subgraph did not acknowledge it. */
async function deliver(options: RelayOptions, payload: unknown): Promise<void> {
  const body = JSON.stringify({ query: acceptReferral, variables: { input: payload } });
  const response = await fetch(options.victimsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signRequest(options.signing, { audience: 'victims', method: 'POST', path: pathOf(options.victimsUrl) }, relayIdentity, body) },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let parsed: { data?: { acceptReferral?: { id?: string } | null } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}: not JSON`);
  }
  if (!response.ok || parsed.errors?.length || !parsed.data?.acceptReferral?.id) {
    const first = parsed.errors?.[0];
    throw new Error(`HTTP ${response.status}${first ? `: ${first.extensions?.code ?? ''} ${first.message}` : ''}`.slice(0, 500));
  }
}

/** Delivers every due entry once; returns how many were delivered. */
export async function relayDueReferrals(options: RelayOptions, now = new Date()): Promise<number> {
  const base = options.baseBackoffMs ?? options.intervalMs ?? 1000;
  const max = options.maxBackoffMs ?? 30_000;
  const due = await options.prisma.outboxEntry.findMany({
    where: { kind: referralKind, deliveredAt: null, nextAttemptAt: { lte: now } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 50,
  });
  let delivered = 0;
  for (const entry of due) {
    try {
      await deliver(options, entry.payload);
      await options.prisma.outboxEntry.update({ where: { id: entry.id }, data: { deliveredAt: new Date(), attempts: entry.attempts + 1, lastError: null } });
      delivered += 1;
    } catch (error) {
      const attempts = entry.attempts + 1;
      const reason = error instanceof Error ? error.message : String(error);
      await options.prisma.outboxEntry.update({
        where: { id: entry.id },
        data: { attempts, lastError: reason.slice(0, 500), nextAttemptAt: new Date(Date.now() + backoffMs(attempts, base, max)) },
      });
      // The reason names no personal data: only the HTTP status and the error code/message.
      options.log?.warn({ outboxEntry: entry.id, attempts, reason }, 'referral not delivered yet; will retry');
    }
  }
  return delivered;
}

/** Starts the relay loop; stop() ends it after the current pass. */
export function startReferralRelay(options: RelayOptions): { stop: () => Promise<void> } {
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = relayDueReferrals(options)
      .catch((error) => options.log?.warn({ err: error instanceof Error ? error.message : String(error) }, 'referral relay pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The outbox's backlog for Prometheus, read when scraped: how many entries await delivery, and
 * how old the oldest is (seconds; 0 when none waits). A growing age means referrals are stuck.
 */
export function registerOutboxMetrics(registry: Registry, prisma: PrismaClient): void {
  new Gauge({
    name: 'police_outbox_backlog',
    help: 'Outbox entries (referrals to victim services) not yet delivered',
    registers: [registry],
    async collect() {
      this.set(await prisma.outboxEntry.count({ where: { deliveredAt: null } }));
    },
  });
  new Gauge({
    name: 'police_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox entry not yet delivered, in seconds (0 when none waits)',
    registers: [registry],
    async collect() {
      const oldest = await prisma.outboxEntry.findFirst({ where: { deliveredAt: null }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
      this.set(oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : 0);
    },
  });
}
