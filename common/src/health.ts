// Liveness and readiness for every process, for an orchestrator's probes. `GET /health/live`:
// the process answers (restart it when it does not). `GET /health/ready` (and `GET /health`, its
// older name): the process can do its work — 503 with the reason when it cannot (its database
// is unreachable, the gateway's supergraph is not loaded), so traffic goes elsewhere meanwhile.
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The paths of the health routes: open to anyone, never rate limited. */
export const healthPaths = ['/health', '/health/live', '/health/ready'] as const;

/** What a readiness check found: `ready` decides the status; everything else goes in the body. */
export interface Readiness {
  ready: boolean;
  /** Why the process is not ready, when it is not. */
  reason?: string;
  /** The error behind `reason`: logged, never sent. */
  cause?: unknown;
  [detail: string]: unknown;
}

/** How long one readiness check may take before it counts as failed. */
export const readinessTimeoutMs = 2_000;

/** Rejects when `work` takes longer than `ms`: a probe must answer before the orchestrator gives up. */
async function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Adds the health routes. `identity` goes in every body (`{ subgraph: 'police' }`); `ready`
 * checks what the process needs, within readinessTimeoutMs.
 */
export function registerHealthRoutes(app: FastifyInstance, identity: Record<string, string>, ready: () => Promise<Readiness>): void {
  app.get('/health/live', async () => ({ status: 'ok', ...identity }));
  const readiness = async (_request: unknown, reply: FastifyReply) => {
    let report: Readiness;
    try {
      report = await withinTime(ready(), readinessTimeoutMs, 'the readiness check');
    } catch (error) {
      report = { ready: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const { ready: isReady, cause, ...details } = report;
    if (!isReady) app.log.warn({ reason: report.reason, err: cause }, 'not ready');
    return reply.code(isReady ? 200 : 503).send({ status: isReady ? 'ok' : 'unavailable', ...identity, ...details });
  };
  app.get('/health/ready', readiness);
  app.get('/health', readiness);
}

/** Readiness of a process whose one dependency is its database: `check` runs `SELECT 1` or the like. */
export function databaseReadiness(check: () => Promise<void>): () => Promise<Readiness> {
  return async () => {
    try {
      await check();
      return { ready: true };
    } catch (error) {
      // The body is public: the cause (host names, ports) goes only to the log.
      return { ready: false, reason: 'the database is unreachable', cause: error };
    }
  };
}
