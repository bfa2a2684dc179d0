// `npm run compose`: writes schema/supergraph.graphql, or prints why it cannot.
import { writeFile } from 'node:fs/promises';
import { composeSupergraph, supergraphPath } from '../gateway/src/composeSupergraph.ts';

const { supergraphSdl, errors, hints } = await composeSupergraph();
for (const hint of hints) console.error(`hint  ${hint}`);
for (const error of errors) console.error(`error ${error}`);
if (!supergraphSdl || hints.length > 0) {
  console.error('Composition failed: the supergraph was not written.');
  process.exit(1);
}
await writeFile(supergraphPath, supergraphSdl);
console.log(`Wrote ${supergraphPath}`);
