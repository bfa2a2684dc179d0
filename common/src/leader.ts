// Leader election for work that must run once per deployment, not once per replica (the police
// referral relay and audit purge): on PostgreSQL, the replica holding a session-level advisory
// lock (pg_try_advisory_lock) on a connection of its own runs the work; the others try again
// every LEADER_RETRY_MS. When the leader dies its session ends, PostgreSQL releases the lock, and
// the next replica to try takes over. On PGlite the database lives in one process: that
// process is the leader.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import type { EnvReader } from './config.ts';
import type { DatabaseLocation } from './db.ts';

/** `LEADER_RETRY_MS`: how often a replica that is not the leader tries to become it, and the leader checks its connection (1 s to 5 min, default 5 s). */
export function readLeaderRetryMs(read: EnvReader): number {
  return read.integer('LEADER_RETRY_MS', 5_000, { min: 1000, max: 300_000 });
}

/** Work a leader runs: started on election, stopped when leadership ends. */
export type LeaderWork = () => { stop: () => Promise<void> };

export interface LeaderOptions {
  /** Names the lock: every replica that runs the same work uses the same name. */
  name: string;
  location: DatabaseLocation;
  retryMs: number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface Leadership {
  /** Whether this process runs the work now. */
  isLeader(): boolean;
  /** Stops the work and gives up the lock. */
  stop(): Promise<void>;
}

/** The advisory lock's key: 64 bits of a hash of the name, the same in every replica. */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(`crimehub:leader:${name}`).digest().readBigInt64BE(0);
}

export function runAsLeader(options: LeaderOptions, work: LeaderWork): Leadership {
  if (options.location.kind === 'pglite') {
    const running = work();
    return { isLeader: () => true, stop: () => running.stop() };
  }
  return new PostgresLeadership(options, options.location.url, work);
}

class PostgresLeadership implements Leadership {
  private client: pg.Client | undefined;
  private running: { stop: () => Promise<void> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private turn: Promise<void> = Promise.resolve();
  private readonly key: string;

  constructor(
    private readonly options: LeaderOptions,
    private readonly url: string,
    private readonly work: LeaderWork,
  ) {
    this.key = advisoryLockKey(options.name).toString();
    this.schedule(0);
  }

  isLeader(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.turn;
    await this.resign();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.tick().finally(() => this.schedule(this.options.retryMs));
    }, ms);
    this.timer.unref();
  }

  /** One turn: a follower tries to take the lock; the leader checks it still holds its session. */
  private async tick(): Promise<void> {
    try {
      if (this.running) {
        await this.client!.query('SELECT 1');
        return;
      }
      this.client ??= await this.connect();
      const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key]);
      if (!rows[0]?.locked || this.stopped) return;
      this.options.log.info({ leader: this.options.name }, 'this replica is now the leader: it runs the work that runs once per deployment');
      this.running = this.work();
    } catch (error) {
      // The connection is gone, so is the lock (the session held it): another replica may lead now.
      this.options.log.warn({ err: error, leader: this.options.name }, 'leader election: the database connection failed; trying again');
      await this.resign();
    }
  }

  private async connect(): Promise<pg.Client> {
    // A query or connection that hangs (a network partition) fails within one turn instead.
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `crimehub ${this.options.name} leader election`,
      connectionTimeoutMillis: this.options.retryMs,
      query_timeout: this.options.retryMs,
    });
    // An error on an idle connection is reported at the next turn's query; it must not crash the process.
    client.on('error', (error) => this.options.log.warn({ err: error, leader: this.options.name }, 'leader election connection error'));
    await client.connect();
    return client;
  }

  /** Stops the work, then ends the session, which releases the lock. */
  private async resign(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}

/** `leader{job}`: 1 in the replica that runs the job now, 0 in the others. */
export function registerLeaderMetrics(registry: Registry, job: string, leadership: Leadership): void {
  new Gauge({
    name: 'leader',
    help: 'Whether this replica runs the work that runs once per deployment (1) or waits to take over (0)',
    labelNames: ['job'],
    registers: [registry],
    collect() {
      this.set({ job }, leadership.isLeader() ? 1 : 0);
    },
  });
}
