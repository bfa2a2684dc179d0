// Starts the support subgraph: `npm start -w @crimehub/support` (default port 4002).
import { runSubgraphMain } from '@crimehub/common';
import { readConfig } from './config.ts';
import { openSupportDatabase } from './db.ts';
import { seedIfEmpty } from './seed.ts';
import { createServer } from './server.ts';

await runSubgraphMain({
  name: 'support',
  readConfig,
  open: openSupportDatabase,
  seedIfEmpty: (db, options) => seedIfEmpty(db.prisma, options),
  createServer,
});
