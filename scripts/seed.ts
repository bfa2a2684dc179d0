// `npm run seed`: applies migrations and adds any missing reference data (crime types,
// districts, routes, the directory) to every subgraph's database — safe in production, and
// idempotent: running it twice changes nothing. Demonstration data is `npm run seed:demo`.
// Stop the hub first when it runs on PGlite: an embedded database is open in one process only
// (the seed is refused, naming the process that holds it).
import { ConfigError, readNodeEnvironment } from '@crimehub/common';
import { seedAll } from './seeders.ts';

try {
  readNodeEnvironment();
} catch (error) {
  console.error((error as ConfigError).message);
  process.exit(2);
}
process.exit((await seedAll({ demo: false })) ? 0 : 1);
