// Enforces the access rules written in subgraph SDL — @authenticated, @requiresScopes and
// @policy, as composed into the supergraph — before a query plan runs. Apollo Gateway enforces
// none of them. Fields the caller may not read are taken out of the operation, so no subgraph is
// asked for them; each comes back null with an UNAUTHENTICATED or FORBIDDEN error carrying its
// path, and the rest of the answer still arrives.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, type Identity, scopesOf } from '@crimehub/common';
import {
  buildASTSchema,
  getNamedType,
  GraphQLError,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  print,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** What a type or field demands of the caller. Lists are OR of ANDs, as in Federation. */
export interface AccessRule {
  authenticated: boolean;
  scopes?: string[][];
  policies?: string[][];
}

/** Named checks for `@policy`; a policy that is not defined here is never met. */
export type Policies = Record<string, (identity: Identity) => boolean>;

export interface AccessRules {
  schema: GraphQLSchema;
  /** Keyed by `Type` (applies wherever the type is returned) or `Type.field`. */
  rules: Map<string, AccessRule>;
}

function readRule(directives: readonly DirectiveNode[] | undefined): AccessRule | undefined {
  let rule: AccessRule | undefined;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'authenticated' && name !== 'requiresScopes' && name !== 'policy') continue;
    rule ??= { authenticated: false };
    if (name === 'authenticated') rule.authenticated = true;
    const arg = directive.arguments?.[0];
    const value = arg ? (valueFromASTUntyped(arg.value) as string[][]) : [];
    if (name === 'requiresScopes') rule.scopes = value;
    if (name === 'policy') rule.policies = value;
  }
  return rule;
}

/** Reads every access rule from the composed supergraph's text. */
export function readAccessRules(supergraphSdl: string): AccessRules {
  const document = parse(supergraphSdl);
  const rules = new Map<string, AccessRule>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeRule = readRule(definition.directives);
    if (typeRule) rules.set(definition.name.value, typeRule);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        const fieldRule = readRule(field.directives);
        if (fieldRule) rules.set(`${definition.name.value}.${field.name.value}`, fieldRule);
      }
    }
  }
  return { schema: buildASTSchema(document, { assumeValidSDL: true }), rules };
}

const meetsAll = (have: (name: string) => boolean, groups: string[][] | undefined) => !groups || groups.some((group) => group.every(have));

/** Whether the identity satisfies a rule: authenticated, and one full set of scopes, and one full set of policies. */
export function allows(rule: AccessRule, identity: Identity, policies: Policies): boolean {
  if ((rule.authenticated || rule.scopes || rule.policies) && identity.kind !== 'user') return false;
  const scopes = new Set(scopesOf(identity));
  return meetsAll((scope) => scopes.has(scope), rule.scopes) && meetsAll((policy) => policies[policy]?.(identity) === true, rule.policies);
}

/** A field taken out of the operation, by its path of response keys (no list indexes). */
export interface Denial {
  path: string[];
  /** `Type.field` that was denied. */
  coordinate: string;
  code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN;
}

export interface Authorization {
  /** The operation to plan, without the denied fields (the original when nothing was denied). */
  document: DocumentNode;
  denials: Denial[];
}

