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

/** A field taken out of the operation. */
export interface Denial {
  /** Response keys from the operation's root, or from the root of `fragment` when set (no list indexes). */
  path: string[];
  /** The fragment the field was selected in, if any: its denials are found once, wherever it is spread. */
  fragment?: string;
  /** `Type.field` that was denied. */
  coordinate: string;
  code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN;
  message: string;
}

/** Where, in one selection set, denied fields are to be put back as null. */
export interface DenialPlan {
  /** Denied fields by response key. */
  denied: Map<string, Denial>;
  /** Plans for the selections under a response key (one per field node that has something denied below it). */
  fields: Map<string, DenialPlan[]>;
  /** Inline fragments with something denied in them, on the same object. */
  inline: DenialPlan[];
  /** Fragments spread here with something denied in them. */
  spreads: string[];
  /** A placeholder field stands in for a selection set whose every field was denied. */
  placeholder: boolean;
}

export interface Authorization {
  /** The operation to plan, without the denied fields (the original when nothing was denied). */
  document: DocumentNode;
  denials: Denial[];
  /** How to put the denied fields back into the answer (see applyDenials). */
  plan: { root: DenialPlan; fragments: Map<string, DenialPlan> };
}

/**
 * A selection set may not be empty: when every field of one is denied, this stands in for them. It
 * is taken out of the answer again, so `data` holds only what was asked for.
 */
export const placeholderKey = '_hubDeniedPlaceholder';
const placeholderField: FieldNode = {
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: placeholderKey },
  name: { kind: Kind.NAME, value: '__typename' },
};

const emptyPlan = (): DenialPlan => ({ denied: new Map(), fields: new Map(), inline: [], spreads: [], placeholder: false });
const isEmpty = (plan: DenialPlan) => plan.denied.size === 0 && plan.fields.size === 0 && plan.inline.length === 0 && plan.spreads.length === 0 && !plan.placeholder;

/** "business users", "users with one of these roles: partner, admin": who a rule admits, in words. */
function whoMay(rule: AccessRule): string {
  const groups = rule.scopes ?? [];
  const policies = (rule.policies ?? []).map((group) => group.join(' and '));
  if (groups.length === 1 && groups[0]!.length === 1 && policies.length === 0) return `signed-in ${groups[0]![0]} users`;
  const parts: string[] = [];
  if (groups.length > 0) parts.push(groups.length === 1 ? `the roles ${groups[0]!.join(' and ')}` : `one of these roles: ${groups.map((g) => g.join(' and ')).join(', ')}`);
  if (policies.length > 0) parts.push(`the access policy ${policies.join(' or ')}`);
  return parts.length === 0 ? 'signed-in users' : `signed-in users with ${parts.join(', and ')}`;
}

function denialMessage(code: Denial['code'], coordinate: string, rule: AccessRule | undefined, mutation: boolean): string {
  if (mutation && rule) return `Only ${whoMay(rule)} may call ${coordinate}.`;
  return code === ErrorCode.UNAUTHENTICATED ? `Sign in to read ${coordinate}: it is not public.` : `Your role may not read ${coordinate}.`;
}

/**
 * Takes out of the chosen operation every field the identity may not read. Linear in the document:
 * each fragment is pruned once (its type is fixed by its type condition) and its spreads are kept,
 * so a fragment spread a thousand times is still checked, and sent on, once.
 */
