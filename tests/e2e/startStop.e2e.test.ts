// `npm start` as an IDE's stop button, a process manager or a container runtime drives it:
// SIGTERM or SIGINT to the npm process alone stops all six services within seconds, and a
// kill -9 of the starter leaves no service behind. The starts run in production on fresh
// databases (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), where only reference data
// is seeded and no identity provider starts, and in development, where the demonstration data
// is seeded too and the development identity provider is a seventh service.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportSPKI, generateKeyPair } from 'jose';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { databaseLockFileName, repoRoot, subgraphNames, type SubgraphName } from '@crimehub/common';
import { openCyberDatabase } from '../../subgraphs/cyber/src/db.ts';
import { openPoliceDatabase } from '../../subgraphs/police/src/db.ts';
import { openSupportDatabase } from '../../subgraphs/support/src/db.ts';
import { createPostgresDatabase, freePort } from '../utils/processes.ts';

const startTimeoutMs = 600_000;
const stopBoundMs = 20_000;
/** Each test starts the hub once: generous, for a loaded machine. */
const testTimeoutMs = startTimeoutMs + 120_000;
const services = ['gateway', 'web', 'idp', ...subgraphNames] as const;

interface Started {
  child: ChildProcess;
  ports: Record<(typeof services)[number], number>;
  /** Every process under the one spawned, while the hub runs. */
  descendants: number[];
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const groups: number[] = [];
const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];

afterEach(() => {
  // Whatever a failed test left behind: our own process group only.
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  for (const drop of drops) await drop();
});

function descendantsOf(root: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of table) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; it holds no port and no file.
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .startsWith('Z');
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Waits until every port is free and every process gone; returns how long it took, or throws after the bound. */
async function waitStopped(started: Started, pids: number[]): Promise<number> {
  const begin = Date.now();
  for (;;) {
    const busy = (await Promise.all(Object.entries(started.ports).map(async ([name, port]) => ((await portFree(port)) ? [] : [`${name}:${port}`])))).flat();
    const left = pids.filter(alive);
    if (busy.length === 0 && left.length === 0) return Date.now() - begin;
    if (Date.now() - begin > stopBoundMs) {
      throw new Error(`after ${stopBoundMs} ms still busy: ports ${busy.join(', ') || 'none'}; processes ${left.join(', ') || 'none'}\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts `command` (npm start, or start.ts itself) in its own process group on free ports; resolves when the hub is running. */
async function startHubCommand(command: string[], env: Record<string, string>): Promise<Started> {
  const ports = Object.fromEntries(await Promise.all(services.map(async (name) => [name, await freePort()] as const))) as Started['ports'];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(services.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])])),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  groups.push(child.pid!);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Business Crime Hub is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${signal ?? code}) before it was running:\n${output}`));
    });
  });
  return { child, ports, descendants: descendantsOf(child.pid!), output: () => output, exited };
}

