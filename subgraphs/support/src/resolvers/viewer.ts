// `me`: who is asking and what they may do (schema/CONVENTIONS.md §6). The support subgraph owns
// Viewer because it holds the two records a caller acts for: a business profile, an organisation.
import { isCallersViewer, permissionsOf, viewerIdOf, type Identity } from '@crimehub/common';
import type { Context } from '../loaders.ts';

interface ViewerParent {
  id: string;
  identity: Identity;
}

const viewerOf = (identity: Identity): ViewerParent => ({ id: viewerIdOf(identity), identity });

export const viewerResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Context) => viewerOf(ctx.identity),
  },
  Viewer: {
    __resolveReference: (ref: { id: string }, ctx: Context) => (isCallersViewer(ref, ctx.identity) ? viewerOf(ctx.identity) : null),
    signedIn: (viewer: ViewerParent) => viewer.identity.kind === 'user',
    role: (viewer: ViewerParent) => (viewer.identity.kind === 'user' ? viewer.identity.role.toUpperCase() : null),
    // The caller's own profile; null until it registers, which is not an error for `me`.
    business: (viewer: ViewerParent, _: unknown, ctx: Context) =>
      viewer.identity.kind === 'user' && viewer.identity.role === 'business' && viewer.identity.businessId ? ctx.loaders.business.load(viewer.identity.businessId) : null,
    organization: (viewer: ViewerParent, _: unknown, ctx: Context) =>
      viewer.identity.kind === 'user' && viewer.identity.role === 'partner' && viewer.identity.organizationId ? ctx.loaders.organization.load(viewer.identity.organizationId) : null,
    permissions: (viewer: ViewerParent) => permissionsOf(viewer.identity),
  },
};
