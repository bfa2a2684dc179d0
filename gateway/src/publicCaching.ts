// Cache headers on the gateway's answers, for browsers and CDNs. An anonymous GET of a query whose
// every root field has a cache hint below (public data: reference data, the directory, help)
// (`@cacheControl` in the partners' SDL, readCacheHints below)
// answers `Cache-Control: public, max-age=<the smallest hint>` with an `ETag` (a hash of the
// body) and `Vary: Authorization`; `If-None-Match` with that ETag gets 304 and no body. Any other
// answer says `no-store`, and `private, no-store` to a signed-in caller (an Authorization header):
// a POST, a mutation, an answer with an error (a field the caller may not read included), or a
// root field with no hint. Apollo Server's own cache-control plugin is off (createGateway.ts):
// the subgraphs send no hints (common/src/servers.ts), so it could only ever say no-store.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { CacheNote } from './responseCache.ts';
import { Kind, parse, print, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The longest hint a partner may give (a day): past that, a correction would take too long to reach clients. */
export const maxCacheHintSeconds = 86_400;

/**
 * How long (seconds) a public answer may be reused, by root field: the `@cacheControl(maxAge:)`
 * each partner writes on its root fields in its subgraph SDL (composed into the supergraph with
 * `@composeDirective`). Reference data changes only on seed or import (300 s); the directory and
 * help as partners edit them (60 s); training sessions as they are booked (30 s). Every hinted
 * field must be one anyone may read (publicCaching.test.ts checks the schema). A hint that is not
 * a whole number of seconds from 1 to a day stops the gateway at start.
 */
export function readCacheHints(supergraphSdl: string): Record<string, number> {
  const hints: Record<string, number> = {};
  for (const definition of parse(supergraphSdl).definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== 'Query') continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'cacheControl');
      if (!directive) continue;
      const value = directive.arguments?.find((argument) => argument.name.value === 'maxAge')?.value;
      const seconds = value?.kind === Kind.INT ? Number(value.value) : Number.NaN;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxCacheHintSeconds) {
        throw new Error(`Query.${field.name.value} has @cacheControl(maxAge: ${value ? print(value) : 'missing'}): a hint is a whole number of seconds from 1 to ${maxCacheHintSeconds}`);
      }
      hints[field.name.value] = seconds;
    }
  }
  return hints;
}

/**
 * The max-age (seconds) of a query's answer from the hints of its root fields (through fragments),
 * or undefined when it may not be cached: a mutation or subscription, introspection, or a root field
 * with no hint. A query of `__typename` alone is not worth caching either.
 */
export function publicMaxAge(operation: OperationDefinitionNode | undefined, document: DocumentNode, hints: Readonly<Record<string, number>>): number | undefined {
  if (operation?.operation !== 'query') return undefined;
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [])));
  let maxAge = Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const hint = Object.hasOwn(hints, name) ? hints[name] : undefined;
        if (hint === undefined) return false;
        maxAge = Math.min(maxAge, hint);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(selection.selectionSet)) return false;
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment = fragments.get(name);
        if (!fragment || !visit(fragment)) return false;
      }
    }
    return true;
  };
  if (!visit(operation.selectionSet) || !Number.isFinite(maxAge) || maxAge <= 0) return undefined;
  return maxAge;
}

export const noStore = 'no-store';
export const privateNoStore = 'private, no-store';

/** Sets each answer's Cache-Control (see the top of this file); the ETag and 304 are publicCaching's, on the way out. */
export function cacheControlPlugin(hints: Readonly<Record<string, number>>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let maxAge: number | undefined;
      return {
        async didResolveOperation({ operation, document }) {
          maxAge = publicMaxAge(operation, document, hints);
        },
        async willSendResponse({ request, response, contextValue }) {
          const { headers } = response.http;
          const signedIn = request.http?.headers.get('authorization') != null;
          const publicAnswer = !signedIn && maxAge !== undefined && (response.http.status ?? 200) === 200 && response.body.kind === 'single' && !response.body.singleResult.errors;
          // The gateway's own response cache keeps a public answer, GET or POST (responseCache.ts).
          const note = (contextValue as { cacheNote?: CacheNote }).cacheNote;
          if (note && publicAnswer) note.maxAge = maxAge;
          headers.set('cache-control', publicAnswer && request.http?.method === 'GET' ? `public, max-age=${maxAge}` : signedIn ? privateNoStore : noStore);
        },
      };
    },
  };
}

/** The ETag of an answer's body: a quoted hash. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-None-Match header names `etag` (weak or strong, in a list, or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * On the way out of the GraphQL route: an ETag and `Vary: Authorization` on a public answer, 304
 * with no body when the caller already has it; `no-store` (or `private, no-store`) on anything
 * that has no Cache-Control yet (a refusal before Apollo Server, say).
 */
export function registerPublicCaching(app: FastifyInstance, graphqlPath = '/graphql'): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== graphqlPath) return payload;
    const cacheControl = reply.getHeader('cache-control');
    const isPublic = typeof cacheControl === 'string' && cacheControl.startsWith('public');
    // Not set by Apollo Server (a refusal before it), or an answer replaced since (the size limit).
    if (cacheControl === undefined || (isPublic && reply.statusCode !== 200)) {
      reply.header('cache-control', request.headers.authorization === undefined ? noStore : privateNoStore);
      return payload;
    }
    if (!isPublic || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const vary = reply.getHeader('vary');
    const varies = typeof vary === 'string' ? vary.split(',').map((name) => name.trim().toLowerCase()) : [];
    if (!varies.includes('authorization')) reply.header('vary', varies.length > 0 ? `${vary as string}, Authorization` : 'Authorization');
    if (!matchesEtag(request.headers['if-none-match'], etag)) return payload;
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return '';
  });
}
