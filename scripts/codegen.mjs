// Generates GraphQL types after install and on `npm run codegen`: resolver types for every
// subgraph that has a codegen.ts, and typed documents for operations/ when it has one. The
// files land in gitignored generated/ folders; `npm run typecheck` then checks the code against them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('@graphql-codegen/cli/package.json', { paths: [root] }).replace(/package\.json$/, 'esm/bin.js');
} catch {
  console.log('@graphql-codegen/cli is not installed (a production install); skipping GraphQL types');
  process.exit(0);
}
const configs = [...['police', 'support', 'cyber', 'victims'].map((name) => `subgraphs/${name}/codegen.ts`), 'operations/codegen.ts'];
for (const config of configs) {
  if (!existsSync(`${root}/${config}`)) continue;
  execFileSync(process.execPath, [cli, '--config', config], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`generated GraphQL types from ${config}`);
}
