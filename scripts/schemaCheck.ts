// `npm run schema:check`: compares the supergraph composed now with the published contract,
// prints every change with its criticality and fails (exit 1) on a breaking change that was not
// deprecated first, or on a deprecation without a removal date (see scripts/schemaRegistry.ts).
// `--published <file>` compares with another contract than schema/published.graphql.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSchemaChange, formatSchemaCheck, freshApiSchema, publishedPath, readPublished } from './schemaRegistry.ts';

const { values } = parseArgs({ options: { published: { type: 'string', default: publishedPath } }, strict: true });
const publishedFile = path.resolve(values.published);
const shown = path.relative(process.cwd(), publishedFile) || publishedFile;

const published = await readPublished(publishedFile);
if (published === undefined) {
  console.error(`schema:check: ${shown} does not exist: publish the contract first with \`npm run schema:publish\`.`);
  process.exit(1);
}
const fresh = await freshApiSchema();
if (!fresh.sdl) {
  for (const problem of fresh.problems) console.error(problem);
  console.error('schema:check: the subgraphs do not compose, so there is nothing to compare (see `npm run compose`).');
  process.exit(1);
}
const check = await checkSchemaChange(published, fresh.sdl);
console.log(`schema:check: ${shown} → the supergraph composed from schema/<subgraph>.graphql now`);
for (const line of formatSchemaCheck(check)) console.log(`  ${line}`);
if (!check.ok) {
  console.error('schema:check failed: a client of the published contract would break (README "Changing the graph").');
  process.exit(1);
}
console.log(check.changes.length === 0 ? 'schema:check passed: no change from the published contract.' : 'schema:check passed: run `npm run schema:publish` to record the new contract.');
