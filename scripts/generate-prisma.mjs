// Generates each subgraph's Prisma client (Rust-free, driver adapters) after install.
// The CLI checks for a schema-engine binary before generating, though generate never runs it;
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check offline.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('prisma/build/index.js', { paths: [root] });
} catch {
  console.log('prisma is not installed yet; skipping client generation');
  process.exit(0);
}
const subgraphs = ['police', 'support', 'cyber', 'victims'];
for (const name of subgraphs) {
  const schema = `subgraphs/${name}/prisma/schema.prisma`;
  if (!existsSync(`${root}/${schema}`)) continue;
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  console.log(`generated Prisma client for ${name}`);
}
