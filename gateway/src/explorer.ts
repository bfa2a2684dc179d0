// The offline explorer at /explorer: GraphiQL, bundled at build time (`npm run build:explorer`,
// scripts/buildExplorer.mjs) into static files the gateway serves from one folder. The page loads
// nothing from another origin (its CSP allows 'self' only, plus the sign-in provider for the
// token exchange); it reads two small JSON answers from the gateway: its configuration (the
// OpenID Connect provider, if any) and the saved operations of operations/, its collection.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode, repoRoot, type EnvReader } from '@crimehub/common';
import { Kind, valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SavedOperation } from './savedOperations.ts';
import { sendRefusal } from './security/refusal.ts';

/** Where `npm run build:explorer` writes the bundle. */
export const explorerBuildDir = path.join(repoRoot, 'gateway', 'explorer', 'dist');

export interface ExplorerConfig {
  /** `EXPLORER_DIR`: the built explorer (default gateway/explorer/dist). */
  dir: string;
  /** `EXPLORER_OIDC_ISSUER` + `EXPLORER_OIDC_CLIENT_ID` (+ `EXPLORER_OIDC_SCOPE`): the provider analysts sign in with, when there is one. */
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export function readExplorerConfig(read: EnvReader): ExplorerConfig {
  const issuer = read.optional('EXPLORER_OIDC_ISSUER');
  const clientId = read.optional('EXPLORER_OIDC_CLIENT_ID');
  let oidc: ExplorerConfig['oidc'] = null;
  if (issuer !== undefined || clientId !== undefined) {
    if (issuer === undefined || clientId === undefined)
      read.problems.push('EXPLORER_OIDC_ISSUER and EXPLORER_OIDC_CLIENT_ID go together: set both for the explorer to sign in with a provider, or neither');
    else {
      let url: URL | undefined;
      try {
        url = new URL(issuer);
      } catch {
        read.problems.push(`EXPLORER_OIDC_ISSUER (${issuer}) is not a URL`);
      }
      if (url && url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') read.problems.push(`EXPLORER_OIDC_ISSUER (${issuer}) must use https`);
      else if (url) oidc = { issuer: issuer.replace(/\/$/, ''), clientId, scope: read.string('EXPLORER_OIDC_SCOPE', 'openid') };
    }
  }
  return { dir: path.resolve(repoRoot, read.string('EXPLORER_DIR', explorerBuildDir)), oidc };
}

/** The explorer's CSP: everything from the hub itself; the sign-in provider only for fetch (discovery and the token exchange). */
export function explorerContentSecurityPolicy(config: ExplorerConfig): string {
  const connect = ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** One saved operation as the explorer's collection lists it. */
export interface CollectionEntry {
  /** The audience folder: `analyst`, `public`, `police`, `partner`, `business` (or another folder's name). */
  folder: string;
  file: string;
  name: string;
  type: string;
  /** The file's text, comments included, as the analyst will edit it. */
  text: string;
  /** The variables to start from: each variable's default value, or the `# variables: {...}` line of the file. */
  variables: Record<string, unknown>;
}

/** The order folders are listed in: the analysts' first. */
export const collectionFolders = ['analyst', 'public', 'police', 'partner', 'business'];

/** The variables an operation starts with: a `# variables: {json}` comment line, else the defaults its variable definitions give. */
export function defaultVariables(operation: SavedOperation): Record<string, unknown> {
  const line = /^#\s*variables:\s*(\{.*\})\s*$/im.exec(operation.text);
  if (line?.[1]) {
    try {
      const parsed: unknown = JSON.parse(line[1]);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON: fall back to the definitions' defaults.
    }
  }
  const definition = operation.document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const variables: Record<string, unknown> = {};
  for (const variable of definition?.variableDefinitions ?? []) {
    if (variable.defaultValue) variables[variable.variable.name.value] = valueFromASTUntyped(variable.defaultValue);
  }
  return variables;
}

/** The collection: every saved operation, by folder (analysts' first), then by name. */
export function explorerCollection(operations: Iterable<SavedOperation>): CollectionEntry[] {
  const rank = (folder: string) => {
    const at = collectionFolders.indexOf(folder);
    return at === -1 ? collectionFolders.length : at;
  };
  const seen = new Set<string>();
  const entries: CollectionEntry[] = [];
  for (const operation of operations) {
    if (seen.has(operation.file)) continue;
    seen.add(operation.file);
    const folder = operation.file.includes('/') ? operation.file.slice(0, operation.file.indexOf('/')) : '';
    entries.push({ folder, file: operation.file, name: operation.name, type: operation.type, text: operation.text, variables: defaultVariables(operation) });
  }
  return entries.sort((a, b) => rank(a.folder) - rank(b.folder) || a.folder.localeCompare(b.folder) || a.name.localeCompare(b.name));
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** At most this long a path under /explorer/ is looked at. */
const maxPathLength = 200;

/**
 * Routes: `/explorer` and `/explorer/` (the page), `/explorer/config.json`,
 * `/explorer/operations.json` and the bundle's files under `/explorer/`. Files whose names carry
 * a content hash are cached for a year; the page and the JSON answers are revalidated each time.
 */
export function registerExplorer(app: FastifyInstance, config: ExplorerConfig, operations: Iterable<SavedOperation>): void {
  const csp = explorerContentSecurityPolicy(config);
  const collection = JSON.stringify(explorerCollection(operations));
  const clientConfig = JSON.stringify({ graphqlPath: '/graphql', oidc: config.oidc });
  // A page, not an API answer: said in words, for the person who opened it.
  const missing = (reply: FastifyReply) =>
    reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(`The explorer has not been built (there is no ${path.join(path.relative(repoRoot, config.dir) || config.dir, 'index.html')}): run \`npm run build:explorer\` and reload this page.\n`);
  let root: Promise<string | null> | undefined;
  const rootDir = () =>
    (root ??= realpath(config.dir).catch(() => {
      root = undefined;
      return null;
    }));

  const sendFile = async (reply: FastifyReply, relative: string) => {
    reply.header('content-security-policy', csp);
    const base = await rootDir();
    if (base === null) return missing(reply);
    const notFound = () => sendRefusal(reply, 404, `Not found: /explorer/${relative}`, { code: ErrorCode.NOT_FOUND });
    if (relative.length > maxPathLength || relative.includes('\0') || relative.includes('\\')) return notFound();
    const wanted = path.resolve(base, relative);
    if (!wanted.startsWith(base + path.sep)) return notFound();
    let full: string;
    try {
      full = await realpath(wanted);
      if (!full.startsWith(base + path.sep) || !(await stat(full)).isFile()) return notFound();
    } catch {
      return relative === 'index.html' ? missing(reply) : notFound();
    }
    const type = contentTypes[path.extname(full)] ?? 'application/octet-stream';
    const hashed = /-[A-Z0-9]{8}\.[a-z0-9]+$/.test(full);
    return reply
      .type(type)
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(await readFile(full));
  };

  app.get('/explorer', async (_request, reply) => sendFile(reply, 'index.html'));
  app.get('/explorer/', async (_request, reply) => sendFile(reply, 'index.html'));
  app.get('/explorer/config.json', async (_request, reply) => reply.header('content-security-policy', csp).header('cache-control', 'no-cache').type(contentTypes['.json']!).send(clientConfig));
  app.get('/explorer/operations.json', async (_request, reply) => reply.header('content-security-policy', csp).header('cache-control', 'no-cache').type(contentTypes['.json']!).send(collection));
  app.get<{ Params: { '*': string } }>('/explorer/*', async (request, reply) => sendFile(reply, request.params['*']));
}
