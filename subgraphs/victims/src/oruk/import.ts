// Victims' directory in: Open Referral UK services become VictimService rows, upserted by the
// hub id (`bch_id`, else the ORUK id) in one transaction. The provider is named by its id in
// the support directory, which this subgraph does not read: it is taken as given.
import {
  allDistrictCodes,
  anyCrimeType,
  boundedText,
  checkAgainstSchema,
  describeRecord,
  districtsOf,
  hubTermsOf,
  localIdOf,
  noCounts,
  orderedCodes,
  orukValidators,
  phoneOf,
  providerIdOf,
  scopeOfDistricts,
  singleTerm,
  splitWideAreas,
  textLimits,
  textOf,
  unchanged,
  type FeedRecord,
  type ImportOptions,
  type ImportReport,
  type OrukFeed,
  type Refusal,
} from '@crimehub/common';
import type { CaseStage, Prisma, PrismaClient, ReferralRoute } from '../generated/prisma/client.ts';

type ServiceRow = Omit<Prisma.VictimServiceCreateManyInput, 'sortOrder'>;

/** The first schedule's description: the service's hours in words. */
function hoursOf(record: FeedRecord): string | undefined {
  const schedules = Array.isArray(record.schedules) ? (record.schedules as FeedRecord[]) : [];
  return schedules.map((schedule) => textOf(schedule, 'description')).find(Boolean);
}

function readService(record: FeedRecord, problems: string[]): ServiceRow | undefined {
  const terms = hubTermsOf(record, problems);
  const id = boundedText(localIdOf(record), 'bch_id', textLimits.name, problems, true);
  const providerId = boundedText(providerIdOf(record), 'organization_id', textLimits.name, problems, true);
  const name = boundedText(textOf(record, 'name'), 'name', textLimits.name, problems, true);
  const description = boundedText(textOf(record, 'description'), 'description', textLimits.description, problems, true);
  // The UK profile lists a service by its web page: one without cannot be published.
  const url = boundedText(textOf(record, 'url'), 'url', textLimits.url, problems, true);
  const email = boundedText(textOf(record, 'email'), 'email', textLimits.email, problems);
  const phone = boundedText(phoneOf(record), 'phones', textLimits.phone, problems);
  const howToBeReferred = boundedText(textOf(record, 'application_process'), 'application_process (how to be referred)', textLimits.applicationProcess, problems, true);
  const hours = boundedText(hoursOf(record), 'schedules', textLimits.hours, problems);
  const referralRoute = singleTerm(terms, 'bch-referral-route', 'referral route', problems);
  const audience = orderedCodes(terms, 'bch-audience');
  const crimeTypes = orderedCodes(terms, 'bch-crime-type');
  // A national or regional area (by its ONS URI) covers every district; otherwise the districts named.
  const { wide, rest } = splitWideAreas(record);
  const districts = districtsOf(rest, problems);
  // A service that names no stage applies any time after the crime, as most victim services do.
  const stages = orderedCodes(terms, 'bch-case-stage');
  const rights = orderedCodes(terms, 'bch-victims-code-right').map(Number);
  if (textOf(record, 'status') !== 'active') problems.push(`status ${JSON.stringify(record.status)}: the victims directory holds active services only`);
  if (problems.length > 0 || !id || !providerId || !name || !description || !url || !howToBeReferred || !referralRoute) return undefined;
  return {
    id,
    providerId,
    name,
    description,
    url,
    email: email ?? null,
    phone: phone ?? null,
    hours: hours ?? null,
    referralRoute: referralRoute as ReferralRoute,
    howToBeReferred,
    servesBusinesses: audience.includes('BUSINESSES'),
    servesIndividuals: audience.includes('INDIVIDUALS'),
    allCrimeTypes: crimeTypes.includes(anyCrimeType),
    crimeTypeCodes: crimeTypes.includes(anyCrimeType) ? [] : crimeTypes,
    // Victims lists the districts a service covers; a service that names none, or a wider area, covers all 9.
    districtCodes: wide || !districts ? allDistrictCodes : districts,
    stages: (stages.length > 0 ? stages : ['AFTER_THE_CRIME']) as CaseStage[],
    rights,
    ruralOnly: orderedCodes(terms, 'bch-eligibility').includes('RURAL_ONLY'),
    scope: scopeOfDistricts(wide ? [] : (districts ?? []), wide?.scope),
    wideAreaCode: wide?.code ?? null,
  };
}

/**
 * Imports a feed into victims' database: every record checked against the UK profile's schema
 * and the hub's vocabulary first; the records taken are written in one transaction (none, with
 * `allOrNothing`, when any was refused). A feed's organisations are not this directory's: they
 * are counted neither way (import them into support).
 */
export async function importVictimsFeed(prisma: PrismaClient, feed: OrukFeed, options: ImportOptions = {}): Promise<ImportReport> {
  const refused: Refusal[] = [];
  const services: ServiceRow[] = [];
  const ids = new Set<string>();
  feed.services.forEach((raw, index) => {
    const { record, reasons } = checkAgainstSchema(orukValidators.service, raw);
    const problems = [...reasons];
    const row = record ? readService(record, problems) : undefined;
    if (row && ids.has(row.id)) problems.push(`the feed lists service ${row.id} more than once`);
    if (!row || problems.length > 0) return refused.push({ kind: 'service', record: describeRecord(raw, index), reasons: problems });
    services.push(row);
    ids.add(row.id);
  });
  const report: ImportReport = { organizations: noCounts(), services: noCounts(), refused, written: !(options.allOrNothing && refused.length > 0) };
  if (!report.written) return report;

  const [existing, last] = await Promise.all([prisma.victimService.findMany({ where: { id: { in: [...ids] } } }), prisma.victimService.aggregate({ _max: { sortOrder: true } })]);
  const before = new Map(existing.map((row) => [row.id, row]));
  let next = (last._max.sortOrder ?? -1) + 1;
  const created = services.filter((row) => !before.has(row.id)).map((row) => ({ ...row, sortOrder: next++ }));
  const changed = services.filter((row) => before.has(row.id) && !unchanged(before.get(row.id)!, row));
  await prisma.$transaction(async (tx) => {
    if (created.length > 0) await tx.victimService.createMany({ data: created });
    for (const { id, ...data } of changed) await tx.victimService.update({ where: { id }, data });
  });
  report.services = { created: created.length, updated: changed.length, unchanged: services.length - created.length - changed.length };
  return report;
}
