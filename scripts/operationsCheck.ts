// `npm run operations:check`: every saved operation in operations/ validates against the API
// schema of the committed supergraph, within the gateway's default document limits, one named
// operation per file named after it, names unique (gateway/src/savedOperations.ts). Prints
// file:line:column for each problem and exits 1 when there is one.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvReader, repoRoot } from '@crimehub/common';
import { apiSchemaOf } from '../gateway/src/apiSchema.ts';
import { supergraphPath } from '../gateway/src/composeSupergraph.ts';
import { checkSavedOperations, formatOperationProblem, operationsDir, readSavedOperations } from '../gateway/src/savedOperations.ts';
import { readSecurityConfig, securityValidationRules } from '../gateway/src/security.ts';
import { exceedsTokenLimit, tokenLimitMessage } from '../gateway/src/security/documentLimits.ts';

/** Checks the operations in `dir` against `supergraphFile`; answers the problems as printable lines. */
export async function operationsCheck(dir = operationsDir, supergraphFile = supergraphPath): Promise<{ count: number; problems: string[] }> {
  const supergraph = await readFile(supergraphFile, 'utf8');
  const { operations, problems } = await readSavedOperations(dir);
  // The limits a gateway with the default settings applies: a saved operation it would refuse is no use.
  const limits = readSecurityConfig(new EnvReader({}));
  const all = [...problems, ...checkSavedOperations(apiSchemaOf(supergraph), operations, securityValidationRules(limits, supergraph))];
  for (const operation of operations) {
    if (exceedsTokenLimit(operation.text, limits.maxTokens)) all.push({ file: operation.file, message: tokenLimitMessage(limits.maxTokens) });
  }
  const relative = path.relative(repoRoot, dir);
  const base = relative.startsWith('..') ? dir : relative || '.';
  return { count: operations.length, problems: all.map((problem) => formatOperationProblem(problem, base)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : operationsDir;
  const { count, problems } = await operationsCheck(dir);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(`operations:check failed: ${problems.length} problem(s) in the saved operations.`);
    process.exit(1);
  }
  console.log(`operations:check: ${count} saved operation(s) validate against schema/supergraph.graphql.`);
}
