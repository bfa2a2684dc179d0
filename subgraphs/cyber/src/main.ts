// Starts the cyber subgraph: `npm start -w @crimehub/cyber` (default port 4003).
import { runSubgraphMain } from '@crimehub/common';
import { readConfig } from './config.ts';
import { openCyberDatabase } from './db.ts';
import { seedIfEmpty } from './seed.ts';
import { createServer } from './server.ts';

await runSubgraphMain({
  name: 'cyber',
  readConfig,
  open: openCyberDatabase,
  seedIfEmpty: (db, options) => seedIfEmpty(db.prisma, options),
  createServer,
});
