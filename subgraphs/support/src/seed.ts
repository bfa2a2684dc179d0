// Seeds the support database. Idempotent: adds missing rows, updates changed ones, leaves the rest.
// `seed` is the reference data: the directory (partner organisations and their support offers),
// kept as Open Referral UK JSON in ../data/directory.oruk.json and loaded by the same importer as
// `npm run import:oruk`. `seedDemo` adds the synthetic business profiles, for development and
// demonstrations only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, readFeedFile } from '@crimehub/common';
import type { PrismaClient } from './generated/prisma/client.ts';
import { importSupportFeed } from './oruk/import.ts';
import * as data from './seedData.ts';

/** The support directory's seed file. */
export const directoryFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'directory.oruk.json');

export async function seed(prisma: PrismaClient): Promise<void> {
  const report = await importSupportFeed(prisma, await readFeedFile(directoryFile), { allOrNothing: true });
  if (!report.written) throw new Error(`the support directory seed ${directoryFile} was refused:\n${formatReport(report, 'support')}`);
}

/** The ten synthetic business profiles (biz-0001 … biz-0010). */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  await prisma.business.createMany({ data: data.businesses, skipDuplicates: true });
}

/** Seeds an empty database: reference data, and demonstration data when `demo` says so. */
export async function seedIfEmpty(prisma: PrismaClient, { demo }: { demo: boolean }): Promise<boolean> {
  if ((await prisma.organization.count()) > 0) return false;
  await seed(prisma);
  if (demo) await seedDemo(prisma);
  return true;
}
