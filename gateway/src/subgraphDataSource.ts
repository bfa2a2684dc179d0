// How the gateway talks to one subgraph: a RemoteGraphQLDataSource with a deadline
// (subgraphFetcher.ts) that forwards who is asking and signs every request, so that
// subgraphs can trust only the gateway (see common/src/signing.ts).
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { anonymous, contextWithSpan, deadlineHeader, encodeIdentity, ErrorCode, injectTraceContext, signingHeaders, type Identity } from '@crimehub/common';
import type { Span } from '@opentelemetry/api';
import type { FastifyBaseLogger } from 'fastify';
import { GraphQLError, Kind, OperationTypeNode, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { GatewayConfig } from './config.ts';
import type { SubgraphName } from './composeSupergraph.ts';
import { createSubgraphFetcher, responsePathHeader, shareableHeader, type SubgraphWatch } from './subgraphFetcher.ts';

/** What the data source reads from the gateway's per-request context (see createGateway.ts). */
interface RequestContext {
  identity?: Identity;
  /** When the gateway stops working on the request (epoch milliseconds). */
  deadline?: number;
  /** The request's server span, when tracing is on. */
  span?: Span;
  /** The response cache's note: the subgraphs this request calls (responseCache.ts). */
  cacheNote?: { subgraphs: Set<string> };
}

export function createSubgraphDataSource(name: string, config: GatewayConfig, log: FastifyBaseLogger, watch: SubgraphWatch = {}): RemoteGraphQLDataSource<RequestContext> {
  return new RemoteGraphQLDataSource<RequestContext>({
    url: config.subgraphUrls[name as SubgraphName],
    // The fetcher signs: only it sees the body exactly as it is sent.
    fetcher: createSubgraphFetcher(name, config.subgraphTimeoutMs, log, config.signing, watch, { dedup: config.subgraphDedup }),
    willSendRequest(options) {
      const { request, context } = options;
      context?.cacheNote?.subgraphs.add(name);
      // The caller's identity from the Apollo context; the gateway's own calls have none.
      request.http?.headers.set(signingHeaders.identity, encodeIdentity(context?.identity ?? anonymous));
      // The request's deadline, for the fetcher (which stops waiting at it) and the subgraph (which
      // stops working at it), and where this call's data goes, for an error if it never comes.
      if (context?.deadline !== undefined) request.http?.headers.set(deadlineHeader, String(context.deadline));
      // The request's trace, for the fetcher: its span for this call is a child of the request's.
      if (context?.span && request.http) injectTraceContext(request.http.headers, contextWithSpan(context.span));
      const document = 'pathInIncomingRequest' in options ? (options.document ?? fetchDocument(request.query)) : undefined;
      const path = 'pathInIncomingRequest' in options ? answerPath(options.pathInIncomingRequest, document) : undefined;
      if (path) request.http?.headers.set(responsePathHeader, JSON.stringify(path));
      // A query's answer may go to every identical request in flight (same caller, same body); a mutation's never.
      if (document && isQuery(document)) request.http?.headers.set(shareableHeader, '1');
    },
    async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
      if (response.status !== 401) return RemoteGraphQLDataSource.prototype.errorFromResponse.call(this, response);
      // The subgraph refused our signature: a deployment fault, not the caller's. Say why in the
      // log; the caller gets what an unreachable partner gives, with no URL or reason.
      const body = (await response.json().catch(() => undefined)) as { errors?: { message?: string }[] } | undefined;
      log.error(
        { serviceName: name, reason: body?.errors?.[0]?.message },
        'a subgraph refused the gateway signature: HUB_SIGNING_SECRET must be the same for the gateway and every subgraph, and their clocks in sync',
      );
      return new GraphQLError(`The ${name} service could not answer, so its part of the answer is missing. Please try again later.`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName: name },
      });
    },
  });
}

/**
 * Where a subgraph call's data goes in the answer: its place in the query plan (up to the first
 * list, `@`), and the one field it fetches when it fetches one (`help.trainingSessions`).
 */
export function answerPath(planPath: readonly (string | number)[] | undefined, document: DocumentNode | undefined): (string | number)[] | undefined {
  if (!planPath) return undefined;
  const listAt = planPath.indexOf('@');
  const path = listAt === -1 ? [...planPath, ...onlyField(document)] : planPath.slice(0, listAt);
  // No path at all (a root call for several fields): the error says which service, not where.
  return path.length > 0 ? path : undefined;
}

/** Whether a subgraph operation is a query (one operation, as the query planner writes them), never a mutation or subscription. */
export function isQuery(document: DocumentNode): boolean {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 && operations[0]!.kind === Kind.OPERATION_DEFINITION && operations[0]!.operation === OperationTypeNode.QUERY;
}

/** Parsed subgraph operations: the query planner reuses a few strings (it gives no document by default). */
const fetchDocuments = new Map<string, DocumentNode>();

function fetchDocument(query: string | undefined): DocumentNode | undefined {
  if (query === undefined) return undefined;
  let document = fetchDocuments.get(query);
  if (!document) {
    if (fetchDocuments.size >= 500) fetchDocuments.clear();
    document = parse(query);
    fetchDocuments.set(query, document);
  }
  return document;
}

/** The one field a subgraph call fetches, when it fetches one. */
function onlyField(document: DocumentNode | undefined): string[] {
  const operation = document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  // A call for entities selects its fields inside `_entities { ... on Type { … } }`.
  const root = operation.selectionSet.selections;
  const entities = root.length === 1 && root[0]!.kind === Kind.FIELD && root[0]!.name.value === '_entities' ? root[0]!.selectionSet : undefined;
  const fields = responseNames(entities ?? operation.selectionSet);
  return fields.length === 1 ? fields : [];
}

/** The response names a selection set asks for (through inline fragments), `__typename` aside. */
function responseNames(selectionSet: SelectionSetNode | undefined): string[] {
  const names = new Set<string>();
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value !== '__typename') names.add(selection.alias?.value ?? selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) for (const name of responseNames(selection.selectionSet)) names.add(name);
  }
  return [...names];
}
