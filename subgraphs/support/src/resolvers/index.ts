// Resolvers of the support subgraph: partner organisations, support offers and their
// eligibility, business profiles, and the Growth Hub's part of a help answer.
import { requireDistrictCode, toHelpKey, type HelpKey } from '@crimehub/common';
import type { Organization, SupportOffer } from '../generated/prisma/client.ts';
import { eligibleOffersWhere, offerOrder, type Context } from '../loaders.ts';

interface OfferArgs {
  sector?: string | null;
  size?: string | null;
  district?: string | null;
  workstream?: string | null;
}

export const resolvers = {
  Query: {
    organizations: (_: unknown, __: unknown, ctx: Context) => ctx.prisma.organization.findMany({ orderBy: { name: 'asc' } }),
    organization: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.organization.load(args.id),
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
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.business.load(ref.id),
  },
};
