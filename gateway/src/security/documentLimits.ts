// Limits on the GraphQL documents the gateway accepts: token count (before parsing), then depth,
// aliases, directives and cost, measured in one linear pass as a validation rule, before any other
// work on the document. Every rejection is QUERY_TOO_COMPLEX with a message that names the limit
// and, in `extensions.limit`, which one it is.
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@crimehub/common';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isObjectType,
  Kind,
  Lexer,
  parse,
  SchemaMetaFieldDef,
  Source,
  TokenKind,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { SecurityConfig } from './config.ts';

export type DocumentLimit = 'tokens' | 'depth' | 'aliases' | 'cost' | 'directives';

export function tooComplexMessage(detail: string): string {
  return `The query is too complex to run: ${detail} Ask for less in one request.`;
}

/**
 * Counts a document's lexical tokens, stopping as soon as there are more than `max`.
 * A document the lexer cannot read is left to the parser to report.
 */
export function exceedsTokenLimit(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++count > max) return true;
    }
  } catch {
    return false;
  }
  return false;
}

export function tokenLimitMessage(max: number): string {
  return tooComplexMessage(`a document may have at most ${max} tokens (names, punctuation, values).`);
}

const limitOrder: DocumentLimit[] = ['tokens', 'depth', 'aliases', 'directives', 'cost'];

/** What a field costs, from the supergraph's `@cost` and `@listSize` (Federation's demand-control directives). */
export interface FieldCost {
  /** `@cost(weight:)` on the field. */
  weight?: number;
  /** `@listSize(assumedSize:)`: the most items the list returns when no slicing argument says otherwise. */
  assumedSize?: number;
  /** `@listSize(slicingArguments:)`: arguments whose value is the list's length, e.g. `first`. */
  slicingArguments?: string[];
  /** `@listSize(sizedFields:)`: on a connection field, the lists of its type the slicing argument sizes (`edges`, `nodes`). */
  sizedFields?: string[];
}

export interface CostRules {
  /** Keyed by `Type.field`. */
  fields: Map<string, FieldCost>;
  /** `@cost(weight:)` on a type: what each object of it costs. */
  types: Map<string, number>;
  /** `Type.field` of every list a connection field sizes (e.g. `CourseConnection.nodes`): its size is the connection's. */
  sizedLists: Set<string>;
}

/** A list with no `@listSize` is assumed to hold this many items. */
export const defaultListSize = 10;

/** Reads `@cost` and `@listSize` from the composed supergraph's text. */
export function readCostRules(supergraphSdl: string): CostRules {
  const fields = new Map<string, FieldCost>();
  const types = new Map<string, number>();
  const sizedLists = new Set<string>();
  const intArg = (directive: DirectiveNode, name: string): number | undefined => {
    const arg = directive.arguments?.find((a) => a.name.value === name);
    return arg?.value.kind === Kind.INT ? Number(arg.value.value) : undefined;
  };
  const weightOf = (directives: readonly DirectiveNode[] | undefined) => {
    const cost = directives?.find((d) => d.name.value === 'cost');
    return cost ? intArg(cost, 'weight') : undefined;
  };
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeWeight = weightOf(definition.directives);
    if (typeWeight !== undefined) types.set(definition.name.value, typeWeight);
    for (const field of definition.fields ?? []) {
      const rule: FieldCost = {};
      const weight = weightOf(field.directives);
      if (weight !== undefined) rule.weight = weight;
      const listSize = field.directives?.find((d) => d.name.value === 'listSize');
      if (listSize) {
        const assumedSize = intArg(listSize, 'assumedSize');
        if (assumedSize !== undefined) rule.assumedSize = assumedSize;
        const slicing = listSize.arguments?.find((a) => a.name.value === 'slicingArguments');
        if (slicing?.value.kind === Kind.LIST) rule.slicingArguments = slicing.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
        const sized = listSize.arguments?.find((a) => a.name.value === 'sizedFields');
        if (sized?.value.kind === Kind.LIST) {
          rule.sizedFields = sized.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
          let type = field.type;
          while (type.kind !== Kind.NAMED_TYPE) type = type.type;
          for (const name of rule.sizedFields) sizedLists.add(`${type.name.value}.${name}`);
        }
      }
      if (Object.keys(rule).length > 0) fields.set(`${definition.name.value}.${field.name.value}`, rule);
    }
  }
  return { fields, types, sizedLists };
}

