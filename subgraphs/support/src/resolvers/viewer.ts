// `me`: who is asking and what they may do (schema/CONVENTIONS.md §6). The support subgraph owns
// Viewer because it holds the two records a caller acts for: a business profile, an organisation.
import { isCallersViewer, permissionsOf, viewerIdOf, type Identity } from '@crimehub/common';
import type { QueryResolvers, ViewerResolvers } from '../generated/graphql.ts';
import { enquiriesOf } from './enquiries.ts';

/** What the Viewer resolvers receive: the caller's id and identity. */
export interface ViewerParent {
  id: string;
  identity: Identity;
}

const viewerOf = (identity: Identity): ViewerParent => ({ id: viewerIdOf(identity), identity });

export const viewerResolvers: { Query: Pick<QueryResolvers, 'me'>; Viewer: ViewerResolvers } = {
  Query: {
    me: (_, __, ctx) => viewerOf(ctx.identity),
  },
  Viewer: {
    __resolveReference: (ref, ctx) => (isCallersViewer(ref, ctx.identity) ? viewerOf(ctx.identity) : null),
    signedIn: (viewer) => viewer.identity.kind === 'user',
    role: (viewer) => (viewer.identity.kind === 'user' ? (viewer.identity.role.toUpperCase() as Uppercase<typeof viewer.identity.role>) : null),
    // The caller's own profile; null until it registers, which is not an error for `me`.
    business: (viewer, _, ctx) => (viewer.identity.kind === 'user' && viewer.identity.role === 'business' && viewer.identity.businessId ? ctx.loaders.business.load(viewer.identity.businessId) : null),
    organization: (viewer, _, ctx) =>
      viewer.identity.kind === 'user' && viewer.identity.role === 'partner' && viewer.identity.organizationId ? ctx.loaders.organization.load(viewer.identity.organizationId) : null,
    permissions: (viewer) => permissionsOf(viewer.identity),
    // The Viewer is always the caller (see __resolveReference): its enquiries are the ones the caller may read.
    enquiries: (_, args, ctx) => enquiriesOf(ctx, args),
  },
};
