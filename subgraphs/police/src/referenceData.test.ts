// The process's copy of the reference data: read whole once, used until it is older than its
// maximum age, then read again while the old copy still answers; a re-seed (here an update of a
// crime type's name, a district's and some evidence guidance) shows once the copy is renewed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPoliceDatabase, type PoliceDb } from './db.ts';
import { createLoaders } from './loaders.ts';
import { ReferenceData } from './referenceData.ts';
import { seed } from './seed.ts';

describe('reference data held in the process', () => {
  let db: PoliceDb;
  beforeAll(async () => {
    db = await openPoliceDatabase({ kind: 'pglite', dir: 'memory://' });
    await seed(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers what the tables hold: every crime type, district and evidence list, in the order the loaders gave', async () => {
    const snapshot = await new ReferenceData(db.prisma).current();
    const types = await db.prisma.crimeType.findMany();
    expect(snapshot.crimeTypes.size).toBe(types.length);
    expect(snapshot.districts.size).toBe(await db.prisma.district.count());
    for (const type of types) {
      const evidence = await db.prisma.evidenceGuidance.findMany({ where: { crimeTypeCodes: { has: type.code } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
      expect(snapshot.evidenceByCrimeType.get(type.code)?.map((row) => row.id)).toEqual(evidence.map((row) => row.id));
    }
    const loaders = createLoaders(db.prisma);
    expect(await loaders.crimeType.load('shoplifting')).toMatchObject({ code: 'shoplifting' });
    expect(await loaders.crimeType.load('no-such-crime')).toBeNull();
    expect(await loaders.district.load('E07000197')).toMatchObject({ code: 'E07000197' });
    expect(await loaders.evidenceByCrimeType.load('no-such-crime')).toEqual([]);
  });

  it('uses its copy until it is older than the maximum age, then reads the tables again (the old copy answering meanwhile)', async () => {
    let clock = 1_000_000;
    const reference = new ReferenceData(db.prisma, 60_000, () => clock);
    const before = await reference.current();
    const name = before.crimeTypes.get('shoplifting')!.name;
    await db.prisma.crimeType.update({ where: { code: 'shoplifting' }, data: { name: 'Shoplifting (renamed by a re-seed)' } });
    try {
      clock += 59_999;
      expect((await reference.current()).crimeTypes.get('shoplifting')!.name).toBe(name);
      clock += 1;
      // Stale: this request is answered from the old copy while the new one is read.
      expect((await reference.current()).crimeTypes.get('shoplifting')!.name).toBe(name);
      await expect.poll(async () => (await reference.current()).crimeTypes.get('shoplifting')!.name).toBe('Shoplifting (renamed by a re-seed)');
    } finally {
      await db.prisma.crimeType.update({ where: { code: 'shoplifting' }, data: { name } });
    }
  });

  it('a read that fails leaves no copy behind: the next request reads again', async () => {
    let reads = 0;
    const unreachable = () => {
      reads += 1;
      return Promise.reject(new Error('database unreachable'));
    };
    const broken = { crimeType: { findMany: unreachable }, district: { findMany: unreachable }, evidenceGuidance: { findMany: unreachable } };
    const reference = new ReferenceData(broken as unknown as PoliceDb['prisma']);
    await expect(reference.current()).rejects.toThrow(/unreachable/);
    await expect(reference.current()).rejects.toThrow(/unreachable/);
    expect(reads).toBe(6);
  });
});
