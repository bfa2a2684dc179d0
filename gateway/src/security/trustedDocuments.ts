// Trusted documents: the saved operations in operations/ (gateway/src/savedOperations.ts), known
// by the sha256 of their text, are the only documents a caller may run when TRUSTED_DOCUMENTS
// says so — `anonymous`: callers who are not signed in; `all`: everyone; `off` (the default):
// no one is held to them. A public front end can then not be used to send arbitrary documents.
// A registered document is sent by id, in the GraphQL over HTTP style (`"documentId":
// "sha256:<hex>"`) or Apollo's (`extensions.persistedQuery.sha256Hash`), or in full as `query`.
// Ids are understood in every mode; registering a document through Apollo's automatic persisted
// queries is refused to whoever is held to the registered ones. The check is one hash and one map
// look-up per operation, before Apollo Server parses anything.
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, repoRoot, type EnvReader, type Identity } from '@crimehub/common';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { formatOperationProblem, operationsDir, readSavedOperations, sha256hex, type SavedOperation } from '../savedOperations.ts';
import { HttpRefusal } from './refusal.ts';

/** Who must use a registered document: no one, callers who are not signed in, or everyone. */
export type TrustedDocumentsMode = 'off' | 'anonymous' | 'all';

export interface TrustedDocumentsConfig {
  /** `TRUSTED_DOCUMENTS`: `off` (default), `anonymous` or `all`. */
  mode: TrustedDocumentsMode;
  /** `OPERATIONS_DIR`: the saved operations (default `operations/`). */
  operationsDir: string;
}

export function readTrustedDocumentsConfig(read: EnvReader): TrustedDocumentsConfig {
  return {
    mode: read.oneOf<TrustedDocumentsMode>('TRUSTED_DOCUMENTS', ['off', 'anonymous', 'all'], 'off'),
    operationsDir: path.resolve(repoRoot, read.string('OPERATIONS_DIR', operationsDir)),
  };
}

export interface TrustedDocuments {
  mode: TrustedDocumentsMode;
  /** The registered operations by sha256 (hex) of their canonical body, and of their file's exact text. */
  byHash: Map<string, SavedOperation>;
  /** How many operations are registered. */
  size: number;
}

/**
 * Reads the saved operations once, at start. More than 1000 files, a file over 64 KB, or a file
 * that is not one named operation stops the start, naming the file: the gateway never runs with
 * a registry other than the folder says.
 */
