// Support's directory in: Open Referral UK organisations and services become Organization and
// SupportOffer rows, upserted by the hub id (`bch_id`, else the ORUK id) in one transaction.
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
import type { OrganizationKind, Prisma, PrismaClient, Workstream } from '../generated/prisma/client.ts';

type OrganizationRow = Prisma.OrganizationCreateManyInput;
type OfferRow = Omit<Prisma.SupportOfferCreateManyInput, 'sortOrder'>;

function readOrganization(record: FeedRecord, problems: string[]): OrganizationRow | undefined {
  const id = boundedText(localIdOf(record), 'bch_id', textLimits.name, problems, true);
  const name = boundedText(textOf(record, 'name'), 'name', textLimits.name, problems, true);
  const description = boundedText(textOf(record, 'description'), 'description', textLimits.description, problems, true);
  const url = boundedText(textOf(record, 'website'), 'website', textLimits.url, problems);
  const email = boundedText(textOf(record, 'email'), 'email', textLimits.email, problems);
  const phone = boundedText(phoneOf(record), 'phones', textLimits.phone, problems);
  const kind = singleTerm(hubTermsOf(record, problems), 'bch-organization-kind', 'kind of organisation', problems);
  if (problems.length > 0 || !id || !name || !description || !kind) return undefined;
  return { id, name, description, kind: kind as OrganizationKind, url: url ?? null, email: email ?? null, phone: phone ?? null };
}

function readOffer(record: FeedRecord, problems: string[]): OfferRow | undefined {
  const terms = hubTermsOf(record, problems);
  const id = boundedText(localIdOf(record), 'bch_id', textLimits.name, problems, true);
  const organizationId = boundedText(providerIdOf(record), 'organization_id', textLimits.name, problems, true);
  const title = boundedText(textOf(record, 'name'), 'name', textLimits.name, problems, true);
  const description = boundedText(textOf(record, 'description'), 'description', textLimits.description, problems, true);
  const url = boundedText(textOf(record, 'url'), 'url', textLimits.url, problems, true);
  const email = boundedText(textOf(record, 'email'), 'email', textLimits.email, problems);
  const phone = boundedText(phoneOf(record), 'phones', textLimits.phone, problems);
  const cost = boundedText(textOf(record, 'fees_description') ?? textOf(record, 'fees'), 'fees_description', textLimits.fees, problems) ?? '';
  const workstream = singleTerm(terms, 'bch-workstream', 'workstream', problems);
  // A national or regional area (by its ONS URI) covers every district; otherwise the districts named.
  const { wide, rest } = splitWideAreas(record);
  const districts = districtsOf(rest, problems);
  const costTerm = orderedCodes(terms, 'bch-cost');
  const crimeTypes = orderedCodes(terms, 'bch-crime-type');
  if (problems.length > 0 || !id || !organizationId || !title || !description || !url || !workstream) return undefined;
  return {
    id,
    organizationId,
    title,
    description,
    url,
    email: email ?? null,
    phone: phone ?? null,
    cost,
    // Without a bch-cost term, an offer is free when its fees say so.
    free: costTerm.length > 0 ? costTerm[0] === 'FREE' : /^free\b/i.test(cost),
    workstream: workstream as Workstream,
    eligibleSectors: orderedCodes(terms, 'bch-sector'),
    eligibleSizes: orderedCodes(terms, 'bch-business-size'),
    // Support stores "all 9 districts" (and a wider area) as no restriction at all.
    districtCodes: wide || !districts || districts.length === allDistrictCodes.length ? [] : districts,
    scope: scopeOfDistricts(wide ? [] : (districts ?? []), wide?.scope),
    wideAreaCode: wide?.code ?? null,
    ruralOnly: orderedCodes(terms, 'bch-eligibility').includes('RURAL_ONLY'),
    allCrimeTypes: crimeTypes.includes(anyCrimeType),
    crimeTypeCodes: crimeTypes.includes(anyCrimeType) ? [] : crimeTypes,
    active: textOf(record, 'status') === 'active',
  };
}

/**
 * Imports a feed into support's database: every record checked against the UK profile's schema
 * and the hub's vocabulary first; the records taken are written in one transaction (none, with
 * `allOrNothing`, when any was refused). New offers follow the feed's order after the existing
 * ones; an existing offer keeps its place.
 */
