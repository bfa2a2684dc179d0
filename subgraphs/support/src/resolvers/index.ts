// Resolvers of the support subgraph: partner organisations, support offers and their
// eligibility, business profiles, enquiries to providers, the caller (`me`), and the Growth Hub's
// part of a help answer. Typed from the SDL by GraphQL Code Generator (subgraphs/support/codegen.ts).
import { foundEntity, toHelpKey, type Ranked } from '@crimehub/common';
import type { SupportOffer } from '../generated/prisma/client.ts';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { mayReadBusiness } from './access.ts';
import { organizations, supportOffer, supportOffers } from './directory.ts';
import { answerEnquiry, enquiry, requestSupport } from './enquiries.ts';
import { helpSupportOffers, helpSupportOffersConnection } from './help.ts';
import { supportStatistics } from '../statistics.ts';
import { registerBusiness, updateBusiness } from './profiles.ts';
import { viewerResolvers } from './viewer.ts';

const readBusiness = (ctx: Context, id: string) => (mayReadBusiness(ctx.identity, id) ? ctx.loaders.business.load(id) : null);

export const resolvers: Resolvers = {
  Query: {
    ...viewerResolvers.Query,
    organizations: (_, args, ctx) => organizations(ctx, args),
    organization: (_, args, ctx) => ctx.loaders.organization.load(args.id),
    business: (_, args, ctx) => readBusiness(ctx, args.id),
    supportOffers: (_, args, ctx) => supportOffers(ctx, args),
    supportOffer: (_, args, ctx) => supportOffer(ctx, args.id),
    enquiry: (_, args, ctx) => enquiry(ctx, args.id),
    supportStatistics: (_, args, ctx) => supportStatistics(ctx.prisma, ctx.identity, args),
  },
  Mutation: {
    registerBusiness: (_, args, ctx) => registerBusiness(args.input, ctx),
    updateBusiness: (_, args, ctx) => updateBusiness(args.input, ctx),
    requestSupport: (_, args, ctx) => requestSupport(args.input, ctx),
    answerEnquiry: (_, args, ctx) => answerEnquiry(args.input, ctx),
  },
  Enquiry: {
    // Foreign keys keep these rows; should one still be missing, only this field fails (NOT_FOUND).
    offer: async (enquiry, _, ctx) => foundEntity(await ctx.loaders.offer.load(enquiry.offerId), `Support offer ${enquiry.offerId} is missing.`),
    provider: async (enquiry, _, ctx) => foundEntity(await ctx.loaders.organization.load(enquiry.organizationId), `Organisation ${enquiry.organizationId} is missing.`),
    business: async (enquiry, _, ctx) => foundEntity(await readBusiness(ctx, enquiry.businessId), `Business ${enquiry.businessId} is missing.`),
  },
  Viewer: viewerResolvers.Viewer,
  Help: {
    __resolveReference: (ref) => toHelpKey(ref),
    supportOffers: (help, args, ctx) => helpSupportOffers(ctx, help, args),
    supportOffersConnection: (help, args, ctx) => helpSupportOffersConnection(ctx, help, args),
  },
  Organization: {
    __resolveReference: async (ref, ctx) => foundEntity(await ctx.loaders.organization.load(ref.id), `No partner organisation has the id "${ref.id}" in the Growth Hub's directory.`),
    supportOffers: (org, _, ctx) => ctx.loaders.offersByOrganization.load(org.id),
  },
  SupportOffer: {
    provider: async (offer, _, ctx) => foundEntity(await ctx.loaders.organization.load(offer.organizationId), `Organisation ${offer.organizationId} is missing.`),
    districts: (offer) => offer.districtCodes.map((code) => ({ code })),
    crimeTypes: (offer) => (offer.allCrimeTypes ? [] : offer.crimeTypeCodes.map((code) => ({ code }))),
    // Set by the ranking of a help answer only.
    reasons: (offer) => (offer as Partial<Ranked<SupportOffer>>).reasons ?? null,
  },
  Business: {
    // Another business's profile stays null, as in Query.business: the row rule, not a fault.
    __resolveReference: async (ref, ctx) =>
      mayReadBusiness(ctx.identity, ref.id) ? foundEntity(await ctx.loaders.business.load(ref.id), `Business ${ref.id} has no profile with the hub: it has not registered (registerBusiness).`) : null,
    district: (business) => ({ code: business.districtCode }),
  },
};
