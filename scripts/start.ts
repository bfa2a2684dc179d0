// `npm start`: runs the whole hub — four subgraphs, the gateway and the web service, and outside production
// the development identity provider (web/src/idp) they sign in with — with one command, prints
// where each listens, and stops them all on Ctrl-C, SIGTERM or SIGHUP (an IDE's stop button, a
// process manager, a container runtime). Each child has an IPC channel to this process and shuts
// down when it closes (common/src/serve.ts), so even a kill -9 of this process leaves no service
// behind. Each subgraph keeps its embedded PGlite database under .data/<name>; set
// POLICE_DATABASE_URL (etc.) to use PostgreSQL instead. In production no identity provider is started:
// the gateway and the web service are configured with the deployment's own (README, "Signing in").
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { readNodeEnvironment, repoRoot } from '@crimehub/common';
import { subgraphs } from '../gateway/src/composeSupergraph.ts';

/** How long a child may take to close cleanly after SIGTERM before it is killed. */
const stopGraceMs = 10_000;

const children = new Map<string, ChildProcess>();
let stopping = false;

let production: boolean;
try {
  production = readNodeEnvironment() === 'production';
} catch (error) {
  console.error(`The hub could not start: ${(error as Error).message}`);
  process.exit(2);
}

function run(name: string, script: string, env: Record<string, string | undefined>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.set(name, child);
  const prefix = `${name.padEnd(8)}|`;
  return new Promise((resolve, reject) => {
    const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const ready = /\] ready at (\S+)/.exec(line);
        if (ready?.[1]) resolve(ready[1]);
        stream.write(`${prefix} ${line}\n`);
      }
    };
    child.stdout!.on('data', relay(process.stdout));
    child.stderr!.on('data', relay(process.stderr));
    child.once('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        console.error(`${prefix} exited (${signal ?? `code ${code}`}); stopping the hub`);
        void stopAll(1);
      }
      reject(new Error(`${name} exited before it was ready`));
    });
  });
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const killer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) console.log(`\n${signal}: stopping the hub…`);
    void stopAll(0);
  });
}

// npm runs scripts through `sh -c`, and a shell that does not exec its command dies of the
// SIGTERM npm passes on without passing it further; whatever started us, when it is gone
// (its pid is no longer our parent) the hub stops rather than run on unowned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) {
    console.log('\nThe process that started the hub has exited: stopping the hub…');
    void stopAll(0);
  }
}, 500).unref();

const victimsPort = subgraphs.find((s) => s.name === 'victims')!.port;
const gatewayPort = process.env.GATEWAY_PORT ?? '4000';
const webPort = process.env.WEB_PORT ?? '3000';

/**
 * The development identity provider, before the gateway: the gateway accepts its tokens (AUTH_ISSUER),
 * the explorer and the web service sign in with it — unless their own settings name another provider.
 */
async function startIdentityProvider(): Promise<{ url: string; gateway: Record<string, string>; web: Record<string, string> }> {
  const readyAt = await run('idp', 'web/src/idp/main.ts', {
    IDP_PORT: process.env.IDP_PORT ?? '4100',
    PORT: undefined,
    // Where the web service and the explorer are, for the addresses the provider sends people back to.
    WEB_PUBLIC_URL: process.env.WEB_PUBLIC_URL ?? `http://127.0.0.1:${webPort}`,
    GATEWAY_PUBLIC_URL: process.env.GATEWAY_PUBLIC_URL ?? `http://127.0.0.1:${gatewayPort}`,
  });
  const issuer = process.env.IDP_ISSUER?.replace(/\/$/, '') || readyAt;
  const unset = (...names: string[]) => names.every((name) => !process.env[name]);
  return {
    url: readyAt,
    gateway: {
      ...(unset('AUTH_ISSUER') ? { AUTH_ISSUER: `business-crime-hub,${issuer}` } : {}),
      ...(unset('EXPLORER_OIDC_ISSUER', 'EXPLORER_OIDC_CLIENT_ID') ? { EXPLORER_OIDC_ISSUER: issuer, EXPLORER_OIDC_CLIENT_ID: 'hub-explorer' } : {}),
    },
    web: unset('WEB_OIDC_ISSUER') ? { WEB_OIDC_ISSUER: issuer, WEB_OIDC_CLIENT_ID: 'hub-web', WEB_OIDC_CLIENT_SECRET: process.env.WEB_OIDC_CLIENT_SECRET || 'dev-web-secret' } : {},
  };
}

try {
  console.log(
    production
      ? 'Starting the Business Crime Hub: four subgraphs, then the gateway, then the web service…'
      : 'Starting the Business Crime Hub: four subgraphs and the development identity provider, then the gateway, then the web service…',
  );
  const [idp, ...urls] = await Promise.all([
    production ? Promise.resolve(null) : startIdentityProvider(),
    ...subgraphs.map(({ name, port }) =>
      run(name, `subgraphs/${name}/src/main.ts`, {
        PORT: process.env[`${name.toUpperCase()}_PORT`] ?? String(port),
        DATABASE_URL: process.env[`${name.toUpperCase()}_DATABASE_URL`],
        PGLITE_DIR: process.env[`${name.toUpperCase()}_PGLITE_DIR`],
        // The police subgraph relays consented referrals to the victims subgraph.
        VICTIMS_URL: `http://127.0.0.1:${process.env.VICTIMS_PORT ?? victimsPort}/graphql`,
      }).then((url) => [name, url] as const),
    ),
  ]);
  const subgraphUrls = urls as (readonly [string, string])[];
  const gatewayEnv = Object.fromEntries(subgraphUrls.map(([name, url]) => [`${name.toUpperCase()}_URL`, url]));
  const gatewayUrl = await run('gateway', 'gateway/src/main.ts', { ...gatewayEnv, ...idp?.gateway, PORT: gatewayPort });
  // The web service reaches the hub only through the gateway, so it starts after it.
  const webUrl = await run('web', 'web/src/main.ts', { ...idp?.web, PORT: webPort, WEB_PORT: undefined, GATEWAY_URL: gatewayUrl });
  console.log('\nBusiness Crime Hub is running:');
  console.log(`  web       ${webUrl}   <- find help for a business here`);
  console.log(`  gateway   ${gatewayUrl}   <- query the graph here`);
  for (const [name, url] of subgraphUrls) console.log(`  ${name.padEnd(9)} ${url}`);
  if (idp) console.log(`  idp       ${idp.url}   <- development sign-in: test accounts listed on its sign-in page, password "password"`);
  console.log('Press Ctrl-C to stop.\n');
} catch (error) {
  console.error(`The hub could not start: ${(error as Error).message}`);
  await stopAll(1);
}