export function authorizeOperation(access: AccessRules, document: DocumentNode, operation: OperationDefinitionNode | undefined, identity: Identity, policies: Policies = {}): Authorization {
  const plan = { root: emptyPlan(), fragments: new Map<string, DenialPlan>() };
  const untouched = { document, denials: [], plan };
  if (!operation || access.rules.size === 0) return untouched;
  const rootType = access.schema.getRootType(operation.operation);
  if (!rootType) return untouched;
  const fragmentDefinitions = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const denials: Denial[] = [];
  const code = identity.kind === 'user' ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED;
  const mutation = operation.operation === 'mutation';

  const failedRule = (key: string): AccessRule | undefined => {
    const rule = access.rules.get(key);
    return rule && !allows(rule, identity, policies) ? rule : undefined;
  };

  /** Each fragment's pruned definition, in the order first reached; null while it is being pruned. */
  const pruned = new Map<string, FragmentDefinitionNode | null>();

  const pruneFragment = (name: string): boolean => {
    if (pruned.has(name)) return true;
    const fragment = fragmentDefinitions.get(name);
    if (!fragment) return false;
    pruned.set(name, null);
    const type = access.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
    const fragmentPlan = emptyPlan();
    const selectionSet = type ? prune(fragment.selectionSet, type, [], name, fragmentPlan) : fragment.selectionSet;
    pruned.set(name, { ...fragment, selectionSet });
    if (!isEmpty(fragmentPlan)) plan.fragments.set(name, fragmentPlan);
    return true;
  };

  const prune = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: string[], fragment: string | undefined, into: DenialPlan): SelectionSetNode => {
    const selections: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = name.startsWith('__') || !(isObjectType(parentType) || isInterfaceType(parentType)) ? undefined : parentType.getFields()[name];
        if (!field) {
          selections.push(selection);
          continue;
        }
        const responseKey = selection.alias?.value ?? name;
        const coordinate = `${parentType.name}.${name}`;
        const returnType = getNamedType(field.type);
        const rule = failedRule(coordinate) ?? failedRule(returnType.name);
        if (rule) {
          const denial: Denial = {
            path: [...path, responseKey],
            ...(fragment ? { fragment } : {}),
            coordinate,
            code,
            message: denialMessage(code, coordinate, rule, mutation && parentType === rootType),
          };
          denials.push(denial);
          if (!into.denied.has(responseKey)) into.denied.set(responseKey, denial);
          continue;
        }
        if (!selection.selectionSet) {
          selections.push(selection);
          continue;
        }
        const childPlan = emptyPlan();
        selections.push({ ...selection, selectionSet: prune(selection.selectionSet, returnType as GraphQLCompositeType, [...path, responseKey], fragment, childPlan) });
        if (!isEmpty(childPlan)) into.fields.set(responseKey, [...(into.fields.get(responseKey) ?? []), childPlan]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (access.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : parentType;
        const inlinePlan = emptyPlan();
        selections.push({ ...selection, selectionSet: type ? prune(selection.selectionSet, type, path, fragment, inlinePlan) : selection.selectionSet });
        if (!isEmpty(inlinePlan)) into.inline.push(inlinePlan);
      } else if (pruneFragment(selection.name.value)) {
        selections.push(selection);
        if (plan.fragments.has(selection.name.value) && !into.spreads.includes(selection.name.value)) into.spreads.push(selection.name.value);
      }
    }
    if (selections.length === 0) {
      into.placeholder = true;
      selections.push(placeholderField);
    }
    return { ...selectionSet, selections };
  };

  const selectionSet = prune(operation.selectionSet, rootType, [], undefined, plan.root);
  const fragments = [...pruned.values()].filter((f): f is FragmentDefinitionNode => f !== null);
  if (denials.length === 0) {
    // The planner reads every fragment of the document against the chosen operation's variables:
    // give it only that operation and the fragments it uses, so another operation's fragments
    // cannot fail it.
    const used = usedFragments(operation, fragmentDefinitions);
    if (document.definitions.length === 1 + used.length) return untouched;
    return { document: { kind: Kind.DOCUMENT, definitions: [operation, ...used] }, denials, plan };
  }
  return { document: { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet }, ...fragments] }, denials, plan };
}

/** The fragments an operation spreads, directly or through other fragments, each once: linear in the document. */
function usedFragments(operation: OperationDefinitionNode, definitions: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  for (let selectionSet = pending.pop(); selectionSet; selectionSet = pending.pop()) {
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FRAGMENT_SPREAD) {
        if (selection.selectionSet) pending.push(selection.selectionSet);
        continue;
      }
      const fragment = definitions.get(selection.name.value);
      if (!fragment || used.has(fragment.name.value)) continue;
      used.set(fragment.name.value, fragment);
      pending.push(fragment.selectionSet);
    }
  }
  return [...used.values()];
}

