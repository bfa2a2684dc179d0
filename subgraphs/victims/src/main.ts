// Starts the victims subgraph: `npm start -w @crimehub/victims` (default port 4004).
import { runSubgraphMain } from '@crimehub/common';
import { readConfig } from './config.ts';
import { openVictimsDatabase } from './db.ts';
import { seedIfEmpty } from './seed.ts';
import { createServer } from './server.ts';

await runSubgraphMain({
  name: 'victims',
  readConfig,
  open: openVictimsDatabase,
  seedIfEmpty: (db) => seedIfEmpty(db.prisma),
  createServer,
});
