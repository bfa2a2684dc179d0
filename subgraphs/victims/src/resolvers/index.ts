// Resolvers of the victims subgraph (mercurius), typed by GraphQL Code Generator from its SDL:
// the directory and the Victims' Code (services.ts), and referrals (referrals.ts). The scalars
// come from common (server.ts adds those the SDL declares).
import type { MercuriusResolvers } from '@crimehub/common';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from '../loaders.ts';
import { victimStatistics } from '../statistics.ts';
import { referralMutations, referralQueries, referralResolvers, viewerResolvers } from './referrals.ts';
import { helpResolvers, serviceQueries, victimsCodeRightResolvers, victimServiceResolvers } from './services.ts';

/** The generated resolver types, with mercurius's `__resolveReference(reference, {}, context, info)`. */
export type VictimsResolvers = MercuriusResolvers<Resolvers<Context>, Context>;

export const resolvers: VictimsResolvers = {
  Query: { ...serviceQueries, ...referralQueries, victimStatistics: (_, args, ctx) => victimStatistics(ctx.prisma, ctx.identity, args) },
  Mutation: referralMutations,
  Referral: referralResolvers,
  Viewer: viewerResolvers,
  Help: helpResolvers,
  VictimService: victimServiceResolvers,
  VictimsCodeRight: victimsCodeRightResolvers,
};
