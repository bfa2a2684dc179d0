// `npm run migrate -- create <subgraph> <name>`: writes a migration for the changes in the
// subgraph's schema.prisma, with Prisma's schema engine on a throw-away PGlite database.
// `npm run migrate -- check`: fails when any schema.prisma has changes no migration holds.
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createMigration, diffSchemaAgainstMigrations, migrationSource, subgraphNames, type SubgraphName } from '@crimehub/common';

const [command, subgraph, name] = process.argv.slice(2);

async function withScratch<T>(run: (adapter: PrismaPGlite) => Promise<T>): Promise<T> {
  const pglite = await PGlite.create();
  try {
    return await run(new PrismaPGlite(pglite));
  } finally {
    await pglite.close();
  }
}

if (command === 'create' && subgraphNames.includes(subgraph as SubgraphName) && name) {
  const dir = await withScratch((scratch) => createMigration(migrationSource(subgraph as SubgraphName), name, scratch));
  console.log(dir ? `Created ${dir}` : `No changes in ${subgraph}'s schema.prisma: no migration written.`);
} else if (command === 'check') {
  let drift = false;
  for (const sub of subgraphNames) {
    const script = await withScratch((scratch) => diffSchemaAgainstMigrations(migrationSource(sub), scratch));
    if (script) {
      drift = true;
      console.error(`${sub}: schema.prisma has changes no migration holds:\n${script}`);
    } else console.log(`${sub}: migrations match schema.prisma`);
  }
  process.exit(drift ? 1 : 0);
} else {
  console.error(`usage: npm run migrate -- create <${subgraphNames.join('|')}> <name>\n       npm run migrate -- check`);
  process.exit(2);
}