export async function loadTrustedDocuments(config: TrustedDocumentsConfig): Promise<TrustedDocuments> {
  let read: Awaited<ReturnType<typeof readSavedOperations>>;
  try {
    read = await readSavedOperations(config.operationsDir);
  } catch (error) {
    throw new Error(`The saved operations (OPERATIONS_DIR=${config.operationsDir}) cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (read.problems.length > 0) {
    const problems = read.problems.map((problem) => formatOperationProblem(problem, config.operationsDir));
    throw new Error(`The saved operations cannot be registered (run npm run operations:check):\n  - ${problems.join('\n  - ')}`);
  }
  const byHash = new Map<string, SavedOperation>();
  for (const operation of read.operations) {
    byHash.set(operation.hash, operation);
    byHash.set(sha256hex(operation.text), operation);
  }
  return { mode: config.mode, byHash, size: read.operations.length };
}

/** Whether this caller may only run registered documents. */
export function heldToRegistered(mode: TrustedDocumentsMode, identity: Identity | null | undefined): boolean {
  return mode === 'all' || (mode === 'anonymous' && identity?.kind !== 'user');
}

/** What one operation of a request presents: a registered operation, or why it is refused. */
export type Presented =
  /** Nothing the registry decides on (no document at all, or an unknown hash for Apollo's own cache): Apollo Server answers. */
  { kind: 'other' } | { kind: 'registered'; operation: SavedOperation } | { kind: 'refused'; status: number; code: string; field: string; message: string };

const documentIdPattern = /^sha256:([0-9a-f]{64})$/;
const hashPattern = /^[0-9a-f]{64}$/;
const manifestHint = 'The registered operations and their ids are in operations/manifest.json (npm run operations:manifest).';

/** `extensions`, as an object: a GET carries it as JSON text. */
function extensionsOf(params: Record<string, unknown>): Record<string, unknown> | undefined {
  let extensions = params.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      return undefined; // Apollo Server answers malformed JSON itself.
    }
  }
  return typeof extensions === 'object' && extensions !== null && !Array.isArray(extensions) ? (extensions as Record<string, unknown>) : undefined;
}

function persistedQueryHash(params: Record<string, unknown>): unknown {
  const persisted = extensionsOf(params)?.persistedQuery;
  return typeof persisted === 'object' && persisted !== null ? (persisted as { sha256Hash?: unknown }).sha256Hash : undefined;
}

/**
 * Judges one operation's parameters (a POST body, one item of a batch, or a GET's query string):
 * which registered operation it names, whether the caller may send it, or neither. `held`: the
 * caller may only run registered documents.
 */
export function judgeRequest(registry: TrustedDocuments, params: unknown, held: boolean): Presented {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return { kind: 'other' };
  const { documentId, query } = params as Record<string, unknown>;
  if (documentId !== undefined) {
    const hex = typeof documentId === 'string' ? documentIdPattern.exec(documentId)?.[1] : undefined;
    if (hex === undefined) {
      return { kind: 'refused', status: 400, code: ErrorCode.BAD_USER_INPUT, field: 'documentId', message: `documentId must be "sha256:" and 64 lower-case hex digits. ${manifestHint}` };
    }
    if (query !== undefined) {
      return { kind: 'refused', status: 400, code: ErrorCode.BAD_USER_INPUT, field: 'query', message: 'Send either documentId or query, not both.' };
    }
    const operation = registry.byHash.get(hex);
    if (!operation)
      return {
        kind: 'refused',
        status: 400,
        code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        field: 'documentId',
        message: `No registered operation has the id sha256:${hex.slice(0, 12)}…. ${manifestHint}`,
      };
    return { kind: 'registered', operation };
  }
  if (typeof query === 'string') {
    // Hashing is linear in the document, which the token limit has already bounded.
    const hex = sha256hex(query);
    // Apollo Server would refuse a mismatch too, but as an INTERNAL_SERVER_ERROR.
    const hash = persistedQueryHash(params as Record<string, unknown>);
    if (hash !== undefined && hash !== hex) {
      return {
        kind: 'refused',
        status: 400,
        code: ErrorCode.BAD_USER_INPUT,
        field: 'extensions.persistedQuery.sha256Hash',
        message: 'extensions.persistedQuery.sha256Hash must be the sha256 (64 lower-case hex digits) of the query sent with it.',
      };
    }
    const operation = registry.byHash.get(hex);
    if (operation) return { kind: 'registered', operation };
    if (!held) return { kind: 'other' };
    return {
      kind: 'refused',
      status: 403,
      code: ErrorCode.TRUSTED_DOCUMENT_REQUIRED,
      field: 'query',
      message: `This gateway runs only its registered operations for ${registry.mode === 'all' ? 'every caller' : 'callers who are not signed in'}: send one by its documentId ("sha256:<hash>"), or sign in. ${manifestHint}`,
    };
  }
  const hash = persistedQueryHash(params as Record<string, unknown>);
  if (hash === undefined) return { kind: 'other' };
  const operation = typeof hash === 'string' && hashPattern.test(hash) ? registry.byHash.get(hash) : undefined;
  if (operation) return { kind: 'registered', operation };
  // Not held: Apollo Server's own persisted query cache answers (and may ask the client to register it).
  if (!held) return { kind: 'other' };
  return {
    kind: 'refused',
    status: 400,
    code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
    field: 'extensions.persistedQuery.sha256Hash',
    message: `No registered operation has this hash, and this gateway registers no new ones for ${registry.mode === 'all' ? 'any caller' : 'callers who are not signed in'}. ${manifestHint}`,
  };
}

/** Refuses, before the body reaches Apollo Server, an operation the caller may not send (one per batch item). */
export function registerTrustedDocuments(app: FastifyInstance, registry: TrustedDocuments, graphqlPath = '/graphql'): void {
  const guard: preHandlerHookHandler = async (request: FastifyRequest) => {
    const payload: unknown = request.method === 'POST' ? request.body : request.query;
    const held = heldToRegistered(registry.mode, request.identity);
    for (const params of Array.isArray(payload) ? payload : [payload]) {
      const verdict = judgeRequest(registry, params, held);
      if (verdict.kind === 'refused') throw new HttpRefusal(verdict.status, verdict.message, { code: verdict.code, field: verdict.field });
    }
  };
  // A route hook added after the rate limiter's and the batching and token guard's (security/http.ts).
  app.addHook('onRoute', (route) => {
    if (route.url !== graphqlPath) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...existing, guard];
  });
}

/**
 * Puts the registered document in the request Apollo Server runs, for an operation sent by id:
 * `documentId` (which Apollo Server does not know) or a registered persisted query hash (whose
 * extension is then dropped, so Apollo's own cache is neither read nor written). Runs in
 * requestDidStart, before Apollo Server reads the query; the guard above has already refused what
 * the caller may not send.
 */
export function trustedDocumentsPlugin(registry: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const http = request.http;
      const params: unknown = http?.method === 'GET' ? Object.fromEntries(new URLSearchParams(http.search)) : http?.body;
      const verdict = judgeRequest(registry, params, false);
      if (verdict.kind !== 'registered') return;
      if (request.query === undefined) request.query = verdict.operation.body;
      if (request.extensions?.persistedQuery) {
        const { persistedQuery: _dropped, ...rest } = request.extensions;
        request.extensions = rest;
      }
    },
  };
}
