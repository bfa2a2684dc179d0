// The public directory: partner organisations and their support offers, paged by keyset
// (schema/CONVENTIONS.md §2) and narrowed by the filters a business needs.
import { findPage, inputChecks, pageRequest, requireDistrictCode, requireText, type Connection, type KeyColumn } from '@crimehub/common';
import type { Organization, SupportOffer } from '../generated/prisma/client.ts';
import type { QueryOrganizationsArgs, QuerySupportOffersArgs } from '../generated/graphql.ts';
import { eligibleOffersWhere, offerKey, type Context } from '../loaders.ts';

/** By name, ending in the unique id: the organizations keyset (index in schema.prisma). */
const byName: readonly KeyColumn[] = [
  { field: 'name', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'string' },
];

export function organizations(ctx: Context, args: QueryOrganizationsArgs): Promise<Connection<Organization>> {
  const page = pageRequest(args, byName);
  const kinds = args.filter?.kind;
  return findPage(ctx.prisma.organization, kinds ? { kind: { in: [...new Set(kinds)] } } : {}, byName, page);
}

export function supportOffers(ctx: Context, args: QuerySupportOffersArgs): Promise<Connection<SupportOffer>> {
  const filter = args.filter ?? {};
  const check = inputChecks();
  const page = check.run(() => pageRequest(args, offerKey));
  const districtCode = filter.district == null ? null : check.run(() => requireDistrictCode(filter.district!, 'filter.district'));
  const crimeTypeCode = filter.crimeType == null ? null : check.run(() => requireText(filter.crimeType, 'filter.crimeType', { max: 100 }));
  check.done();
  const where = eligibleOffersWhere({ sector: filter.sector, size: filter.size, districtCode, crimeTypeCode, workstreams: filter.workstream, free: filter.free });
  return findPage(ctx.prisma.supportOffer, where, offerKey, page);
}

/** An offer of the directory by id; null for none, or one withdrawn from the directory. */
export async function supportOffer(ctx: Context, id: string): Promise<SupportOffer | null> {
  const offer = await ctx.loaders.offer.load(id);
  return offer?.active ? offer : null;
}
