// `npm run import:oruk -- <support|victims> <file-or-url>`: loads an Open Referral UK feed into
// that subgraph's database (as `npm run seed` opens it: <NAME>_DATABASE_URL, else PGlite under
// .data/<name> or <NAME>_PGLITE_DIR). Accepted forms and bounds: common/src/oruk/feed.ts. Every
// record is checked against the UK profile's schema and the hub's vocabulary; the records taken
// are written in one transaction, upserted by id; the rest are listed with the reasons.
// Stop the hub first when it runs on PGlite: an embedded database is open in one process only.
// Exit codes: 0 all taken; 3 some refused (the rest written); 1 the feed or the database failed;
// 2 wrong arguments or configuration.
import { ConfigError, FeedError, formatReport, loadFeed, readNodeEnvironment, type ImportReport, type OrukFeed } from '@crimehub/common';
import { openSupportDatabase } from '../subgraphs/support/src/db.ts';
import { importSupportFeed } from '../subgraphs/support/src/oruk/import.ts';
import { openVictimsDatabase } from '../subgraphs/victims/src/db.ts';
import { importVictimsFeed } from '../subgraphs/victims/src/oruk/import.ts';
import { databaseLocationFromEnv } from './seeders.ts';

const directories = {
  support: async (feed: OrukFeed): Promise<ImportReport> => {
    const db = await openSupportDatabase(databaseLocationFromEnv('support'));
    try {
      return await importSupportFeed(db.prisma, feed);
    } finally {
      await db.close();
    }
  },
  victims: async (feed: OrukFeed): Promise<ImportReport> => {
    const db = await openVictimsDatabase(databaseLocationFromEnv('victims'));
    try {
      return await importVictimsFeed(db.prisma, feed);
    } finally {
      await db.close();
    }
  },
};

const [subgraph, source, ...extra] = process.argv.slice(2);
if (!subgraph || !source || extra.length > 0 || !(subgraph in directories)) {
  console.error('Usage: npm run import:oruk -- <support|victims> <file-or-url>');
  process.exit(2);
}
const name = subgraph as keyof typeof directories;

try {
  readNodeEnvironment();
  databaseLocationFromEnv(name);
} catch (error) {
  console.error((error as ConfigError).message);
  process.exit(2);
}

try {
  const feed = await loadFeed(source);
  const report = await directories[name](feed);
  console.log(formatReport(report, name));
  process.exit(report.refused.length > 0 ? 3 : 0);
} catch (error) {
  console.error(`${name}: nothing imported: ${error instanceof FeedError ? error.message : (error as Error).message}`);
  process.exit(1);
}