/** What one selection set asks for, with every fragment spread counted at each use. */
export interface Measure {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  /** What one item of the connection lists selected here (`edges`, `nodes`) costs: the connection field multiplies it by its size. */
  perItem: number;
}

const zero = (): Measure => ({ depth: 0, aliases: 0, directives: 0, cost: 0, perItem: 0 });

/** Counts past this are all "too many"; keeps sums of 2^n fragment uses finite and printable. */
const ceiling = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(ceiling, a + b);
const times = (a: number, b: number) => Math.min(ceiling, a * b);

function addInto(total: Measure, part: Measure): void {
  total.depth = Math.max(total.depth, part.depth);
  total.aliases = add(total.aliases, part.aliases);
  total.directives = add(total.directives, part.directives);
  total.cost = add(total.cost, part.cost);
  total.perItem = add(total.perItem, part.perItem);
}

/**
 * Measures every operation of a document in one pass that is linear in its size: each fragment is
 * measured once (its type is fixed by its type condition) and its measure reused at every spread,
 * so a fragment spread twice counts twice without being walked twice. Depth counts field nesting
 * (fragments add none); cost is Federation's demand-control model: an object costs 1 (or its
 * `@cost`), a scalar 0, and a list multiplies what each item costs by its size — the value of a
 * literal slicing argument, else `@listSize(assumedSize:)`, else the argument's default — so
 * nested lists multiply. Introspection (`__schema`, `__type`) adds no depth and its lists count
 * one item, as it is answered by the gateway itself from the schema.
 */
export function measureDocument(schema: GraphQLSchema, document: DocumentNode, costs: CostRules): Measure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measured = new Map<string, Measure>();

  const listSize = (field: FieldNode, fieldDef: GraphQLField<unknown, unknown>, rule: FieldCost | undefined): number => {
    let size: number | undefined;
    for (const name of rule?.slicingArguments ?? []) {
      const given = field.arguments?.find((arg) => arg.name.value === name);
      let value: number | undefined;
      if (given?.value.kind === Kind.INT) value = Number(given.value.value);
      // A variable is only known at run time: assume the worst the schema admits.
      else if (given) value = rule?.assumedSize;
      else {
        const fallback = fieldDef.args.find((arg) => arg.name === name)?.defaultValue;
        value = typeof fallback === 'number' ? fallback : rule?.assumedSize;
      }
      if (value !== undefined) size = Math.max(size ?? 0, value);
    }
    return Math.max(0, size ?? rule?.assumedSize ?? defaultListSize);
  };

  const measureSelections = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined): Measure => {
    const total = zero();
    const introspection = parentType !== undefined && isIntrospectionType(parentType);
    for (const selection of selectionSet.selections) {
      total.directives = add(total.directives, selection.directives?.length ?? 0);
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (selection.alias && selection.alias.value !== '__typename' && name !== '__typename') total.aliases = add(total.aliases, 1);
        const fieldDef = fieldDefinition(parentType, name);
        const returnType = fieldDef ? getNamedType(fieldDef.type) : undefined;
        const child = selection.selectionSet ? measureSelections(selection.selectionSet, returnType) : zero();
        const intoIntrospection = returnType !== undefined && isIntrospectionType(returnType) && !introspection;
        const depth = introspection || intoIntrospection ? 0 : 1 + child.depth;
        let cost = child.cost;
        let perItem = 0;
        if (returnType && isCompositeType(returnType)) {
          const coordinate = parentType ? `${parentType.name}.${name}` : '';
          const rule = costs.fields.get(coordinate);
          const weight = rule?.weight ?? costs.types.get(returnType.name) ?? 1;
          cost = add(weight, child.cost);
          // A connection's lists are as long as the connection says (its `first`), not as their own field would.
          if (child.perItem > 0 && fieldDef) cost = add(cost, times(child.perItem, rule?.sizedFields ? listSize(selection, fieldDef, rule) : defaultListSize));
          if (fieldDef && isListType(getNullableType(fieldDef.type))) {
            if (costs.sizedLists.has(coordinate) && !introspection) [perItem, cost] = [cost, 0];
            else cost = times(cost, introspection || intoIntrospection ? 1 : listSize(selection, fieldDef, rule));
          }
        }
        addInto(total, { depth, aliases: child.aliases, directives: child.directives, cost, perItem });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        addInto(total, measureSelections(selection.selectionSet, type ?? undefined));
      } else {
        addInto(total, measureFragment(selection.name.value));
      }
    }
    return total;
  };

  const measureFragment = (name: string): Measure => {
    const known = measured.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown fragments and cycles are refused by the standard validation rules; count them as nothing.
    measured.set(name, zero());
    if (!fragment) return zero();
    const measure = measureSelections(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
    measure.directives = add(measure.directives, fragment.directives?.length ?? 0);
    measured.set(name, measure);
    return measure;
  };

  const worst = zero();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const measure = measureSelections(definition.selectionSet, schema.getRootType(definition.operation) ?? undefined);
    measure.directives = add(measure.directives, definition.directives?.length ?? 0);
    worst.depth = Math.max(worst.depth, measure.depth);
    worst.aliases = Math.max(worst.aliases, measure.aliases);
    worst.directives = Math.max(worst.directives, measure.directives);
    worst.cost = Math.max(worst.cost, measure.cost);
  }
  return worst;
}

