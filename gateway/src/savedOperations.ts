// The saved operations in operations/: named GraphQL documents, one operation per file, in a
// folder per user group (operations/public/Help.graphql, …). They are the examples the explorer
// offers, the documents front ends send, and the gateway's trusted documents, each known by the
// sha256 of its canonical text (graphql-js `print` of the file). Read here, within bounds, for
// the gateway's start (security/trustedDocuments.ts), `npm run operations:check` and
// `npm run operations:manifest`.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '@crimehub/common';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  Source,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type ValidationRule,
} from 'graphql';

/** Where the saved operations live by default: `operations/` in the repository. */
export const operationsDir = path.join(repoRoot, 'operations');

/** What the gateway reads at start, at most: more is refused, so a stray folder cannot slow a start or fill its memory. */
export const savedOperationLimits = { maxFiles: 1000, maxFileBytes: 64 * 1024 };

export interface SavedOperation {
  /** The file, relative to the operations folder, with `/`: `public/Help.graphql`. */
  file: string;
  /** The operation's name: `Help`. */
  name: string;
  type: OperationTypeNode;
  /** The file's text as written. */
  text: string;
  /** The file parsed; its locations name the file. */
  document: DocumentNode;
  /** The canonical text, graphql-js `print` of the document: what front ends send and hash. */
  body: string;
  /** sha256 of `body`, hex: Apollo's persisted query hash; `sha256:<hash>` is the document id. */
  hash: string;
}

/** A problem with a saved operation, where it is. */
export interface OperationProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** `public/Help.graphql:3:5: message`, relative to the repository when `base` says where the folder is. */
export function formatOperationProblem(problem: OperationProblem, base = ''): string {
  const where = [path.posix.join(base, problem.file), problem.line, problem.column].filter((part) => part !== undefined).join(':');
  return `${where}: ${problem.message}`;
}

export const sha256hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The `.graphql` files under `dir`, relative, sorted; refused past `maxFiles`. Symbolic links are not followed. */
async function graphqlFiles(dir: string, maxFiles: number): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'generated') await walk(child);
      else if (entry.isFile() && entry.name.endsWith('.graphql')) {
        found.push(child);
        if (found.length > maxFiles) throw new Error(`${dir} holds more than ${maxFiles} .graphql files; the gateway reads at most ${maxFiles}`);
      }
    }
  };
  await walk('');
  return found;
}

function problemFrom(file: string, error: GraphQLError): OperationProblem {
  const location = error.locations?.[0];
  return { file, ...(location ? { line: location.line, column: location.column } : {}), message: error.message };
}

/**
 * Reads every saved operation under `dir`: each file must be at most `maxFileBytes`, parse, and
 * hold exactly one operation, named (fragments it uses may sit beside it). Throws when there are
 * more than `maxFiles`; answers every other problem, by file, with the operations that are fine.
 */
export async function readSavedOperations(dir: string = operationsDir, limits = savedOperationLimits): Promise<{ operations: SavedOperation[]; problems: OperationProblem[] }> {
  const operations: SavedOperation[] = [];
  const problems: OperationProblem[] = [];
  for (const file of await graphqlFiles(dir, limits.maxFiles)) {
    const full = path.join(dir, file);
    const { size } = await stat(full);
    if (size > limits.maxFileBytes) {
      problems.push({ file, message: `the file is ${size} bytes; a saved operation may be at most ${limits.maxFileBytes}` });
      continue;
    }
    const text = await readFile(full, 'utf8');
    let document: DocumentNode;
    try {
      document = parse(new Source(text, file));
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      problems.push(problemFrom(file, error));
      continue;
    }
    const definitions = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    if (definitions.length !== 1) {
      const second = definitions[1]?.loc?.startToken;
      problems.push({ file, ...(second ? { line: second.line, column: second.column } : {}), message: `a saved operation file holds exactly one operation; this one has ${definitions.length}` });
      continue;
    }
    const operation = definitions[0]!;
    if (!operation.name) {
      const start = operation.loc?.startToken;
      problems.push({ file, ...(start ? { line: start.line, column: start.column } : {}), message: 'the operation has no name: name it as its file is named' });
      continue;
    }
    const body = print(document);
    operations.push({ file, name: operation.name.value, type: operation.operation, text, document, body, hash: sha256hex(body) });
  }
  return { operations, problems };
}

/**
 * What `npm run operations:check` adds to reading: every document validates against the API
 * schema (graphql's specified rules, which include no unused fragments or variables, plus
 * `rules`), its file is named after its operation, and no operation or fragment name is used twice.
 */
export function checkSavedOperations(schema: GraphQLSchema, operations: SavedOperation[], rules: readonly ValidationRule[] = []): OperationProblem[] {
  const problems: OperationProblem[] = [];
  const owners = new Map<string, string>();
  for (const operation of operations) {
    for (const error of validate(schema, operation.document, [...specifiedRules, ...rules])) problems.push(problemFrom(operation.file, error));
    const base = path.posix.basename(operation.file, '.graphql');
    if (base !== operation.name) problems.push({ file: operation.file, message: `the file is named ${base}.graphql but holds the operation ${operation.name}: name it ${operation.name}.graphql` });
    for (const definition of operation.document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const kind = definition.kind === Kind.OPERATION_DEFINITION ? 'operation' : 'fragment';
      const key = `${kind} ${definition.name!.value}`;
      const owner = owners.get(key);
      const start = definition.name!.loc?.startToken;
      if (owner !== undefined) {
        problems.push({ file: operation.file, ...(start ? { line: start.line, column: start.column } : {}), message: `the ${key} is also in ${owner}: names are unique across operations/` });
      } else owners.set(key, operation.file);
    }
  }
  return problems;
}

/** Apollo's persisted query manifest format, which Apollo Client's persisted queries link and other tools read. */
export interface OperationManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: OperationTypeNode; body: string }[];
}

/** The manifest of the saved operations, by name: each `id` is the sha256 of its `body`. */
export function operationManifest(operations: SavedOperation[]): OperationManifest {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [...operations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(({ hash, name, type, body }) => ({ id: hash, name, type, body })),
  };
}
