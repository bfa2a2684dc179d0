// docker-compose.yml cannot run here (no Docker engine), so it is checked by reading it: the
// services, their commands and environments must be ones the hub's own code accepts.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { healthPaths, readSubgraphConfig, registerHealthRoutes, repoRoot, subgraphNames } from '@crimehub/common';
import { readGatewayConfig } from '../gateway/src/config.ts';
import { subgraphs } from '../gateway/src/composeSupergraph.ts';
import { readWebConfig } from '../web/src/config.ts';

const composeText = await readFile(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true });
const dockerfile = await readFile(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** What `docker compose` does to `${VAR}`, `${VAR:-default}` and `${VAR:?message}` in a value. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, kind?: string, rest?: string) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/** A service's environment as its container sees it: the image's ENV lines, then compose's, interpolated. */
function containerEnv(service: string, shell: Record<string, string>): Record<string, string> {
  const image = Object.fromEntries([...dockerfile.matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
  const own = Object.entries(compose.services[service].environment as Record<string, string>).map(([k, v]) => [k, interpolate(String(v), shell)]);
  return { ...image, ...Object.fromEntries(own) };
}

/** What an operator sets in the shell before `docker compose up`. */
const shell = {
  HUB_SIGNING_SECRET: randomBytes(32).toString('hex'),
  POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
  AUTH_JWKS_URL: 'https://login.example.gov.uk/.well-known/jwks.json',
  WEB_PUBLIC_URL: 'https://business-crime.example.gov.uk',
  WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
  WEB_OIDC_ISSUER: 'https://login.example.gov.uk',
  WEB_OIDC_CLIENT_SECRET: 'web-client-secret',
};
const initSql = await readFile(path.join(repoRoot, 'docker/postgres-init.sql'), 'utf8');
const workspaces = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')).workspaces as string[];

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, the four subgraphs, the gateway and the web service', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['cyber', 'gateway', 'police', 'postgres', 'redis', 'support', 'victims', 'web']);
  });

  it.each(subgraphs.map((s) => [s.name, s.port] as const))('gives %s its own PostgreSQL database, created at init, and a valid configuration', (name, port) => {
    const service = compose.services[name];
    expect(service.command).toEqual(['node', '--import', 'tsx', `subgraphs/${name}/src/main.ts`]);
    expect(service.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    const config = readSubgraphConfig(name, 0, containerEnv(name, shell));
    expect(config.port).toBe(port);
    expect(config.host).toBe('0.0.0.0');
    expect(config.database.kind).toBe('postgres');
    const database = new URL((config.database as { url: string }).url);
    expect(database.hostname).toBe('postgres');
    expect(initSql).toContain(`CREATE DATABASE ${database.pathname.slice(1)};`);
    expect(service.ports).toBeUndefined();
  });

  it('uses a different database for every subgraph', () => {
    const urls = subgraphNames.map((name) => compose.services[name].environment.DATABASE_URL);
    expect(new Set(urls).size).toBe(subgraphNames.length);
  });

  it('points the web service at the gateway service, publishing it beside the gateway', () => {
    const web = compose.services.web;
    const config = readWebConfig(containerEnv('web', shell));
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      gatewayUrl: 'http://gateway:4000/graphql',
      environment: 'production',
      publicUrl: 'https://business-crime.example.gov.uk',
      oidc: { issuer: 'https://login.example.gov.uk', clientId: 'hub-web', clientSecret: 'web-client-secret' },
      sessions: { redisUrl: 'redis://redis:6379', secret: shell.WEB_SESSION_SECRET },
    });
    expect(web.ports).toEqual(['3000:3000']);
    expect(web.depends_on).toEqual({ gateway: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    // It calls the gateway as any public client does: it never holds the subgraphs' signing secret.
    expect(web.environment.HUB_SIGNING_SECRET).toBeUndefined();
    // Without its session secret or provider, compose refuses to start rather than run it unsafely.
    for (const missing of ['WEB_SESSION_SECRET', 'WEB_OIDC_ISSUER', 'WEB_OIDC_CLIENT_SECRET', 'WEB_PUBLIC_URL']) {
      expect(() => containerEnv('web', { ...shell, [missing]: '' }), missing).toThrow(new RegExp(missing));
    }
  });

  it('points the gateway at each subgraph service and publishes only the gateway of the hub', () => {
    const gateway = compose.services.gateway;
    const config = readGatewayConfig(containerEnv('gateway', shell));
    expect(config.signing).toBeDefined();
    for (const { name, port } of subgraphs) {
      expect(config.subgraphUrls[name]).toBe(`http://${name}:${port}/graphql`);
      expect(compose.services[name].environment.PORT).toBe(String(port));
    }
    expect(gateway.ports).toEqual(['4000:4000']);
    // The police subgraph relays referrals to the victims service by its service name.
    expect(compose.services.police.environment.VICTIMS_URL).toBe(`http://victims:${subgraphs.find((s) => s.name === 'victims')!.port}/graphql`);
    expect(Object.keys(gateway.depends_on).sort()).toEqual([...subgraphNames, 'redis'].sort());
  });

  it('gives the gateway and every subgraph the one HUB_SIGNING_SECRET, required from the environment', () => {
    const secrets = [...subgraphNames, 'gateway'].map((name) => compose.services[name].environment.HUB_SIGNING_SECRET);
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toMatch(/^\$\{HUB_SIGNING_SECRET:\?.+\}$/);
  });

  it('runs the image in production, where the gateway and subgraphs refuse to start without their secrets', () => {
    expect(containerEnv('gateway', shell).NODE_ENV).toBe('production');
    expect(() => containerEnv('gateway', { ...shell, HUB_SIGNING_SECRET: '' })).toThrow(/HUB_SIGNING_SECRET/);
    expect(() => containerEnv('gateway', { ...shell, AUTH_JWKS_URL: '' })).toThrow(/AUTH_JWKS_URL/);
    expect(() => containerEnv('police', { ...shell, POSTGRES_PASSWORD: '' })).toThrow(/POSTGRES_PASSWORD/);
    expect(() => readGatewayConfig({ ...containerEnv('gateway', shell), AUTH_JWKS_URL: '' })).toThrow(/AUTH_/);
  });

  it("starts each npm workspace's own main.ts, the same file its `npm start` runs", async () => {
    for (const name of [...subgraphNames, 'gateway', 'web']) {
      const [, , , script] = compose.services[name].command as string[];
      const dir = name === 'gateway' || name === 'web' ? name : `subgraphs/${name}`;
      expect(script).toBe(`${dir}/src/main.ts`);
      expect(existsSync(path.join(repoRoot, script!))).toBe(true);
      expect(workspaces.some((pattern) => pattern === dir || (pattern.endsWith('/*') && dir.startsWith(pattern.slice(0, -1))))).toBe(true);
      const manifest = JSON.parse(await readFile(path.join(repoRoot, dir, 'package.json'), 'utf8'));
      expect(manifest.scripts.start).toBe('node --import tsx src/main.ts');
    }
  });

  it("runs node itself, with no npm in between to swallow the runtime's SIGTERM", () => {
    for (const name of [...subgraphNames, 'gateway', 'web']) {
      const command = compose.services[name].command as string[];
      expect(command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
      expect(command.join(' ')).not.toMatch(/\bnpm\b|\bnpx\b/);
      expect(compose.services[name].entrypoint).toBeUndefined();
    }
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', '--import', 'tsx', 'gateway/src/main.ts']);
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT).*\bnpm\b/m);
  });

  it('builds the explorer and generated code with every dependency, then runs on production dependencies only', async () => {
    const stages = dockerfile.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
    expect(stages).toHaveLength(2);
    const [build, run] = stages as [string, string];
    expect(build).toMatch(/^FROM node:(22|24)-bookworm-slim AS build$/m);
    // NODE_ENV=production during `npm ci` would leave out esbuild and GraphiQL: /explorer would answer 503.
    expect(build).not.toMatch(/NODE_ENV/);
    expect(build).toMatch(/^RUN npm run postinstall && npm prune --omit=dev\b/m);
    expect(run).toMatch(/^ENV NODE_ENV=production$/m);
    expect(run).toMatch(/^COPY --from=build \/app \/app$/m);
    expect(run).not.toMatch(/^RUN npm/m);
    // The bundle is built in the image, never copied from a developer's tree.
    expect(await readFile(path.join(repoRoot, '.dockerignore'), 'utf8')).toMatch(/^gateway\/explorer\/dist$/m);
  });

  it('builds on a supported Node.js LTS (22 or 24)', () => {
    expect(dockerfile).toMatch(/^FROM node:(22|24)-bookworm-slim$/m);
  });

  it('checks every service is healthy before starting what depends on it', () => {
    for (const [name, service] of Object.entries(compose.services as Record<string, { healthcheck?: { test: string[] }; depends_on?: unknown }>)) {
      expect(service.healthcheck?.test, name).toBeDefined();
      // Every dependency is waited for until healthy, never merely started.
      if (service.depends_on !== undefined) {
        expect(Array.isArray(service.depends_on), name).toBe(false);
        for (const dependency of Object.values(service.depends_on as Record<string, { condition: string }>)) expect(dependency.condition, name).toBe('service_healthy');
      }
    }
    for (const name of [...subgraphNames, 'gateway', 'web']) {
      expect(compose.services[name].healthcheck.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
    }
    expect(/^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck.mjs"\]$/m.test(dockerfile)).toBe(true);
  });

  it("has the health check ask the container's own process whether it is ready", async () => {
    const ready = { now: true };
    const app = Fastify({ logger: false });
    registerHealthRoutes(app, { service: 'test' }, async () => (ready.now ? { ready: true } : { ready: false, reason: 'the database is unreachable' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const port = String((app.server.address() as AddressInfo).port);
      // Run asynchronously: the app answering it lives in this process.
      const check = () =>
        new Promise<{ status: number | null; stderr: string }>((resolve) =>
          execFile(process.execPath, [path.join(repoRoot, 'scripts/healthcheck.mjs')], { env: { ...process.env, PORT: port }, timeout: 60_000 }, (error, _stdout, stderr) =>
            resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
          ),
        );
      expect((await check()).status).toBe(0);
      ready.now = false;
      const unready = await check();
      expect(unready.status).toBe(1);
      expect(unready.stderr).toMatch(/503 .*the database is unreachable/);
    } finally {
      await app.close();
    }
    expect(healthPaths).toContain('/health/ready');
  });

  it('writes no secret into the file: every secret comes from .env, which .env.example lists and git ignores', async () => {
    const secretName = /SECRET|PASSWORD|TOKEN|KEY/;
    for (const [name, service] of Object.entries(compose.services as Record<string, { environment?: Record<string, string> }>)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (secretName.test(variable)) expect(String(value), `${name} ${variable}`).toMatch(/^\$\{\w+(:[-?][^}]*)?\}$/);
        // A URL's password, too.
        const password = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(String(value))?.[1];
        if (password !== undefined) expect(password, `${name} ${variable}`).toMatch(/^\$\{POSTGRES_PASSWORD(:\?[^}]*)?\}$/);
      }
    }
    const example = await readFile(path.join(repoRoot, '.env.example'), 'utf8');
    const listed = new Map([...example.matchAll(/^(\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    for (const variable of new Set([...composeText.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!))) expect(listed.has(variable), `.env.example lists ${variable}`).toBe(true);
    for (const [variable, value] of listed) if (secretName.test(variable)) expect(value, `.env.example leaves ${variable} empty`).toBe('');
    expect(await readFile(path.join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
  });

  it('installs the dependencies in a layer of their own, from the manifests alone, before the code is copied', () => {
    const build = dockerfile.split(/^(?=FROM )/m).find((stage) => / AS build$/m.test(stage))!;
    const lines = build.split('\n');
    const install = lines.findIndex((line) => line.startsWith('RUN npm ci'));
    const code = lines.findIndex((line) => line === 'COPY . .');
    expect(install).toBeGreaterThan(0);
    expect(code).toBeGreaterThan(install);
    const copied = lines.slice(0, install).flatMap((line) => /^COPY (.+) \S+$/.exec(line)?.[1]?.split(' ') ?? []);
    const manifests = ['package.json', 'package-lock.json', ...['common', 'gateway', 'web', ...subgraphNames.map((name) => `subgraphs/${name}`)].map((dir) => `${dir}/package.json`)];
    expect(copied.sort()).toEqual(manifests.sort());
  });

  it('runs as the unprivileged node user, never root', () => {
    const run = dockerfile.split(/^(?=FROM )/m).at(-1)!;
    const users = [...run.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users).toEqual(['node']);
    // Nothing runs after USER as another user, and CMD comes after it.
    expect(run.indexOf('USER node')).toBeLessThan(run.indexOf('CMD '));
  });

  it('refuses a production signing secret of low entropy, as the running services would', () => {
    expect(() => readSubgraphConfig('police', 0, containerEnv('police', { ...shell, HUB_SIGNING_SECRET: 'a'.repeat(64) }))).toThrow(/HUB_SIGNING_SECRET is too predictable/);
  });
});