export async function importSupportFeed(prisma: PrismaClient, feed: OrukFeed, options: ImportOptions = {}): Promise<ImportReport> {
  const refused: Refusal[] = [];
  const refuse = (kind: string, record: unknown, index: number, reasons: string[]) => refused.push({ kind, record: describeRecord(record, index), reasons });

  // Organisations: those the feed lists, then those its services embed (the list wins).
  const organizations = new Map<string, OrganizationRow>();
  const refusedOrganizations = new Set<string>();
  const takeOrganization = (raw: unknown, index: number, checked: boolean) => {
    const { record, reasons } = checked ? { record: raw as FeedRecord, reasons: [] } : checkAgainstSchema(orukValidators.organization, raw);
    const problems = [...reasons];
    const row = record ? readOrganization(record, problems) : undefined;
    if (!row) {
      if (record) refusedOrganizations.add(localIdOf(record));
      return refuse('organization', raw, index, problems);
    }
    if (!organizations.has(row.id)) organizations.set(row.id, row);
  };
  feed.organizations.forEach((raw, index) => takeOrganization(raw, index, false));

  const offers: OfferRow[] = [];
  const offerIds = new Set<string>();
  feed.services.forEach((raw, index) => {
    const { record, reasons } = checkAgainstSchema(orukValidators.service, raw);
    if (!record) return refuse('service', raw, index, reasons);
    const embedded = record.organization as FeedRecord | undefined;
    if (embedded && !organizations.has(localIdOf(embedded)) && !refusedOrganizations.has(localIdOf(embedded))) takeOrganization(embedded, index, true);
    const problems: string[] = [];
    const row = readOffer(record, problems);
    if (row && offerIds.has(row.id)) problems.push(`the feed lists service ${row.id} more than once`);
    if (!row || problems.length > 0) return refuse('service', raw, index, problems);
    offers.push(row);
    offerIds.add(row.id);
  });

  // One query each for what exists already.
  const providerIds = [...new Set(offers.map((offer) => offer.organizationId))];
  const [existingOrganizations, knownProviders, existingOffers, last] = await Promise.all([
    prisma.organization.findMany({ where: { id: { in: [...organizations.keys()] } } }),
    prisma.organization.findMany({ where: { id: { in: providerIds } }, select: { id: true } }),
    prisma.supportOffer.findMany({ where: { id: { in: offers.map((offer) => offer.id) } } }),
    prisma.supportOffer.aggregate({ _max: { sortOrder: true } }),
  ]);
  const known = new Set([...organizations.keys(), ...knownProviders.map(({ id }) => id)]);
  const taken = offers.filter((offer) => {
    if (known.has(offer.organizationId)) return true;
    const why = refusedOrganizations.has(offer.organizationId) ? 'its organisation was refused' : 'organisation unknown: it is neither in the feed nor in the directory';
    refused.push({ kind: 'service', record: offer.id, reasons: [`${why} (${offer.organizationId})`] });
    return false;
  });

  const report: ImportReport = { organizations: noCounts(), services: noCounts(), refused, written: !(options.allOrNothing && refused.length > 0) };
  if (!report.written) return report;

  const organizationsBefore = new Map(existingOrganizations.map((row) => [row.id, row]));
  const offersBefore = new Map(existingOffers.map((row) => [row.id, row]));
  const newOrganizations = [...organizations.values()].filter((row) => !organizationsBefore.has(row.id));
  const changedOrganizations = [...organizations.values()].filter((row) => organizationsBefore.has(row.id) && !unchanged(organizationsBefore.get(row.id)!, row));
  let next = (last._max.sortOrder ?? -1) + 1;
  const newOffers = taken.filter((row) => !offersBefore.has(row.id)).map((row) => ({ ...row, sortOrder: next++ }));
  const changedOffers = taken.filter((row) => offersBefore.has(row.id) && !unchanged(offersBefore.get(row.id)!, row));

  await prisma.$transaction(async (tx) => {
    if (newOrganizations.length > 0) await tx.organization.createMany({ data: newOrganizations });
    for (const { id, ...data } of changedOrganizations) await tx.organization.update({ where: { id }, data });
    if (newOffers.length > 0) await tx.supportOffer.createMany({ data: newOffers });
    for (const { id, ...data } of changedOffers) await tx.supportOffer.update({ where: { id }, data });
  });
  report.organizations = { created: newOrganizations.length, updated: changedOrganizations.length, unchanged: organizations.size - newOrganizations.length - changedOrganizations.length };
  report.services = { created: newOffers.length, updated: changedOffers.length, unchanged: taken.length - newOffers.length - changedOffers.length };
  return report;
}