function fieldDefinition(parentType: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema') return SchemaMetaFieldDef;
  if (name === '__type') return TypeMetaFieldDef;
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parentType && (isObjectType(parentType) || isInterfaceType(parentType))) return parentType.getFields()[name];
  return undefined;
}

const printCount = (n: number) => (n >= ceiling ? `more than ${ceiling}` : String(Math.round(n)));

/** The first limit a document's measure exceeds, most actionable first (depth and aliases say what to change, cost does not). */
export function exceededLimit(measure: Measure, config: SecurityConfig): { limit: DocumentLimit; message: string } | undefined {
  const checks: [DocumentLimit, number, number, string][] = [
    ['depth', measure.depth, config.maxDepth, 'Query depth limit'],
    ['aliases', measure.aliases, config.maxAliases, 'Aliases limit'],
    ['directives', measure.directives, config.maxDirectives, 'Directives limit'],
    ['cost', measure.cost, config.maxCost, 'Query Cost limit'],
  ];
  const over = checks.filter(([, found, max]) => found > max).sort((a, b) => limitOrder.indexOf(a[0]) - limitOrder.indexOf(b[0]))[0];
  if (!over) return undefined;
  const [limit, found, max, label] = over;
  return { limit, message: tooComplexMessage(`${label} of ${max} exceeded, found ${printCount(found)}.`) };
}

/** The error a refused document gets; it stays QUERY_TOO_COMPLEX through Apollo Server's validation wrapper (see restoreLimitCode). */
class DocumentLimitError extends GraphQLError {}

/**
 * The document limits as one validation rule: it runs with GraphQL's own validation, before
 * `didResolveOperation`, so no plugin (authorization, introspection) and no query planner ever
 * sees a refused document, and Apollo Server caches a document only once it passed.
 */
export function documentLimitsRule(config: SecurityConfig, costs: CostRules): ValidationRule {
  return (context: ValidationContext) => ({
    Document: {
      enter(document) {
        const problem = exceededLimit(measureDocument(context.getSchema(), document, costs), config);
        if (problem) context.reportError(new DocumentLimitError(problem.message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: problem.limit } }));
      },
    },
  });
}

/**
 * Apollo Server reports every validation error as GRAPHQL_VALIDATION_FAILED; a document limit
 * keeps its own code. For the gateway's `formatError`.
 */
export function restoreLimitCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (!(original instanceof DocumentLimitError)) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.QUERY_TOO_COMPLEX } };
}

/**
 * In production, validation errors stop suggesting field, argument and enum names ("Did you
 * mean …?"), which would map the schema for someone who may not introspect it. Only validation
 * errors are touched: a subgraph's own suggestions (e.g. for a mistyped crime type) stay.
 */
export function hideSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            for (const error of errors ?? []) {
              error.message = error.message.replace(/\s*Did you mean [^?]*\?/g, '');
            }
          };
        },
      };
    },
  };
}
