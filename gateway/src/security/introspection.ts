// Who may introspect the schema (`__schema`, `__type`; `__typename` is always fine).
// `on`: everyone (the development default). `off`: no one. `partners` (the production default):
// signed-in partner staff, analysts and administrators only. Refused before execution.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, type Identity, type Role } from '@crimehub/common';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { IntrospectionPolicy } from './config.ts';

/** Roles that may introspect when the policy is `partners`. */
export const introspectionRoles: readonly Role[] = ['partner', 'analyst', 'admin'];

const introspectionFields = new Set(['__schema', '__type']);

/** Whether the operation selects `__schema` or `__type` anywhere, fragments included. */
export function selectsIntrospection(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (introspectionFields.has(selection.name.value)) return true;
        if (selection.selectionSet && visit(selection.selectionSet)) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (visit(selection.selectionSet)) return true;
      } else {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment = fragments.get(name);
        if (fragment && visit(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return visit(operation.selectionSet);
}

/** Why this caller may not introspect under this policy, or undefined when they may. */
export function introspectionRefusal(policy: IntrospectionPolicy, identity: Identity): GraphQLError | undefined {
  if (policy === 'on') return undefined;
  if (policy === 'partners' && identity.kind === 'user' && introspectionRoles.includes(identity.role)) return undefined;
  if (policy === 'partners' && identity.kind === 'anonymous') {
    return new GraphQLError('Introspection is open only to signed-in partner staff, analysts and administrators: send `Authorization: Bearer <token>`.', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } },
    });
  }
  const message =
    policy === 'off'
      ? 'Introspection is turned off on this endpoint; the schema is documented in the hub repository (schema/supergraph.graphql).'
      : 'Introspection is open only to partner staff, analysts and administrators.';
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } } });
}

/** Refuses operations that introspect when the caller may not. */
export function introspectionPlugin(policy: IntrospectionPolicy): ApolloServerPlugin<{ identity: Identity }> {
  return {
    async requestDidStart() {
      if (policy === 'on') return;
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation || !selectsIntrospection(operation, document)) return;
          const refusal = introspectionRefusal(policy, contextValue.identity);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