async function pgliteDirs(): Promise<Record<string, string>> {
  const root = await mkdtemp(path.join(tmpdir(), 'bch-startstop-'));
  dirs.push(root);
  return Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_PGLITE_DIR`, path.join(root, name)]));
}

async function productionEnv(): Promise<Record<string, string>> {
  const { publicKey } = await generateKeyPair('ES256');
  return {
    NODE_ENV: 'production',
    HUB_SIGNING_SECRET: randomBytes(32).toString('hex'),
    AUTH_PUBLIC_KEY: await exportSPKI(publicKey),
    // The web service in production: an https address and provider (discovered only when someone signs in) and a session secret.
    WEB_PUBLIC_URL: 'https://business-crime.example',
    WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
    WEB_OIDC_ISSUER: 'https://login.example',
    WEB_OIDC_CLIENT_SECRET: 'web-client-secret',
  };
}

/** Rows of the synthetic (demonstration) and reference tables, read after the hub has stopped. */
async function pgliteCounts(env: Record<string, string>) {
  const location = (name: SubgraphName) => ({ kind: 'pglite' as const, dir: env[`${name.toUpperCase()}_PGLITE_DIR`]! });
  for (const name of subgraphNames) expect(existsSync(path.join(location(name).dir, databaseLockFileName))).toBe(false);
  const police = await openPoliceDatabase(location('police'));
  const support = await openSupportDatabase(location('support'));
  const cyber = await openCyberDatabase(location('cyber'));
  try {
    return {
      crimeTypes: await police.prisma.crimeType.count(),
      crimeReports: await police.prisma.crimeReport.count(),
      organizations: await support.prisma.organization.count(),
      businesses: await support.prisma.business.count(),
      courses: await cyber.prisma.course.count(),
      sessions: await cyber.prisma.trainingSession.count(),
      bookings: await cyber.prisma.booking.count(),
    };
  } finally {
    await Promise.all([police.close(), support.close(), cyber.close()]);
  }
}

async function postgresCounts(urls: Record<SubgraphName, string>) {
  const count = async (name: SubgraphName, table: string) => {
    const client = new pg.Client({ connectionString: urls[name] });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n as number;
    } finally {
      await client.end();
    }
  };
  return {
    crimeTypes: await count('police', 'CrimeType'),
    crimeReports: await count('police', 'CrimeReport'),
    organizations: await count('support', 'Organization'),
    businesses: await count('support', 'Business'),
    courses: await count('cyber', 'Course'),
    sessions: await count('cyber', 'TrainingSession'),
    bookings: await count('cyber', 'Booking'),
  };
}

const referenceOnly = {
  crimeTypes: expect.any(Number),
  crimeReports: 0,
  organizations: expect.any(Number),
  businesses: 0,
  courses: expect.any(Number),
  sessions: 0,
  bookings: 0,
};

/** In production the development identity provider is neither started nor listed. */
async function expectNoIdentityProvider(hub: Started): Promise<void> {
  expect(hub.output()).not.toMatch(/^idp\s*\|/m);
  expect(await portFree(hub.ports.idp)).toBe(true);
}

async function askCrimeTypes(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ crimeTypes { code } }' }),
  });
  const body = (await response.json()) as { data: { crimeTypes: unknown[] } };
  return body.data.crimeTypes.length;
}

describe('npm start', () => {
  it(
    'stops all six services within seconds on SIGTERM to the npm process alone (production on PGlite: reference data only)',
    async () => {
      const env = { ...(await pgliteDirs()), ...(await productionEnv()) };
      const hub = await startHubCommand(['npm', 'start'], env);
      expect(hub.descendants.length).toBeGreaterThanOrEqual(5);
      expect(await askCrimeTypes(hub.ports.gateway)).toBeGreaterThan(0);
      await expectNoIdentityProvider(hub);

      process.kill(hub.child.pid!, 'SIGTERM');
      const took = await waitStopped(hub, [hub.child.pid!, ...hub.descendants]);
      console.log(`SIGTERM to npm start: all six ports free and every process gone in ${took} ms`);
      expect((await hub.exited).code).toBe(0);

      const counts = await pgliteCounts(env);
      expect(counts).toEqual(referenceOnly);
      expect(counts.crimeTypes).toBeGreaterThan(0);
      expect(counts.organizations).toBeGreaterThan(0);
      expect(counts.courses).toBeGreaterThan(0);
    },
    testTimeoutMs,
  );

  it(
    `stops all six services within seconds on SIGINT to the npm process alone (${process.env.TEST_DATABASE_URL ? 'production on PostgreSQL: reference data only' : 'PGlite'})`,
    async () => {
      let env: Record<string, string>;
      let urls: Record<SubgraphName, string> | undefined;
      if (process.env.TEST_DATABASE_URL) {
        const created = await Promise.all(subgraphNames.map((name) => createPostgresDatabase(process.env.TEST_DATABASE_URL!, `startstop_${name}`)));
        drops.push(...created.map((db) => db.drop));
        urls = Object.fromEntries(subgraphNames.map((name, i) => [name, created[i]!.url])) as Record<SubgraphName, string>;
        env = { ...Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, urls![name]])), ...(await productionEnv()) };
      } else {
        env = { ...(await pgliteDirs()), ...(await productionEnv()) };
      }
      const hub = await startHubCommand(['npm', 'start'], env);
      expect(await askCrimeTypes(hub.ports.gateway)).toBeGreaterThan(0);
      await expectNoIdentityProvider(hub);

      process.kill(hub.child.pid!, 'SIGINT');
      const took = await waitStopped(hub, [hub.child.pid!, ...hub.descendants]);
      console.log(`SIGINT to npm start: all six ports free and every process gone in ${took} ms`);

      expect(urls ? await postgresCounts(urls) : await pgliteCounts(env)).toEqual(referenceOnly);
    },
    testTimeoutMs,
  );

  it(
    'leaves no service behind when the starter itself is killed with SIGKILL (development: demonstration data seeded, the identity provider started)',
    async () => {
      const env = { ...(await pgliteDirs()), HUB_SIGNING_SECRET: randomBytes(32).toString('hex') };
      const hub = await startHubCommand([process.execPath, '--import', 'tsx', path.join(repoRoot, 'scripts/start.ts')], env);
      expect(hub.descendants.length).toBeGreaterThanOrEqual(6);

      // The development identity provider runs, and the explorer signs in with it.
      const issuer = `http://127.0.0.1:${hub.ports.idp}`;
      expect(hub.output()).toContain(`[idp] ready at ${issuer}`);
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(issuer);
      const explorer = (await (await fetch(`http://127.0.0.1:${hub.ports.gateway}/explorer/config.json`)).json()) as { oidc: unknown };
      expect(explorer.oidc).toEqual({ issuer, clientId: 'hub-explorer', scope: 'openid' });

      process.kill(hub.child.pid!, 'SIGKILL');
      const took = await waitStopped(hub, hub.descendants);
      console.log(`SIGKILL to start.ts: the seven services stopped by themselves in ${took} ms`);

      const counts = await pgliteCounts(env);
      expect(counts).toMatchObject({ crimeReports: 40, businesses: 10 });
      expect(counts.sessions).toBeGreaterThan(0);
    },
    testTimeoutMs,
  );
});
