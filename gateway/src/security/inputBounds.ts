// Bounds on every identifier and text value a request carries — argument literals, variable
// defaults and variable values, through input objects and lists — checked once the operation is
// known and before any subgraph is asked. An ID or enum value may be MAX_ID_LENGTH characters, any
// other string MAX_STRING_LENGTH (the longest text any input takes: a crime narrative or an
// enquiry's message), and no string may hold NUL, which no database column can store. Work done on
// a value downstream (a look-up, a "did you mean") therefore never grows with what a client sends.
// Values of the graph's own scalars (DateTime, Date, Decimal, Postcode) are checked here too, by the
// same code the subgraphs use, so a bad one is refused with its scalar's code (INVALID_POSTCODE,
// BAD_USER_INPUT) and its field: a subgraph refusing a variable answers HTTP 400, which reaches a
// client through the gateway only as the gateway's own failure.
import type { ApolloServerPlugin } from '@apollo/server';
import { DateScalar, DateTimeScalar, DecimalScalar, ErrorCode, PostcodeScalar, type EnvReader } from '@crimehub/common';
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
  /** The error code, when not BAD_USER_INPUT (a scalar's own, e.g. INVALID_POSTCODE). */
  code?: string;
}

/** The graph's custom scalars, by name, as every subgraph implements them (common/src/scalars.ts). */
const customScalars = new Map<string, GraphQLScalarType>([DateTimeScalar, DateScalar, DecimalScalar, PostcodeScalar].map((scalar) => [scalar.name, scalar]));

/** The custom scalar a value of this type is (inside lists and non-nulls), if it is one. */
function customScalarOf(type: GraphQLInputType | undefined): GraphQLScalarType | undefined {
  const named = type === undefined ? undefined : unwrap(type);
  return named !== undefined && isScalarType(named) ? customScalars.get(named.name) : undefined;
}

/** Runs a scalar's parser; its refusal becomes the problem, with the scalar's code and message. */
function checkScalar(parse: () => unknown, field: string, label: string): void {
  try {
    parse();
  } catch (error) {
    const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : ErrorCode.BAD_USER_INPUT;
    throw new Refused({ field, code, message: `${label}: ${(error as Error).message}` });
  }
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
  const scalar = customScalarOf(type);
  if (scalar) checkScalar(() => scalar.parseValue(value), field, label);
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

/** Walks a literal; variables inside it are checked with the variables' values. */
function checkLiteral(node: ValueNode, type: GraphQLInputType | undefined, bounds: InputBounds, path: string, label: string): void {
  const scalar = customScalarOf(type);
  if (scalar && node.kind !== Kind.STRING && node.kind !== Kind.LIST && node.kind !== Kind.NULL && node.kind !== Kind.VARIABLE) {
    checkScalar(() => scalar.parseLiteral(node), path, `${label}${path}`);
  } else if (node.kind === Kind.STRING) checkString(node.value, type, bounds, path, `${label}${path}`);
  else if (node.kind === Kind.LIST) node.values.forEach((item, index) => checkLiteral(item, itemType(type), bounds, `${path}.${index}`, label));
  else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) checkLiteral(field.value, fieldType(type, field.name.value), bounds, `${path}.${field.name.value}`, label);
  }
}

/** Walks a variable's JSON value; strings where the schema has none get the string limit. */
function checkVariable(value: unknown, type: GraphQLInputType | undefined, bounds: InputBounds, path: string): void {
  const scalar = customScalarOf(type);
  if (scalar && typeof value !== 'string' && value !== null && !Array.isArray(value)) checkScalar(() => scalar.parseValue(value), path, `Variable $${path}`);
  else if (typeof value === 'string') checkString(value, type, bounds, path, `Variable $${path}`);
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

/** Refuses an operation with an over-long, NUL-holding or malformed value: HTTP 400, BAD_USER_INPUT (or the scalar's code) naming it. */
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
