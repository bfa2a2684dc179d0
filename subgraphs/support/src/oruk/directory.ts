// Support's directory as the Open Referral UK API reads it: offers (with their providers) and
// organisations, in the order the hub lists them, found by their ORUK ids.
import { orukId, type OrukCollection, type OrukDirectory } from '@crimehub/common';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { organizationRecord, serviceRecord } from './export.ts';

/**
 * The hub id behind an ORUK id. An id the hub derived from a slug cannot be reversed, so the
 * ids are read (one short query, bounded by the directory's size) and derived again.
 */
async function localId(ids: () => Promise<{ id: string }[]>, kind: 'service' | 'organization', wanted: string): Promise<string | undefined> {
  return (await ids()).find(({ id }) => orukId(kind, id) === wanted)?.id;
}

export function supportDirectory(prisma: PrismaClient): OrukDirectory & { organizations: OrukCollection<ReturnType<typeof organizationRecord>> } {
  const offerOrder = [{ sortOrder: 'asc' as const }, { id: 'asc' as const }];
  return {
    services: {
      count: () => prisma.supportOffer.count(),
      list: async (offset, limit) =>
        (await prisma.supportOffer.findMany({ orderBy: offerOrder, skip: offset, take: limit, include: { organization: true } })).map((offer) => serviceRecord(offer, offer.organization)),
      find: async (id) => {
        const found = await localId(() => prisma.supportOffer.findMany({ select: { id: true } }), 'service', id);
        const offer = found === undefined ? null : await prisma.supportOffer.findUnique({ where: { id: found }, include: { organization: true } });
        return offer ? serviceRecord(offer, offer.organization) : undefined;
      },
    },
    organizations: {
      count: () => prisma.organization.count(),
      list: async (offset, limit) => (await prisma.organization.findMany({ orderBy: { id: 'asc' }, skip: offset, take: limit })).map(organizationRecord),
      find: async (id) => {
        const found = await localId(() => prisma.organization.findMany({ select: { id: true } }), 'organization', id);
        const organization = found === undefined ? null : await prisma.organization.findUnique({ where: { id: found } });
        return organization ? organizationRecord(organization) : undefined;
      },
    },
  };
}

/** Every organisation and every service, as `npm run import:oruk` takes them back (the round trip). */
export async function exportSupportDirectory(prisma: PrismaClient) {
  const directory = supportDirectory(prisma);
  return {
    organizations: await directory.organizations.list(0, await directory.organizations.count()),
    services: await directory.services.list(0, await directory.services.count()),
  };
}
