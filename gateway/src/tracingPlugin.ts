// Names the gateway's server span of a GraphQL request after its operation (`graphql <name>`) and
// records what the hub knows of it: operation name and type, the document's id (its SHA-256, as
// saved operations and persisted queries name it) and the caller's kind. The span itself is made
// per HTTP request (common/src/tracing.ts), which also sets the HTTP status. Nothing when tracing is off.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './createGateway.ts';

export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = contextValue.span;
      if (!span) return;
      span.setAttribute('hub.caller.kind', contextValue.identity.kind);
      return {
        async didResolveOperation({ operationName, operation, queryHash }) {
          const name = operationName ?? 'anonymous';
          span.updateName(`graphql ${name}`);
          span.setAttributes({ 'graphql.operation.name': name, 'graphql.operation.type': operation?.operation ?? 'unknown', 'graphql.document.id': queryHash });
        },
      };
    },
  };
}