/**
 * Puts null where each denied field would have been, takes out placeholders, and returns an error
 * with the concrete path for each denied field. Walks the answer once: a fragment's plan is applied
 * to an object at most once, however many times the document spreads it there.
 */
export function applyDenials(data: Record<string, unknown> | null | undefined, plan: Authorization['plan']): GraphQLError[] {
  const errors: GraphQLError[] = [];
  const applied = new WeakMap<object, Set<string>>();
  const nulled = new WeakMap<object, Set<string>>();
  const once = (marks: WeakMap<object, Set<string>>, target: object, key: string): boolean => {
    let keys = marks.get(target);
    if (!keys) marks.set(target, (keys = new Set()));
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  };

  const visit = (value: unknown, selection: DenialPlan, path: (string | number)[]): void => {
    if (value === null || value === undefined || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, selection, [...path, index]));
      return;
    }
    const target = value as Record<string, unknown>;
    for (const name of selection.spreads) {
      const fragmentPlan = plan.fragments.get(name);
      if (fragmentPlan && once(applied, target, name)) visit(target, fragmentPlan, path);
    }
    for (const inline of selection.inline) visit(target, inline, path);
    for (const [key, plans] of selection.fields) for (const child of plans) visit(target[key], child, [...path, key]);
    if (selection.placeholder) delete target[placeholderKey];
    for (const [key, denial] of selection.denied) {
      if (!once(nulled, target, key)) continue;
      target[key] = null;
      errors.push(new GraphQLError(denial.message, { path: [...path, key], extensions: { code: denial.code } }));
    }
  };
  visit(data, plan.root, []);
  return errors;
}

/**
 * What decides an operation's authorization: whether the caller is signed in, its role and which
 * of the ids it acts for it carries. Scopes follow from the role, and the policies (policies.ts)
 * judge the same facts; a policy that read more of the identity would have to be part of this key.
 */
export function callerKind(identity: Identity): string {
  if (identity.kind !== 'user') return identity.kind;
  return `${identity.role}|${identity.businessId ? 'business' : ''}|${identity.organizationId ? 'organisation' : ''}`;
}

/** The Apollo Server plugin that enforces the rules for every operation, before planning. */
export function authorizationPlugin(access: AccessRules, policies: Policies = {}): ApolloServerPlugin<{ identity: Identity }> {
  /** Each operation's authorization for each kind of caller, with the pruned document's hash. */
  const decisions = new WeakMap<OperationDefinitionNode, Map<string, { result: Authorization; queryHash: string | undefined }>>();
  return {
    async requestDidStart() {
      let authorization: Authorization | undefined;
      return {
        async didResolveOperation(requestContext) {
          const { document, operation } = requestContext;
          const identity = requestContext.contextValue.identity;
          // A document is parsed once and its nodes reused by every request that sends it (the
          // server's document cache), so an operation is judged once for each kind of caller.
          let judged = operation ? decisions.get(operation) : undefined;
          if (operation && !judged) decisions.set(operation, (judged = new Map()));
          const key = callerKind(identity);
          let decision = judged?.get(key);
          if (!decision) {
            const result = authorizeOperation(access, document, operation, identity, policies);
            // The gateway plans (and caches plans by) the document and its hash: give it both for the pruned (or trimmed) one.
            decision = { result, queryHash: result.document === document ? undefined : createHash('sha256').update(print(result.document)).digest('hex') };
            judged?.set(key, decision);
          }
          const { result, queryHash } = decision;
          if (result.document === document) return;
          if (result.denials.length > 0) authorization = result;
          const writable = requestContext as unknown as { document: DocumentNode; queryHash: string; operation: OperationDefinitionNode };
          writable.document = result.document;
          writable.operation = result.document.definitions[0] as OperationDefinitionNode;
          writable.queryHash = queryHash!;
        },
        async willSendResponse(requestContext) {
          if (!authorization || requestContext.response.body.kind !== 'single') return;
          const result = requestContext.response.body.singleResult;
          const errors = applyDenials(result.data as Record<string, unknown> | null | undefined, authorization.plan);
          if (errors.length > 0) result.errors = [...(result.errors ?? []), ...errors.map((error) => error.toJSON())];
        },
      };
    },
  };
}
