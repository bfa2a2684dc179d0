// Bounds on every identifier and text value a request carries — argument literals, variable
// defaults and variable values, through input objects and lists — checked once the operation is
// known and before any subgraph is asked. An ID or enum value may be MAX_ID_LENGTH characters, any
// other string MAX_STRING_LENGTH (the longest text any input takes: a crime narrative or an
// enquiry's message), and no string may hold NUL, which no database column can store. Work done on
// a value downstream (a look-up, a "did you mean") therefore never grows with what a client sends.
// Values of the hub's own scalars (Postcode, DateTime, Date, Decimal) are checked here too, by the
// same code the subgraphs run: the gateway's schema knows them only by name, and a subgraph's
// refusal of a variable would reach the client as an unexplained HTTP 400 from that subgraph.
import type { ApolloServerPlugin } from '@apollo/server';
import { customScalars, ErrorCode, type EnvReader } from '@crimehub/common';
import {
  getNullableType,
  GraphQLError,
  GraphQLID,
  isEnumType,
  isInputObjectType,
  isListType,
  isScalarType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

export interface InputBounds {
  /** `MAX_ID_LENGTH`: the longest ID or enum value accepted. */
  maxIdLength: number;
  /** `MAX_STRING_LENGTH`: the longest other string accepted. */
  maxStringLength: number;
}

export function readInputBounds(read: EnvReader): InputBounds {
  return {
    maxIdLength: read.integer('MAX_ID_LENGTH', 128, { min: 8, max: 100_000 }),
    maxStringLength: read.integer('MAX_STRING_LENGTH', 4000, { min: 100, max: 10_000_000 }),
  };
}

interface Problem {
  /** Dotted path of the value: the argument (`input.narrative`) or the variable (`input.narrative` of `$input`). */
  field: string;
  message: string;
  maxLength?: number;
  /** The scalar's own code for a value it refuses (e.g. INVALID_POSTCODE); BAD_USER_INPUT otherwise. */
  code?: string;
}

/** Stops the walk at the first problem. */
class Refused extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

function checkString(value: string, type: GraphQLInputType | undefined, bounds: InputBounds, field: string, label: string): void {
  const named = type === undefined ? undefined : unwrap(type);
  const identifier = named === GraphQLID || (named !== undefined && isEnumType(named));
  const maxLength = identifier ? bounds.maxIdLength : bounds.maxStringLength;
  if (value.length > maxLength) {
    const kind = identifier ? 'an ID' : 'a string';
    throw new Refused({ field, maxLength, message: `${label} is ${value.length} characters long; ${kind} may have at most ${maxLength}.` });
  }
  if (value.includes('\u0000')) throw new Refused({ field, message: `${label} contains a NUL character (\\u0000), which no input accepts; remove it.` });
}

/** The type inside lists and non-nulls. */
function unwrap(type: GraphQLInputType): GraphQLInputType {
  let current = getNullableType(type) as GraphQLInputType;
  while (isListType(current)) current = getNullableType(current.ofType) as GraphQLInputType;
  return current;
}

/** The type of a list's items, or the type itself (a single value where a list is expected is coerced to one). */
function itemType(type: GraphQLInputType | undefined): GraphQLInputType | undefined {
  const nullable = type === undefined ? undefined : getNullableType(type);
  return nullable !== undefined && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : (nullable as GraphQLInputType | undefined);
}

function fieldType(type: GraphQLInputType | undefined, name: string): GraphQLInputType | undefined {
  const nullable = type === undefined ? undefined : getNullableType(type);
  return nullable !== undefined && isInputObjectType(nullable) ? nullable.getFields()[name]?.type : undefined;
}

const hubScalars = new Map<string, GraphQLScalarType>(Object.entries(customScalars));

/** The hub's implementation of a value's scalar type (not of a list of it), if it is one of the hub's scalars. */
function hubScalarOf(type: GraphQLInputType | undefined): GraphQLScalarType | undefined {
  const nullable = type === undefined ? undefined : getNullableType(type);
  return nullable !== undefined && isScalarType(nullable) ? hubScalars.get(nullable.name) : undefined;
}

/** Runs a scalar's parse; its refusal becomes the problem, with the scalar's code and the value's path. */
function checkScalar(parse: () => unknown, field: string, label: string): void {
  try {
    parse();
  } catch (error) {
    const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : ErrorCode.BAD_USER_INPUT;
    throw new Refused({ field, code, message: `${label}: ${(error as Error).message}` });
  }
}

/** Walks a literal; variables inside it are checked with the variables' values. */
function checkLiteral(node: ValueNode, type: GraphQLInputType | undefined, bounds: InputBounds, path: string, label: string): void {
  if (node.kind === Kind.STRING) checkString(node.value, type, bounds, path, `${label}${path}`);
  const scalar = hubScalarOf(type);
  if (scalar && node.kind !== Kind.VARIABLE && node.kind !== Kind.NULL) checkScalar(() => scalar.parseLiteral(node), path, `${label}${path}`);
  else if (node.kind === Kind.LIST) node.values.forEach((item, index) => checkLiteral(item, itemType(type), bounds, `${path}.${index}`, label));
  else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) checkLiteral(field.value, fieldType(type, field.name.value), bounds, `${path}.${field.name.value}`, label);
  }
}

