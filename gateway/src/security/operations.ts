// A request must say which one operation of its document to run, and it must be one the hub can
// run (a query or a mutation). Apollo Gateway only finds out while executing and answers HTTP 500;
// these are the client's mistakes, refused with 400 OPERATION_RESOLUTION_FAILURE before any work.
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@crimehub/common';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';

/** Names from the request are shown, never echoed at length. */
const shown = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);

/** Why the request's operation cannot run, or undefined when it can. */
export function operationProblem(document: DocumentNode, operationName: string | null | undefined, resolved: { operation: string } | undefined): string | undefined {
  if (resolved) return resolved.operation === 'subscription' ? 'Subscriptions are not supported: the hub answers queries and mutations.' : undefined;
  const operations = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d] : []));
  const names = operations.flatMap((op) => (op.name ? [shown(op.name.value)] : []));
  const listed = names.length > 0 ? ` Its named operations: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}.` : '';
  if (operations.length === 0) return 'The document has no operation to run.';
  if (operationName) return `The document has no operation named ${shown(operationName)}.${listed}`;
  return `The document has ${operations.length} operations: say which one to run in \`operationName\`.${listed}`;
}

/** Refuses, with 400 OPERATION_RESOLUTION_FAILURE, a request whose operation cannot be resolved or is a subscription. */
export function operationResolutionPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          const problem = operationProblem(document, request.operationName, operation);
          if (problem) throw new GraphQLError(problem, { extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
        },
      };
    },
  };
}
