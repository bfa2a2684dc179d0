// Resolvers of the support subgraph: partner organisations, support offers and their
// eligibility, business profiles, and the Growth Hub's part of a help answer.
import { ErrorCode, requireDistrictCode, toHelpKey, userError, type HelpKey, type Identity } from '@crimehub/common';
import type { Organization, SupportOffer } from '../generated/prisma/client.ts';
import { eligibleOffersWhere, offerOrder, type Context } from '../loaders.ts';

interface OfferArgs {
  sector?: string | null;
  size?: string | null;
  district?: string | null;
  workstream?: string | null;
}

/**
 * Whether the caller may read this business's profile: police, partner staff and administrators
 * any; a business user its own. The gateway checks the schema's @requiresScopes first; this is
 * the same rule again, row by row, in the service that owns the data.
 */
function mayReadBusiness(identity: Identity, businessId: string): boolean {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Sign in to read business profiles.');
  if (identity.role === 'business') return identity.businessId === businessId;
  if (identity.role === 'police' || identity.role === 'partner' || identity.role === 'admin') return true;
  throw userError(ErrorCode.FORBIDDEN, 'Your role may not read business profiles.');
}

const readBusiness = (ctx: Context, id: string) => (mayReadBusiness(ctx.identity, id) ? ctx.loaders.business.load(id) : null);

export const resolvers = {
  Query: {
    organizations: (_: unknown, __: unknown, ctx: Context) => ctx.prisma.organization.findMany({ orderBy: { name: 'asc' } }),
    organization: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.organization.load(args.id),
    business: (_: unknown, args: { id: string }, ctx: Context) => readBusiness(ctx, args.id),
    supportOffers: (_: unknown, args: OfferArgs, ctx: Context) =>
      ctx.prisma.supportOffer.findMany({
        where: eligibleOffersWhere({
          sector: args.sector,
          size: args.size,
          districtCode: args.district == null ? null : requireDistrictCode(args.district, 'district'),
          workstream: args.workstream,
        }),
        orderBy: offerOrder,
      }),
  },
  Help: {
    __resolveReference: (ref: HelpKey) => toHelpKey(ref),
    supportOffers: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.offersForHelp.load(help),
  },
  Organization: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.organization.load(ref.id),
    supportOffers: (org: Organization, _: unknown, ctx: Context) => ctx.loaders.offersByOrganization.load(org.id),
  },
  SupportOffer: {
    provider: (offer: SupportOffer, _: unknown, ctx: Context) => ctx.loaders.organization.load(offer.organizationId),
    crimeTypes: (offer: SupportOffer) => (offer.allCrimeTypes ? [] : offer.crimeTypeCodes.map((code) => ({ code }))),
  },
  Business: {
    __resolveReference: (ref: { id: string }, ctx: Context) => readBusiness(ctx, ref.id),
  },
};
