// Support's directory out: an Organization becomes an Open Referral UK organization, a
// SupportOffer a service (its categories as hub terms, its districts as service areas).
import {
  allDistrictCodes,
  anyCrimeType,
  attributesFor,
  compact,
  inTaxonomyOrder,
  orukId,
  phonesFor,
  serviceAreasFor,
  type HubTaxonomyKey,
  type OrukOrganization,
  type OrukService,
  wideServiceArea,
} from '@crimehub/common';
import type { Organization, SupportOffer } from '../generated/prisma/client.ts';

export function organizationRecord(organization: Organization): OrukOrganization {
  const id = orukId('organization', organization.id);
  return compact({
    id,
    bch_id: organization.id,
    name: organization.name,
    description: organization.description,
    email: organization.email ?? undefined,
    website: organization.url ?? undefined,
    phones: phonesFor(id, organization.phone),
    attributes: attributesFor(id, [['bch-organization-kind', organization.kind]]),
  });
}

/** The offer's hub terms: workstream, cost, crime types, then who is eligible. */
function offerTerms(offer: SupportOffer): [HubTaxonomyKey, string][] {
  const crimeTypes = offer.allCrimeTypes ? [anyCrimeType] : inTaxonomyOrder('bch-crime-type', offer.crimeTypeCodes);
  return [
    ['bch-workstream', offer.workstream],
    ['bch-cost', offer.free ? 'FREE' : 'CHARGED'],
    ...crimeTypes.map((code): [HubTaxonomyKey, string] => ['bch-crime-type', code]),
    ...inTaxonomyOrder('bch-sector', offer.eligibleSectors).map((code): [HubTaxonomyKey, string] => ['bch-sector', code]),
    ...inTaxonomyOrder('bch-business-size', offer.eligibleSizes).map((code): [HubTaxonomyKey, string] => ['bch-business-size', code]),
    ...(offer.ruralOnly ? [['bch-eligibility', 'RURAL_ONLY'] as [HubTaxonomyKey, string]] : []),
  ];
}

/** A fully nested service. An offer with no districts is open in all 9, and says so; a national or regional one names its area. */
export function serviceRecord(offer: SupportOffer, provider: Organization): OrukService {
  const id = orukId('service', offer.id);
  const organization = organizationRecord(provider);
  return compact({
    id,
    bch_id: offer.id,
    organization_id: organization.id,
    bch_organization_id: provider.id,
    name: offer.title,
    description: offer.description,
    url: offer.url,
    email: offer.email ?? undefined,
    status: offer.active ? 'active' : 'inactive',
    fees_description: offer.cost,
    organization,
    service_areas: offer.wideAreaCode ? [wideServiceArea(id, offer.wideAreaCode)] : serviceAreasFor(id, offer.districtCodes.length > 0 ? offer.districtCodes : allDistrictCodes),
    phones: phonesFor(id, offer.phone),
    attributes: attributesFor(id, offerTerms(offer)),
  });
}
