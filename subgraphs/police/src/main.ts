// Starts the police subgraph: `npm start -w @crimehub/police` (default port 4001).
import { runSubgraphMain } from '@crimehub/common';
import { readConfig } from './config.ts';
import { openPoliceDatabase } from './db.ts';
import { seedIfEmpty } from './seed.ts';
import { createServer } from './server.ts';

await runSubgraphMain({
  name: 'police',
  readConfig,
  open: openPoliceDatabase,
  seedIfEmpty: (db) => seedIfEmpty(db.prisma),
  createServer,
});
