// The web service's only way to the hub: the gateway, sent the saved operations of operations/
// as trusted documents by id (`{"documentId": "sha256:<hash>", "variables": …}`), the id the
// gateway itself computes (gateway/src/savedOperations.ts: sha256 of graphql-js `print`), and
// typed by the generated TypedDocumentNodes of operations/generated/graphql.ts.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode } from 'graphql';
import { sha256hex } from '../../gateway/src/savedOperations.ts';

/** An error the API says is the caller's to fix (a bad postcode, an unknown crime type, …), by code and field. */
export interface InputProblem {
  code: string;
  /** `extensions.field`: the argument path, e.g. `business.postcode`; absent when the API names none. */
  field?: string;
  message: string;
  /** `extensions.candidates` of AMBIGUOUS_POSTCODE: the districts the postcode may be in. */
  candidates?: { code: string; name: string }[];
}

/**
 * The codes of answers a page shows to the person (what they typed, a record that is not theirs
 * or not there, a sign-in that has lapsed); any other error is the service's problem.
 */
export const inputErrorCodes = new Set([
  'BAD_USER_INPUT',
  'INVALID_POSTCODE',
  'POSTCODE_OUTSIDE_AREA',
  'AMBIGUOUS_POSTCODE',
  'UNKNOWN_CRIME_TYPE',
  'UNKNOWN_DISTRICT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
]);

/** The gateway could not be reached, failed, or answered with an error that is not the person's to fix. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export type GatewayResult<R> = { data: R; problems?: undefined } | { data?: undefined; problems: InputProblem[] };

interface GraphQLResponse {
  data?: unknown;
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

const ids = new WeakMap<DocumentNode, { id: string; name: string }>();

/** The trusted document id of a saved operation's typed document, and its name. */
export function documentId(document: DocumentNode): { id: string; name: string } {
  let known = ids.get(document);
  if (!known) {
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    known = { id: `sha256:${sha256hex(print(document))}`, name: operation?.name?.value ?? 'anonymous' };
    ids.set(document, known);
  }
  return known;
}

/**
 * What a GraphQL answer means to a page: its data, the input problems to show on the form when
 * every error is one the person can fix, or a GatewayError (thrown) for anything else.
 */
export function interpretResponse<R>(status: number, body: unknown): GatewayResult<R> {
  const response = (typeof body === 'object' && body !== null ? body : {}) as GraphQLResponse;
  const errors = Array.isArray(response.errors) ? response.errors : [];
  if (errors.length > 0) {
    const problems: InputProblem[] = [];
    for (const error of errors) {
      const extensions = error.extensions ?? {};
      const code = typeof extensions.code === 'string' ? extensions.code : '';
      if (!inputErrorCodes.has(code)) throw new GatewayError(`the gateway answered ${status} with ${code || 'an error'}: ${String(error.message)}`, status);
      const candidates = Array.isArray(extensions.candidates)
        ? extensions.candidates.filter((c): c is { code: string; name: string } => typeof c?.code === 'string' && typeof c?.name === 'string').map(({ code, name }) => ({ code, name }))
        : undefined;
      problems.push({
        code,
        message: String(error.message),
        ...(typeof extensions.field === 'string' ? { field: extensions.field } : {}),
        ...(candidates ? { candidates } : {}),
      });
    }
    return { problems };
  }
  if (status < 200 || status >= 300) throw new GatewayError(`the gateway answered ${status}`, status);
  if (typeof response.data !== 'object' || response.data === null) throw new GatewayError(`the gateway answered ${status} without data`, status);
  return { data: response.data as R };
}

export interface GatewayClient {
  /** Runs a saved operation; with `accessToken`, as the signed-in person (the token goes to the gateway, never to the browser). */
  execute<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, options?: { accessToken?: string }): Promise<GatewayResult<R>>;
}

/** A client for the gateway at `url` that sends each saved operation by its id. */
export function createGatewayClient(url: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): GatewayClient {
  return {
    async execute(document, variables, options = {}) {
      const { id, name } = documentId(document);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            'apollo-require-preflight': 'true',
            ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
          },
          body: JSON.stringify({ documentId: id, operationName: name, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new GatewayError(`the gateway at ${url} could not be reached for ${name}: ${(error as Error).message}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new GatewayError(`the gateway answered ${response.status} to ${name} with something that is not JSON`, response.status);
      }
      return interpretResponse(response.status, body);
    },
  };
}
