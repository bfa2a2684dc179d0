// Per-request DataLoaders: one query per kind of record per request, however long the lists.
import DataLoader from 'dataloader';
import { groupBy, indexBy, type Identity } from '@crimehub/common';
import type { RequestReads } from './auditTrail.ts';
import { ReferenceData, type ReferenceSnapshot } from './referenceData.ts';
import { Prisma, type CrimeReportUpdate, type PrismaClient, type Urgency } from './generated/prisma/client.ts';

/**
 * A request's loaders. Crime types, districts and evidence guidance come from `reference`, the
 * process's copy of the reference data (referenceData.ts); pass the server's one so that requests
 * share it (a new one, by default, reads them for this request alone).
 */
export function createLoaders(prisma: PrismaClient, reference = new ReferenceData(prisma)) {
  const updateLoaders = new Map<number, DataLoader<string, CrimeReportUpdate[]>>();
  // One copy of the reference data for the whole request, however many loaders read it.
  let snapshot: Promise<ReferenceSnapshot> | undefined;
  const referenceData = () => (snapshot ??= reference.current());
  return {
    crimeType: new DataLoader(async (codes: readonly string[]) => {
      const { crimeTypes } = await referenceData();
      return codes.map((code) => crimeTypes.get(code) ?? null);
    }),
    routesByCrimeType: new DataLoader(async (codes: readonly string[]) => {
      const links = await prisma.crimeTypeRoute.findMany({
        where: { crimeTypeCode: { in: [...codes] } },
        include: { route: true },
        orderBy: { rank: 'asc' },
      });
      return groupBy(codes, links, (link) => link.crimeTypeCode).map((list) => list.map((link) => link.route));
    }),
    /** The routes of an urgency (999's, the live cyber attack line's), for a help answer whose crime type's list lacks them. */
    routesByUrgency: new DataLoader(async (urgencies: readonly Urgency[]) => {
      const rows = await prisma.reportingRoute.findMany({ where: { urgency: { in: [...urgencies] } }, orderBy: { id: 'asc' } });
      return groupBy(urgencies, rows, (row) => row.urgency);
    }),
    reportingRoute: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.reportingRoute.findMany({ where: { id: { in: [...ids] } } }), (r) => r.id)),
    evidenceByCrimeType: new DataLoader(async (codes: readonly string[]) => {
      const { evidenceByCrimeType } = await referenceData();
      return codes.map((code) => evidenceByCrimeType.get(code) ?? []);
    }),
    district: new DataLoader(async (codes: readonly string[]) => {
      const { districts } = await referenceData();
      return codes.map((code) => districts.get(code) ?? null);
    }),
    postcodesByDistrict: new DataLoader(async (codes: readonly string[]) => {
      const rows = await prisma.postcodeDistrict.findMany({ where: { districtCode: { in: [...codes] } }, orderBy: { outwardCode: 'asc' } });
      return groupBy(codes, rows, (row) => row.districtCode).map((list) => list.map((row) => row.outwardCode));
    }),
    crimeReport: new DataLoader(async (references: readonly string[]) => indexBy(references, await prisma.crimeReport.findMany({ where: { reference: { in: [...references] } } }), (r) => r.reference)),
    /**
     * The police's first `limit` updates and outcomes on each report, oldest first: one query for
     * every timeline in a page (one per distinct `limit` a request asks for), reading at most
     * `limit` rows a report.
     */
    updatesByReport: (limit: number) => {
      let loader = updateLoaders.get(limit);
      if (!loader) {
        loader = new DataLoader(async (references: readonly string[]) => groupBy(references, await firstUpdates(prisma, references, limit), (row) => row.reportReference));
        updateLoaders.set(limit, loader);
      }
      return loader;
    },
    /** Forgets what was read of a report's updates (after one is added), whatever the limit. */
    clearUpdates: (reference: string) => {
      for (const loader of updateLoaders.values()) loader.clear(reference);
    },
    policingTeam: new DataLoader(async (ids: readonly string[]) => indexBy(ids, await prisma.policingTeam.findMany({ where: { id: { in: [...ids] } } }), (t) => t.id)),
    teamsByDistrict: new DataLoader(async (codes: readonly string[]) => {
      const rows = await prisma.policingTeam.findMany({ where: { districtCode: { in: [...codes] } }, orderBy: { name: 'asc' } });
      return groupBy(codes, rows, (row) => row.districtCode);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * The first `limit` updates of each report, oldest first (by creation, then id), in one statement:
 * a LATERAL join takes each report's rows from the (reportReference, createdAt) index and stops at
 * `limit`, so a report with thousands of updates costs what one with `limit` costs.
 */
async function firstUpdates(prisma: PrismaClient, references: readonly string[], limit: number): Promise<CrimeReportUpdate[]> {
  if (limit < 1 || references.length === 0) return [];
  return prisma.$queryRaw<CrimeReportUpdate[]>(Prisma.sql`
    SELECT u."id", u."reportReference", u."author", u."kind"::text AS "kind", u."message", u."outcomeCode", u."createdAt", u."idempotencyKey"
    FROM unnest(ARRAY[${Prisma.join(references)}]::text[]) AS r("reference")
    CROSS JOIN LATERAL (
      SELECT * FROM "CrimeReportUpdate" WHERE "reportReference" = r."reference" ORDER BY "createdAt", "id" LIMIT ${limit}
    ) AS u
    ORDER BY u."reportReference", u."createdAt", u."id"`);
}

export interface Context {
  /** Who is asking, as the gateway signed it. */
  identity: Identity;
  prisma: PrismaClient;
  loaders: Loaders;
  /** The reports this request hands out, written to the audit trail in one statement before its answer leaves. */
  reads: RequestReads;
}
