// The gateway's side of the explorer, in process: the page and bundle from their folder (and
// nothing outside it), its CSP, the 503 before a build, its configuration and its collection.
// The page itself is tested in Chromium (tests/e2e/explorer.e2e.test.ts).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvReader } from '@crimehub/common';
import type { FastifyInstance } from 'fastify';
import { parse, print, OperationTypeNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.ts';
import { createGateway } from './createGateway.ts';
import { defaultVariables, explorerCollection, readExplorerConfig } from './explorer.ts';
import type { SavedOperation } from './savedOperations.ts';

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const offline = `http://127.0.0.1:${await unusedPort()}/graphql`;
const baseEnv = { LOG_LEVEL: 'silent', POLICE_URL: offline, SUPPORT_URL: offline, CYBER_URL: offline, VICTIMS_URL: offline };

const gateway = (env: Record<string, string>) => createGateway(readGatewayConfig({ ...baseEnv, ...env }));

describe('the explorer at /explorer', () => {
  let dir: string;
  let outside: string;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;
  let withProvider: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bch-explorer-'));
    outside = await mkdtemp(path.join(tmpdir(), 'bch-outside-'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>explorer</title>');
    await writeFile(path.join(dir, 'main-ABCD1234.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'main-ABCD1234.css'), 'body{}');
    await writeFile(path.join(outside, 'secret.txt'), 'not for the web');
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    await mkdir(path.join(dir, 'sub'));
    built = await gateway({ EXPLORER_DIR: dir });
    unbuilt = await gateway({ EXPLORER_DIR: path.join(dir, 'not-there') });
    withProvider = await gateway({ EXPLORER_DIR: dir, EXPLORER_OIDC_ISSUER: 'https://login.example.org/realms/hub', EXPLORER_OIDC_CLIENT_ID: 'explorer' });
  });

  afterAll(async () => {
    await Promise.all([built?.close(), unbuilt?.close(), withProvider?.close()]);
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves the page with a CSP that allows the hub itself and nothing else', async () => {
    for (const url of ['/explorer', '/explorer/']) {
      const page = await built.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
    }
    // The landing page keeps its own, stricter policy, and links to the explorer.
    const landing = await built.inject({ method: 'GET', url: '/' });
    expect(String(landing.headers['content-security-policy'])).not.toContain("script-src 'self'");
    expect(landing.body).toContain('href="/explorer"');
  });

  it('serves the bundle with its content types, hashed files cached for a year', async () => {
    const script = await built.inject({ method: 'GET', url: '/explorer/main-ABCD1234.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe('console.log(1)');
    const style = await built.inject({ method: 'GET', url: '/explorer/main-ABCD1234.css' });
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses paths outside its folder, folders and links out of it', async () => {
    for (const url of [
      '/explorer/..%2f..%2fpackage.json',
      '/explorer/%2e%2e/%2e%2e/package.json',
      '/explorer/sub',
      '/explorer/link.txt',
      '/explorer/nope.js',
      `/explorer/${'a'.repeat(300)}.js`,
      '/explorer/a%00.js',
    ]) {
      const answer = await built.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body).not.toContain('not for the web');
      expect(answer.body).not.toContain('business-crime-hub');
    }
  });

  it('answers 503 naming the build command before the explorer is built', async () => {
    for (const url of ['/explorer', '/explorer/', '/explorer/main-ABCD1234.js']) {
      const answer = await unbuilt.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(503);
      expect(answer.body).toContain('npm run build:explorer');
    }
  });

  it('tells the page about the sign-in provider, whose origin alone joins connect-src', async () => {
    const none = await built.inject({ method: 'GET', url: '/explorer/config.json' });
    expect(none.json()).toEqual({ graphqlPath: '/graphql', oidc: null });
    const config = await withProvider.inject({ method: 'GET', url: '/explorer/config.json' });
    expect(config.json()).toEqual({ graphqlPath: '/graphql', oidc: { issuer: 'https://login.example.org/realms/hub', clientId: 'explorer', scope: 'openid' } });
    const page = await withProvider.inject({ method: 'GET', url: '/explorer/' });
    expect(String(page.headers['content-security-policy'])).toContain("connect-src 'self' https://login.example.org;");
  });

  it('refuses half a provider and a provider over plain http', () => {
    const problems = (env: Record<string, string>) => {
      const read = new EnvReader(env);
      readExplorerConfig(read);
      return read.problems;
    };
    expect(problems({ EXPLORER_OIDC_ISSUER: 'https://login.example.org' })).toEqual([expect.stringContaining('go together')]);
    expect(problems({ EXPLORER_OIDC_ISSUER: 'http://login.example.org', EXPLORER_OIDC_CLIENT_ID: 'x' })).toEqual([expect.stringContaining('must use https')]);
    expect(problems({ EXPLORER_OIDC_ISSUER: 'not a url', EXPLORER_OIDC_CLIENT_ID: 'x' })).toEqual([expect.stringContaining('is not a URL')]);
    expect(problems({ EXPLORER_OIDC_ISSUER: 'http://127.0.0.1:9999', EXPLORER_OIDC_CLIENT_ID: 'x' })).toEqual([]);
  });

  it('lists the saved operations of operations/, the analysts first, with their text', async () => {
    const answer = await built.inject({ method: 'GET', url: '/explorer/operations.json' });
    expect(answer.statusCode).toBe(200);
    const entries = answer.json() as { folder: string; name: string; file: string; text: string }[];
    const folders = [...new Set(entries.map((entry) => entry.folder))];
    expect(folders).toEqual(['analyst', 'public', 'police', 'partner', 'business']);
    const help = entries.find((entry) => entry.name === 'Help')!;
    expect(help.file).toBe('public/Help.graphql');
    expect(help.text).toContain('query Help(');
  });
});

describe("a saved operation's starting variables", () => {
  const operation = (text: string, file = 'analyst/X.graphql'): SavedOperation => {
    const document = parse(text);
    return { file, name: 'X', type: OperationTypeNode.QUERY, text, document, body: print(document), hash: '' };
  };

  it('come from a `# variables:` line, else from the defaults of its variable definitions', () => {
    expect(defaultVariables(operation('# variables: {"groupBy": "MONTH"}\nquery X($groupBy: String) { a }'))).toEqual({ groupBy: 'MONTH' });
    expect(defaultVariables(operation('query X($groupBy: G = DISTRICT, $filter: F = { districts: ["E07000197"] }, $first: Int) { a }'))).toEqual({
      groupBy: 'DISTRICT',
      filter: { districts: ['E07000197'] },
    });
    expect(defaultVariables(operation('# variables: {not json}\nquery X($n: Int = 3) { a }'))).toEqual({ n: 3 });
  });

  it('are listed by folder in the given order, unknown folders last', () => {
    const names = explorerCollection([operation('query X { a }', 'business/B.graphql'), operation('query X { a }', 'extra/E.graphql'), operation('query X { a }', 'analyst/A.graphql')]).map(
      (entry) => entry.folder,
    );
    expect(names).toEqual(['analyst', 'business', 'extra']);
  });
});
