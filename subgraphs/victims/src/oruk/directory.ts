// Victims' directory as the Open Referral UK API reads it. Organisations are support's: the
// gateway answers this directory's /organizations from the support directory.
import { orukId, type OrukDirectory } from '@crimehub/common';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { serviceRecord } from './export.ts';

export function victimsDirectory(prisma: PrismaClient): OrukDirectory {
  const order = [{ sortOrder: 'asc' as const }, { id: 'asc' as const }];
  return {
    services: {
      count: () => prisma.victimService.count(),
      list: async (offset, limit) => (await prisma.victimService.findMany({ orderBy: order, skip: offset, take: limit })).map(serviceRecord),
      find: async (id) => {
        // Derived ids cannot be reversed: read the ids (one short query) and derive them again.
        const found = (await prisma.victimService.findMany({ select: { id: true } })).find((row) => orukId('service', row.id) === id);
        const service = found ? await prisma.victimService.findUnique({ where: { id: found.id } }) : null;
        return service ? serviceRecord(service) : undefined;
      },
    },
  };
}

/** Every service, as `npm run import:oruk` takes them back (the round trip). */
export async function exportVictimsDirectory(prisma: PrismaClient) {
  const { services } = victimsDirectory(prisma);
  return { services: await services.list(0, await services.count()) };
}