/** Walks a variable's JSON value; strings where the schema has none get the string limit. */
function checkVariable(value: unknown, type: GraphQLInputType | undefined, bounds: InputBounds, path: string): void {
  if (typeof value === 'string') checkString(value, type, bounds, path, `Variable $${path}`);
  const scalar = hubScalarOf(type);
  if (scalar && value !== null && value !== undefined) checkScalar(() => scalar.parseValue(value), path, `Variable $${path}`);
  else if (Array.isArray(value)) value.forEach((item, index) => checkVariable(item, itemType(type), bounds, `${path}.${index}`));
  else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) checkVariable(item, fieldType(type, name), bounds, `${path}.${name}`);
  }
}

/**
 * The first value of the operation (its literals, those of the fragments, and its variables) over
 * a bound, or undefined. Each definition is visited once, so the work is linear in the document
 * and the variables.
 */
export function findInputProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  bounds: InputBounds,
): Problem | undefined {
  try {
    const literal = literalProblems.get(operation);
    if (literal && literal.schema === schema && literal.bounds === bounds) {
      if (literal.problem) return literal.problem;
    } else {
      const problem = findLiteralProblem(schema, document, operation, bounds);
      literalProblems.set(operation, { schema, bounds, problem });
      if (problem) return problem;
    }
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (variables && Object.hasOwn(variables, name)) checkVariable(variables[name], typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined, bounds, name);
    }
    return undefined;
  } catch (error) {
    if (error instanceof Refused) return error.problem;
    throw error;
  }
}

/**
 * What the literals of an operation (and its fragments and variables' defaults) gave, for each
 * operation node: a document is parsed once and its nodes reused for every request that sends it
 * (the server's document cache), so its literals are judged once; only variables change per request.
 */
const literalProblems = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; bounds: InputBounds; problem: Problem | undefined }>();

function findLiteralProblem(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, bounds: InputBounds): Problem | undefined {
  try {
    const typeInfo = new TypeInfo(schema);
    const definitions = document.definitions.filter((definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition === operation);
    for (const definition of definitions) {
      visit(
        definition,
        visitWithTypeInfo(typeInfo, {
          VariableDefinition(node) {
            if (node.defaultValue) checkLiteral(node.defaultValue, typeFromAST(schema, node.type as never) as GraphQLInputType | undefined, bounds, node.variable.name.value, 'Variable $');
            return false;
          },
          Argument(node) {
            checkLiteral(node.value, typeInfo.getArgument()?.type, bounds, node.name.value, 'Argument ');
            return false;
          },
        }),
      );
    }
    return undefined;
  } catch (error) {
    if (error instanceof Refused) return error.problem;
    throw error;
  }
}

/** Refuses an operation with an over-long or NUL-holding value, or a bad scalar value: HTTP 400, BAD_USER_INPUT (or the scalar's code) naming it. */
export function inputBoundsPlugin(bounds: InputBounds): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problem = findInputProblem(schema, document, operation, request.variables, bounds);
          if (problem) {
            throw new GraphQLError(problem.message, {
              extensions: {
                code: problem.code ?? ErrorCode.BAD_USER_INPUT,
                field: problem.field,
                ...(problem.maxLength ? { maxLength: problem.maxLength } : {}),
                http: { status: 400 },
              },
            });
          }
        },
      };
    },
  };
}
