// Victims' directory out: a VictimService becomes an Open Referral UK service. Its provider is
// an organisation of the support directory, named by the same derived id (and its hub id).
import { anyCrimeType, attributesFor, compact, inTaxonomyOrder, orukId, phonesFor, serviceAreasFor, wideServiceArea, type HubTaxonomyKey, type OrukService } from '@crimehub/common';
import type { VictimService } from '../generated/prisma/client.ts';

function serviceTerms(service: VictimService): [HubTaxonomyKey, string][] {
  const crimeTypes = service.allCrimeTypes ? [anyCrimeType] : inTaxonomyOrder('bch-crime-type', service.crimeTypeCodes);
  return [
    ['bch-referral-route', service.referralRoute],
    ...(service.servesBusinesses ? [['bch-audience', 'BUSINESSES'] as [HubTaxonomyKey, string]] : []),
    ...(service.servesIndividuals ? [['bch-audience', 'INDIVIDUALS'] as [HubTaxonomyKey, string]] : []),
    ...crimeTypes.map((code): [HubTaxonomyKey, string] => ['bch-crime-type', code]),
    ...service.stages.map((stage): [HubTaxonomyKey, string] => ['bch-case-stage', stage]),
    ...[...service.rights].sort((a, b) => a - b).map((right): [HubTaxonomyKey, string] => ['bch-victims-code-right', String(right)]),
    ...(service.ruralOnly ? [['bch-eligibility', 'RURAL_ONLY'] as [HubTaxonomyKey, string]] : []),
  ];
}

/** A fully nested service: how to be referred is its application process, its hours a schedule; a national or regional one names its area. */
export function serviceRecord(service: VictimService): OrukService {
  const id = orukId('service', service.id);
  return compact({
    id,
    bch_id: service.id,
    organization_id: orukId('organization', service.providerId),
    bch_organization_id: service.providerId,
    name: service.name,
    description: service.description,
    url: service.url ?? undefined,
    email: service.email ?? undefined,
    status: 'active',
    application_process: service.howToBeReferred,
    service_areas: service.wideAreaCode ? [wideServiceArea(id, service.wideAreaCode)] : serviceAreasFor(id, service.districtCodes),
    phones: phonesFor(id, service.phone),
    schedules: service.hours ? [{ id: orukId('schedule', `${id}/hours`), service_id: id, description: service.hours }] : undefined,
    attributes: attributesFor(id, serviceTerms(service)),
  });
}
