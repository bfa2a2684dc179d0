// Keyset pages of a child list for many parents in one SQL statement: a session's bookings for
// every session on a page, a course's sessions for every course. Prisma reads a nested `take` by
// fetching every child row and slicing in memory, so each page here is cut in the database with
// ROW_NUMBER() per parent; the cursors are those of common/src/connections.ts.
import DataLoader from 'dataloader';
import { connectionOf, type Connection, type KeyColumn, type PageRequest } from '@crimehub/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';

/** One column of a keyset ordering in SQL, over the child table aliased `t`. */
export interface SqlKeyColumn extends KeyColumn {
  /** A computed sort key, returned under `field`; a plain column `t."<field>"` when absent. */
  expression?: Prisma.Sql;
  /** The SQL type a cursor's value is cast to, e.g. `timestamp(3)`. */
  sqlType: string;
}

/** A child table, the column naming its parent, and the order of each parent's list. */
export interface ChildList {
  table: string;
  parentColumn: string;
  columns: readonly SqlKeyColumn[];
}

const identifier = (name: string) => Prisma.raw(`"${name.replaceAll('"', '""')}"`);
const valueOf = (column: SqlKeyColumn) => column.expression ?? Prisma.sql`t.${identifier(column.field)}`;

/** `a > x OR (a = x AND b < y) ...` in SQL: the rows strictly after the cursor, as common's keysetWhere. */
function keysetSql(columns: readonly SqlKeyColumn[], after: unknown[] | null): Prisma.Sql {
  if (!after) return Prisma.sql`TRUE`;
  const branches = columns.map((column, index) => {
    const cast = (at: number) => Prisma.sql`CAST(${after[at]} AS ${Prisma.raw(columns[at]!.sqlType)})`;
    const equal = columns.slice(0, index).map((earlier, at) => Prisma.sql`${valueOf(earlier)} = ${cast(at)}`);
    const beyond = Prisma.sql`${valueOf(column)} ${Prisma.raw(column.direction === 'asc' ? '>' : '<')} ${cast(index)}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], ' AND ')})`;
  });
  return Prisma.sql`(${Prisma.join(branches, ' OR ')})`;
}

/**
 * The page of each parent's children that match `where` (SQL over `t`), in one statement:
 * `page.take` rows at most per parent, after the cursor. Rows come back as the table's columns
 * plus the computed sort keys.
 */
export async function pagesPerParent<T>(prisma: PrismaClient, list: ChildList, parents: readonly string[], where: Prisma.Sql, page: PageRequest): Promise<T[][]> {
  const parent = Prisma.sql`t.${identifier(list.parentColumn)}`;
  const computed = list.columns.filter((column) => column.expression).map((column) => Prisma.sql`, ${column.expression} AS ${identifier(column.field)}`);
  const orderBy = Prisma.join(list.columns.map((column) => Prisma.sql`${valueOf(column)} ${Prisma.raw(column.direction.toUpperCase())}`));
  const rows = await prisma.$queryRaw<(T & { pageParent: string })[]>`
    SELECT * FROM (
      SELECT t.*, ${parent} AS "pageParent" ${computed.length > 0 ? Prisma.join(computed, ' ') : Prisma.empty},
        CAST(ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${orderBy}) AS integer) AS "pageRow"
      FROM ${identifier(list.table)} t
      WHERE ${parent} IN (${Prisma.join(parents)}) AND (${where}) AND ${keysetSql(list.columns, page.after)}
    ) AS page
    WHERE page."pageRow" <= ${page.take}
    ORDER BY page."pageParent", page."pageRow"`;
  const byParent = new Map<string, T[]>(parents.map((id) => [id, []]));
  for (const row of rows) byParent.get(row.pageParent)?.push(row);
  return parents.map((id) => byParent.get(id)!);
}

/** How many children of each parent match `where`, in one statement. */
export async function countsPerParent(prisma: PrismaClient, list: ChildList, parents: readonly string[], where: Prisma.Sql): Promise<number[]> {
  const parent = Prisma.sql`t.${identifier(list.parentColumn)}`;
  const rows = await prisma.$queryRaw<{ parent: string; count: number }[]>`
    SELECT ${parent} AS "parent", CAST(count(*) AS integer) AS "count"
    FROM ${identifier(list.table)} t
    WHERE ${parent} IN (${Prisma.join(parents)}) AND (${where})
    GROUP BY ${parent}`;
  const counts = new Map(rows.map((row) => [row.parent, row.count]));
  return parents.map((id) => counts.get(id) ?? 0);
}

/**
 * Per-request loaders of one child list's connections: one loader per distinct page request and
 * filter (`key`), each batching every parent asked for with it into one query, and the counts
 * into another, run only when a client selects `totalCount`.
 */
export function nestedConnections<T>(prisma: PrismaClient, list: ChildList) {
  const pages = new Map<string, DataLoader<string, Connection<T>>>();
  const counts = new Map<string, DataLoader<string, number>>();
  return (key: string, page: PageRequest, where: Prisma.Sql): DataLoader<string, Connection<T>> => {
    let counter = counts.get(key);
    if (!counter) counts.set(key, (counter = new DataLoader((parents: readonly string[]) => countsPerParent(prisma, list, parents, where))));
    const totals = counter;
    let loader = pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (parents: readonly string[]) => {
        const rows = await pagesPerParent<T>(prisma, list, parents, where, page);
        return rows.map((children, index) => connectionOf(children, page, list.columns, () => totals.load(parents[index]!)));
      });
      pages.set(key, loader);
    }
    return loader;
  };
}
