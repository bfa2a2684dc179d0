// `npm run seed:demo`: reference data plus the synthetic demonstration data — crime reports,
// business profiles, invented training sessions, bookings and champions — for development and
// demonstrations. Refused with NODE_ENV=production, before any database is opened: synthetic
// reports would reach police lists and analysts' figures. Idempotent, like `npm run seed`.
import { readNodeEnvironment } from '@crimehub/common';

let environment: string;
try {
  environment = readNodeEnvironment();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (environment === 'production') {
  console.error(
    'npm run seed:demo refuses to run with NODE_ENV=production: demonstration data (synthetic crime reports, businesses, training sessions and bookings) must never reach a live hub. Nothing was written. Production gets reference data only: npm run seed.',
  );
  process.exit(1);
}
// Loaded only now, so a refusal touches no database.
const { seedAll } = await import('./seeders.ts');
process.exit((await seedAll({ demo: true })) ? 0 : 1);
