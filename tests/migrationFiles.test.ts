// Migrations must run on PostgreSQL as they run on PGlite. Prisma's PostgreSQL driver adapter
// (@prisma/adapter-pg) applies a migration by splitting its script at every ";" — inside comments
// and string literals too — so a ";" anywhere but at the end of a statement breaks the migration on
// PostgreSQL only (a comment "-- up to date; it adds" once failed as `syntax error at or near "it"`).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subgraphNames } from '@crimehub/common';

const migrationFiles = subgraphNames.flatMap((name) => {
  const dir = new URL(`../subgraphs/${name}/prisma/migrations/`, import.meta.url);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: `${name}/${entry.name}`, sql: readFileSync(new URL(`${entry.name}/migration.sql`, dir), 'utf8') }));
});

describe('migration scripts', () => {
  it.each(migrationFiles.map((file) => [file.name, file.sql] as const))('%s has a ";" only where a statement ends', (_, sql) => {
    const misplaced = sql.split('\n').flatMap((line, index) => {
      const comment = line.indexOf('--');
      const inComment = comment >= 0 && line.slice(comment).includes(';');
      const inString = (line.slice(0, comment >= 0 ? comment : undefined).match(/'[^']*'/g) ?? []).some((literal) => literal.includes(';'));
      return inComment || inString ? [`line ${index + 1}: ${line.trim()}`] : [];
    });
    expect(misplaced).toEqual([]);
  });
});
