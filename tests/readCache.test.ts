// The embedded database's read cache (common/src/readCache.ts) on a real in-memory PGlite
// database, through Prisma as the subgraphs use it: repeated reads are answered from memory, and
// every write — a plain one, a transaction's, a failed one — is seen by the next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSupportDatabase, type SupportDb } from '../subgraphs/support/src/db.ts';
import { seed } from '../subgraphs/support/src/seed.ts';

describe('the read cache of an embedded database', () => {
  let db: SupportDb;
  const offerTitle = async (id: string) => (await db.prisma.supportOffer.findUniqueOrThrow({ where: { id }, select: { title: true } })).title;
  let offerId: string;

  beforeAll(async () => {
    db = await openSupportDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
    offerId = (await db.prisma.supportOffer.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  });
  afterAll(async () => db?.close());

  it('answers a repeated read from memory, still counting it as a statement', async () => {
    const before = db.readCache!.read();
    const queries = db.queries.count;
    const first = await db.prisma.supportOffer.findMany({ where: { active: true }, orderBy: { id: 'asc' } });
    const second = await db.prisma.supportOffer.findMany({ where: { active: true }, orderBy: { id: 'asc' } });
    expect(second).toEqual(first);
    expect(db.queries.count - queries).toBe(2);
    const after = db.readCache!.read();
    expect(after.hits - before.hits).toBe(1);
  });

  it('sees a plain write at once', async () => {
    const title = await offerTitle(offerId);
    await db.prisma.supportOffer.update({ where: { id: offerId }, data: { title: `${title} (changed)` } });
    expect(await offerTitle(offerId)).toBe(`${title} (changed)`);
    await db.prisma.supportOffer.update({ where: { id: offerId }, data: { title } });
    expect(await offerTitle(offerId)).toBe(title);
  });

  it("sees a transaction's writes once it commits, and nothing of one that rolls back", async () => {
    const title = await offerTitle(offerId);
    await db.prisma.$transaction(async (tx) => {
      await tx.supportOffer.update({ where: { id: offerId }, data: { title: 'In a transaction' } });
      // Inside the transaction its own write is seen (no cache there).
      expect((await tx.supportOffer.findUniqueOrThrow({ where: { id: offerId } })).title).toBe('In a transaction');
    });
    expect(await offerTitle(offerId)).toBe('In a transaction');
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.supportOffer.update({ where: { id: offerId }, data: { title: 'Rolled back' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await offerTitle(offerId)).toBe('In a transaction');
    await db.prisma.supportOffer.update({ where: { id: offerId }, data: { title } });
  });

  it('sees a raw write and a batch write', async () => {
    const title = await offerTitle(offerId);
    await db.prisma.$executeRawUnsafe('UPDATE "SupportOffer" SET "title" = $1 WHERE "id" = $2', 'Raw', offerId);
    expect(await offerTitle(offerId)).toBe('Raw');
    await db.prisma.$transaction([db.prisma.supportOffer.update({ where: { id: offerId }, data: { title: 'Batch' } })]);
    expect(await offerTitle(offerId)).toBe('Batch');
    await db.prisma.supportOffer.update({ where: { id: offerId }, data: { title } });
  });

  it('is emptied by a write that fails part-way', async () => {
    await offerTitle(offerId);
    await expect(
      db.prisma.supportOffer.create({ data: { id: offerId, organizationId: 'nobody', title: 'x', description: 'x', url: 'https://example.org', cost: 'Free', workstream: 'PREVENT' } }),
    ).rejects.toThrow();
    expect(db.readCache!.read().entries).toBe(0);
  });

  it('is off when its bytes are 0', async () => {
    const off = await openSupportDatabase({ kind: 'pglite', dir: 'memory://', readCacheMaxBytes: 0 });
    try {
      expect(off.readCache).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
