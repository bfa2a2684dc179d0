// Test helpers that run the hub as real processes on free ports: four subgraphs on fresh
// databases (in-memory PGlite, or new databases on a PostgreSQL server) and the gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { repoRoot, subgraphNames, type SigningConfig, type SubgraphName } from '@crimehub/common';

/**
 * The secret every process started here shares (`HUB_SIGNING_SECRET`), new for each test run,
 * so tests never read or write the development secret under .data/.
 */
export const testSigningSecret = randomBytes(32).toString('hex');

/** The signing configuration the processes started here use, for tests that sign requests themselves. */
export const testSigning: SigningConfig = { secret: testSigningSecret, maxAgeSeconds: 30, source: 'HUB_SIGNING_SECRET' };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Running {
  name: string;
  url: string;
  /** The process id, e.g. to pause the process with SIGSTOP. */
  pid: number;
  /** Everything the process printed, for assertions and for failure reports. */
  output: () => string;
  /** Sends SIGTERM (SIGKILL after 5 s) and resolves with how the process ended. */
  stop: () => Promise<Exit>;
}

const readyPattern = /\] ready at (http:\/\/\S+)/;

/** How long a process may take to start: `TEST_START_TIMEOUT_MS` (at least 240 s) lets a crowded machine wait longer. */
const defaultStartTimeoutMs = Math.max(240_000, Number(process.env.TEST_START_TIMEOUT_MS) || 0);

/** Starts `node --import tsx <script>` with the given environment; resolves once it prints its URL. */
export function startProcess(name: string, script: string, env: Record<string, string>, timeoutMs = defaultStartTimeoutMs): Promise<Running> {
  // PROCESS_CPU_PROFILE_DIR: each process writes a V8 CPU profile there when it exits (for `npm run bench:scale` runs).
  const profile = process.env.PROCESS_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.PROCESS_CPU_PROFILE_DIR, name)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(repoRoot, script)], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', HUB_SIGNING_SECRET: testSigningSecret, HUB_SIGNATURE_MAX_AGE_SECONDS: String(testSigning.maxAgeSeconds), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = readyPattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ name, url: match[1], pid: child.pid!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

export type Backend = 'pglite' | 'postgres';

