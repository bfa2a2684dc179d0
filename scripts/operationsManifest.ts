// `npm run operations:manifest`: writes operations/manifest.json, the saved operations as an
// Apollo persisted query manifest (id = sha256 of the body), for front ends that send documents
// by id. Generated, not committed: the gateway builds the same from operations/ at start.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatOperationProblem, operationManifest, operationsDir, readSavedOperations } from '../gateway/src/savedOperations.ts';

const { operations, problems } = await readSavedOperations();
for (const problem of problems) console.error(formatOperationProblem(problem, 'operations'));
if (problems.length > 0) {
  console.error('operations:manifest: fix the saved operations first; nothing was written.');
  process.exit(1);
}
const file = path.join(operationsDir, 'manifest.json');
await writeFile(file, `${JSON.stringify(operationManifest(operations), null, 2)}\n`);
console.log(`operations:manifest: wrote ${operations.length} operation(s) to ${file}`);