const typenameField: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** Takes out of the chosen operation every field the identity may not read; inlines fragments on the way. */
export function authorizeOperation(access: AccessRules, document: DocumentNode, operationName: string | null | undefined, identity: Identity, policies: Policies = {}): Authorization {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
  if (!operation || access.rules.size === 0) return { document, denials: [] };
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const denials: Denial[] = [];
  const code = identity.kind === 'user' ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED;

  const ruleAllows = (key: string) => {
    const rule = access.rules.get(key);
    return !rule || allows(rule, identity, policies);
  };

  const prune = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: string[]): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(parentType) || isInterfaceType(parentType))) {
          selections.push(selection);
          continue;
        }
        const field = parentType.getFields()[name];
        const responseKey = selection.alias?.value ?? name;
        if (!field) {
          selections.push(selection);
          continue;
        }
        const returnType = getNamedType(field.type);
        if (!ruleAllows(`${parentType.name}.${name}`) || !ruleAllows(returnType.name)) {
          denials.push({ path: [...path, responseKey], coordinate: `${parentType.name}.${name}`, code });
          continue;
        }
        selections.push(selection.selectionSet ? { ...selection, selectionSet: prune(selection.selectionSet, returnType as GraphQLCompositeType, [...path, responseKey]) } : selection);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
        if (selection.kind === Kind.FRAGMENT_SPREAD && !fragment) continue;
        const typeCondition = selection.kind === Kind.FRAGMENT_SPREAD ? fragment!.typeCondition : selection.typeCondition;
        const fragmentType = typeCondition ? (access.schema.getType(typeCondition.name.value) as GraphQLCompositeType) : parentType;
        const body = selection.kind === Kind.FRAGMENT_SPREAD ? fragment!.selectionSet : selection.selectionSet;
        selections.push({ kind: Kind.INLINE_FRAGMENT, typeCondition, directives: selection.directives, selectionSet: prune(body, fragmentType, path) });
      }
    }
    return { ...selectionSet, selections: selections.length > 0 ? selections : [typenameField] };
  };

  const rootType = access.schema.getRootType(operation.operation);
  if (!rootType) return { document, denials: [] };
  const pruned = { ...operation, selectionSet: prune(operation.selectionSet, rootType, []) };
  if (denials.length === 0) return { document, denials };
  return { document: { kind: Kind.DOCUMENT, definitions: [pruned] }, denials };
}

/** Puts null where each denied field would have been, and an error with the concrete path for each. */
export function applyDenials(data: Record<string, unknown> | null | undefined, denials: Denial[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const denial of denials) {
    const visit = (value: unknown, keys: string[], concrete: (string | number)[]) => {
      if (value === null || value === undefined) return;
      if (Array.isArray(value)) {
        value.forEach((item, index) => visit(item, keys, [...concrete, index]));
        return;
      }
      if (typeof value !== 'object') return;
      const [key, ...rest] = keys;
      const target = value as Record<string, unknown>;
      if (rest.length > 0) {
        visit(target[key!], rest, [...concrete, key!]);
        return;
      }
      target[key!] = null;
      const message =
        denial.code === ErrorCode.UNAUTHENTICATED
          ? `Sign in to read ${denial.coordinate}: it is not public.`
          : `Your role may not read ${denial.coordinate}.`;
      errors.push(new GraphQLError(message, { path: [...concrete, key!], extensions: { code: denial.code } }));
    };
    visit(data, denial.path, []);
  }
  return errors;
}

/** The Apollo Server plugin that enforces the rules for every operation, before planning. */
export function authorizationPlugin(access: AccessRules, policies: Policies = {}): ApolloServerPlugin<{ identity: Identity }> {
  return {
    async requestDidStart() {
      let denials: Denial[] = [];
      return {
        async didResolveOperation(requestContext) {
          const { document, denials: denied } = authorizeOperation(access, requestContext.document, requestContext.operationName, requestContext.contextValue.identity, policies);
          if (denied.length === 0) return;
          denials = denied;
          // The gateway plans (and caches plans by) the document and its hash: give it both for the pruned one.
          const writable = requestContext as unknown as { document: DocumentNode; queryHash: string; operation: OperationDefinitionNode };
          writable.document = document;
          writable.operation = document.definitions[0] as OperationDefinitionNode;
          writable.queryHash = createHash('sha256').update(print(document)).digest('hex');
        },
        async willSendResponse(requestContext) {
          if (denials.length === 0 || requestContext.response.body.kind !== 'single') return;
          const result = requestContext.response.body.singleResult;
          const errors = applyDenials(result.data as Record<string, unknown> | null | undefined, denials);
          if (errors.length > 0) result.errors = [...(result.errors ?? []), ...errors.map((error) => error.toJSON())];
        },
      };
    },
  };
}
