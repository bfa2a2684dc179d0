// Seeds the victims database: the services directory and the Victims' Code rights — reference
// data only (this subgraph has no demonstration data). Idempotent: adds missing rows, updates
// changed services, leaves the rest. The directory is kept as Open Referral UK JSON in
// ../data/directory.oruk.json and loaded by the same importer as `npm run import:oruk`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, readFeedFile } from '@crimehub/common';
import type { PrismaClient } from './generated/prisma/client.ts';
import { importVictimsFeed } from './oruk/import.ts';
import * as data from './seedData.ts';

/** The victims directory's seed file. */
export const directoryFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'directory.oruk.json');

export async function seed(prisma: PrismaClient): Promise<void> {
  const report = await importVictimsFeed(prisma, await readFeedFile(directoryFile), { allOrNothing: true });
  if (!report.written) throw new Error(`the victims directory seed ${directoryFile} was refused:\n${formatReport(report, 'victims')}`);
  await prisma.victimsCodeRight.createMany({ data: data.victimsCodeRights, skipDuplicates: true });
}

export async function seedIfEmpty(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.victimsCodeRight.count()) > 0) return false;
  await seed(prisma);
  return true;
}