/** Creates a fresh PostgreSQL database for a subgraph; returns its URL and a way to drop it. */
export async function createPostgresDatabase(
  serverUrl: string,
  name: string,
  options: {
    /** This exact name instead of a unique one; a database of that name is dropped first (it must be the caller's own). */
    exactName?: string;
    /** A copy of this database (CREATE DATABASE ... TEMPLATE: its rows, indexes and statistics), which must have no open connection. */
    template?: string;
  } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const dbName = options.exactName ?? `bch_test_${name}_${process.pid}_${Date.now().toString(36)}`;
  for (const plain of [options.exactName, options.template]) {
    if (plain !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(plain)) throw new Error(`not a plain database name: ${plain}`);
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    if (options.exactName) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${dbName}"${options.template ? ` TEMPLATE "${options.template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface SubgraphHandle extends Running {
  /** Starts it again on the same database (PostgreSQL) after `stop`. */
  env: Record<string, string>;
}

/**
 * Starts one subgraph on a fresh database of the given backend, or on an existing PostgreSQL
 * database (`databaseUrl`, left as it is when the subgraph stops).
 */
export async function startSubgraph(name: SubgraphName, backend: Backend, extraEnv: Record<string, string> = {}, databaseUrl?: string): Promise<SubgraphHandle> {
  let env: Record<string, string> = { PGLITE_DIR: 'memory://' };
  let drop = async () => {};
  if (databaseUrl) env = { DATABASE_URL: databaseUrl };
  else if (backend === 'postgres') {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
    const db = await createPostgresDatabase(serverUrl, name);
    env = { DATABASE_URL: db.url };
    drop = db.drop;
  }
  try {
    // The end-to-end tests rely on the demonstration data (synthetic businesses, reports, sessions).
    const demo: Record<string, string> = extraEnv.NODE_ENV === 'production' ? {} : { SEED_DEMO_DATA: 'true' };
    const running = await startProcess(name, `subgraphs/${name}/src/main.ts`, { ...demo, ...env, ...extraEnv });
    return {
      ...running,
      env,
      stop: async () => {
        const exit = await running.stop();
        await drop();
        return exit;
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

export interface Hub {
  gateway: Running;
  subgraphs: Record<SubgraphName, SubgraphHandle>;
  /** Stops the gateway, then the subgraphs; resolves with how each ended, by name. */
  stop: () => Promise<Record<string, Exit>>;
}

export interface HubOptions {
  /** The victims subgraph's port (a free one by default), fixed so it can restart at the same URL. */
  victimsPort?: number;
  /** Only for the victims subgraph, e.g. a persistent `PGLITE_DIR` or `DATABASE_URL`. */
  victimsEnv?: Record<string, string>;
  /** Only for the police subgraph, e.g. a short `REFERRAL_RELAY_INTERVAL_MS`. */
  policeEnv?: Record<string, string>;
  /** Existing PostgreSQL databases to start these subgraphs on (not dropped on stop), e.g. the scale benchmark's. */
  databaseUrls?: Partial<Record<SubgraphName, string>>;
  /** Environment for one subgraph only, after `subgraphEnv`. */
  envFor?: Partial<Record<SubgraphName, Record<string, string>>>;
}

/**
 * Starts the four subgraphs (in parallel) and a gateway joined to them. `subgraphEnv` goes to
 * every subgraph. The police subgraph is told the victims subgraph's URL (`VICTIMS_URL`), as
 * `npm start` does, so its referral relay delivers there.
 */
export async function startHub(backend: Backend, gatewayEnv: Record<string, string> = {}, subgraphEnv: Record<string, string> = {}, options: HubOptions = {}): Promise<Hub & { victimsUrl: string }> {
  const victimsPort = options.victimsPort ?? (await freePort());
  const victimsUrl = `http://127.0.0.1:${victimsPort}/graphql`;
  const envFor = (name: SubgraphName): Record<string, string> => ({
    ...subgraphEnv,
    ...(name === 'victims' ? { PORT: String(victimsPort), ...options.victimsEnv } : {}),
    ...(name === 'police' ? { VICTIMS_URL: victimsUrl, ...options.policeEnv } : {}),
    ...options.envFor?.[name],
  });
  const started = await Promise.allSettled(subgraphNames.map((name) => startSubgraph(name, backend, envFor(name), options.databaseUrls?.[name])));
  const handles = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(handles.map((h) => h.stop()));
    throw failed.reason;
  }
  const subgraphs = Object.fromEntries(handles.map((h) => [h.name, h])) as Record<SubgraphName, SubgraphHandle>;
  const urls = Object.fromEntries(handles.map((h) => [`${h.name.toUpperCase()}_URL`, h.url]));
  let gateway: Running;
  try {
    gateway = await startProcess('gateway', 'gateway/src/main.ts', { ...urls, SUBGRAPH_TIMEOUT_MS: '5000', ...gatewayEnv });
  } catch (error) {
    await Promise.all(handles.map((h) => h.stop()));
    throw error;
  }
  return { gateway, subgraphs, victimsUrl, stop: () => stopAll(gateway, subgraphs) };
}

/** Stops a gateway and then its subgraphs (idempotent); resolves with how each ended. */
export async function stopAll(gateway: Running, subgraphs: Record<SubgraphName, SubgraphHandle>): Promise<Record<string, Exit>> {
  const exits: Record<string, Exit> = { gateway: await gateway.stop() };
  await Promise.all(Object.values(subgraphs).map(async (s) => (exits[s.name] = await s.stop())));
  return exits;
}

/** A free TCP port on 127.0.0.1 (for a process that must keep its port across a restart). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** startHub with options for the victims and police subgraphs only (the referral tests). */
export function startHubWithReferrals(backend: Backend, gatewayEnv: Record<string, string> = {}, options: HubOptions = {}): Promise<Hub & { victimsUrl: string }> {
  return startHub(backend, gatewayEnv, {}, options);
}
