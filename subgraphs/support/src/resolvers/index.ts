// Resolvers of the support subgraph: partner organisations, support offers and their
// eligibility, business profiles, enquiries to providers, and the Growth Hub's part of a help answer.
import { foundEntity, requireDistrictCode, toHelpKey, type HelpKey } from '@crimehub/common';
import type { Enquiry, EnquiryStatus, Organization, SupportOffer } from '../generated/prisma/client.ts';
import { eligibleOffersWhere, offerOrder, type Context } from '../loaders.ts';
import { mayReadBusiness } from './access.ts';
import { viewerResolvers } from './viewer.ts';
import { answerEnquiry, enquiriesForOrganization, myEnquiries, requestSupport, type AnswerEnquiryArgs, type RequestSupportInput } from './enquiries.ts';
import { registerBusiness, updateBusiness, type RegisterBusinessInput, type UpdateBusinessInput } from './profiles.ts';

interface OfferArgs {
  sector?: string | null;
  size?: string | null;
  district?: string | null;
  workstream?: string | null;
}

const readBusiness = (ctx: Context, id: string) => (mayReadBusiness(ctx.identity, id) ? ctx.loaders.business.load(id) : null);

export const resolvers = {
  Query: {
    ...viewerResolvers.Query,
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
    myEnquiries: (_: unknown, __: unknown, ctx: Context) => myEnquiries(ctx),
    enquiriesForMyOrganization: (_: unknown, args: { status?: EnquiryStatus | null }, ctx: Context) => enquiriesForOrganization(args.status, ctx),
  },
  Mutation: {
    registerBusiness: (_: unknown, args: { input: RegisterBusinessInput }, ctx: Context) => registerBusiness(args.input, ctx),
    updateBusiness: (_: unknown, args: { input: UpdateBusinessInput }, ctx: Context) => updateBusiness(args.input, ctx),
    requestSupport: (_: unknown, args: { input: RequestSupportInput }, ctx: Context) => requestSupport(args.input, ctx),
    answerEnquiry: (_: unknown, args: AnswerEnquiryArgs, ctx: Context) => answerEnquiry(args, ctx),
  },
  Enquiry: {
    offer: (enquiry: Enquiry, _: unknown, ctx: Context) => ctx.loaders.offer.load(enquiry.offerId),
    provider: (enquiry: Enquiry, _: unknown, ctx: Context) => ctx.loaders.organization.load(enquiry.organizationId),
    business: (enquiry: Enquiry, _: unknown, ctx: Context) => readBusiness(ctx, enquiry.businessId),
    answeredAt: (enquiry: Enquiry) => enquiry.answeredAt?.toISOString() ?? null,
    createdAt: (enquiry: Enquiry) => enquiry.createdAt.toISOString(),
  },
  Viewer: viewerResolvers.Viewer,
  Help: {
    __resolveReference: (ref: HelpKey) => toHelpKey(ref),
    supportOffers: (help: HelpKey, _: unknown, ctx: Context) => ctx.loaders.offersForHelp.load(help),
  },
  Organization: {
    __resolveReference: async (ref: { id: string }, ctx: Context) =>
      foundEntity(await ctx.loaders.organization.load(ref.id), `No partner organisation has the id "${ref.id}" in the Growth Hub's directory.`),
    supportOffers: (org: Organization, _: unknown, ctx: Context) => ctx.loaders.offersByOrganization.load(org.id),
  },
  SupportOffer: {
    provider: (offer: SupportOffer, _: unknown, ctx: Context) => ctx.loaders.organization.load(offer.organizationId),
    crimeTypes: (offer: SupportOffer) => (offer.allCrimeTypes ? [] : offer.crimeTypeCodes.map((code) => ({ code }))),
  },
  Business: {
    // Another business's profile stays null, as in Query.business: the row rule, not a fault.
    __resolveReference: async (ref: { id: string }, ctx: Context) =>
      mayReadBusiness(ctx.identity, ref.id)
        ? foundEntity(await ctx.loaders.business.load(ref.id), `Business ${ref.id} has no profile with the hub: it has not registered (registerBusiness).`)
        : null,
  },
};
