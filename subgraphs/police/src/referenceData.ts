// The police's reference data — crime types, districts and evidence guidance — held in the process.
// It changes only when the database is seeded or re-seeded, yet every work-list page, report filed
// and help answer read it: three small tables, read whole, in three queries at most once a minute
// (REFERENCE_DATA_MAX_AGE_MS), instead of one to three queries a request.
import { groupBy } from '@crimehub/common';
import type { CrimeType, District, EvidenceGuidance, PrismaClient } from './generated/prisma/client.ts';

/** How long a copy of the reference data is used before it is read again: a re-seed shows within this time. */
export const referenceDataMaxAgeMs = 60_000;

export interface ReferenceSnapshot {
  crimeTypes: Map<string, CrimeType>;
  districts: Map<string, District>;
  /** Each crime type's evidence guidance, in the order it is shown (sortOrder, then id). */
  evidenceByCrimeType: Map<string, EvidenceGuidance[]>;
}

/**
 * The latest copy of the reference data, read again once it is older than `maxAgeMs` (0: read for
 * every request): the first
 * request after that waits for the new copy only when there is no copy at all; otherwise it is
 * answered from the old one while the new one loads. A read that fails is retried by the next request.
 */
export class ReferenceData {
  private copy: { readAt: number; snapshot: ReferenceSnapshot } | undefined;
  private loading: Promise<ReferenceSnapshot> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly maxAgeMs = referenceDataMaxAgeMs,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<ReferenceSnapshot> {
    // A maximum age of 0 reads the tables for every request (a test that changes them meanwhile).
    if (this.maxAgeMs <= 0) return this.load();
    const copy = this.copy;
    if (copy && this.now() - copy.readAt < this.maxAgeMs) return Promise.resolve(copy.snapshot);
    const loading = (this.loading ??= this.load().finally(() => (this.loading = undefined)));
    if (!copy) return loading;
    loading.catch(() => undefined); // the old copy answers meanwhile; the next request tries again
    return Promise.resolve(copy.snapshot);
  }

  private async load(): Promise<ReferenceSnapshot> {
    const readAt = this.now();
    const [crimeTypes, districts, evidence] = await Promise.all([
      this.prisma.crimeType.findMany(),
      this.prisma.district.findMany(),
      this.prisma.evidenceGuidance.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
    ]);
    const codes = crimeTypes.map((type) => type.code);
    const snapshot: ReferenceSnapshot = {
      crimeTypes: new Map(crimeTypes.map((type) => [type.code, type])),
      districts: new Map(districts.map((district) => [district.code, district])),
      evidenceByCrimeType: new Map(groupBy(codes, evidence, (row) => row.crimeTypeCodes).map((rows, i) => [codes[i]!, rows])),
    };
    this.copy = { readAt, snapshot };
    return snapshot;
  }
}
