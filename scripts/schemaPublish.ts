// `npm run schema:publish`: records the supergraph composed now as the published contract,
// schema/published.graphql, once `npm run schema:check` would pass. `--force` publishes a change
// the check refuses (a breaking change agreed with every client: say so in the commit).
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkSchemaChange, formatSchemaCheck, freshApiSchema, publishedPath, publishedText, readPublished } from './schemaRegistry.ts';

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } }, strict: true });

const fresh = await freshApiSchema();
if (!fresh.sdl) {
  for (const problem of fresh.problems) console.error(problem);
  console.error('schema:publish: the subgraphs do not compose; nothing was published.');
  process.exit(1);
}
const published = await readPublished();
if (published === undefined) {
  // The first contract: nothing to compare with, but its deprecations must still be in form.
  const check = await checkSchemaChange(fresh.sdl, fresh.sdl);
  for (const line of formatSchemaCheck(check)) console.log(`  ${line}`);
  if (!check.ok && !values.force) {
    console.error('schema:publish refused: fix the deprecations above first.');
    process.exit(1);
  }
} else {
  const check = await checkSchemaChange(published, fresh.sdl);
  for (const line of formatSchemaCheck(check)) console.log(`  ${line}`);
  if (check.changes.length === 0) {
    console.log('schema:publish: nothing to publish, schema/published.graphql already is the composed schema.');
    process.exit(0);
  }
  if (!check.ok && !values.force) {
    console.error('schema:publish refused: the check fails (above). Publish anyway only for a break agreed with every client: npm run schema:publish -- --force');
    process.exit(1);
  }
  if (!check.ok) console.warn('schema:publish: --force: publishing a contract the check refuses.');
}
await writeFile(publishedPath, publishedText(fresh.sdl));
console.log(`schema:publish: wrote ${publishedPath}`);
