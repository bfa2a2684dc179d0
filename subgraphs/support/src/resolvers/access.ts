// Who may read and write business profiles and enquiries, row by row. The gateway applies the
// schema's @requiresScopes and @policy first; these are the same rules again in the service
// that owns the data, so a request that reached it some other way still sees only what it may.
import { ErrorCode, requireRole, userError, type Identity } from '@crimehub/common';

type User = Extract<Identity, { kind: 'user' }>;

/**
 * Whether the caller may read this business's profile: police, partner staff and administrators
 * any; a business user its own.
 */
export function mayReadBusiness(identity: Identity, businessId: string): boolean {
  if (identity.kind !== 'user') throw userError(ErrorCode.UNAUTHENTICATED, 'Sign in to read business profiles.');
  if (identity.role === 'business') return identity.businessId === businessId;
  if (identity.role === 'police' || identity.role === 'partner' || identity.role === 'admin') return true;
  throw userError(ErrorCode.FORBIDDEN, 'Your role may not read business profiles.');
}

/** The business a signed-in business user acts for (its token's business_id); FORBIDDEN otherwise. */
export function requireOwnBusiness(identity: Identity, action: string): { user: User; businessId: string } {
  const user = requireRole(identity, ['business'], action);
  if (!user.businessId) throw userError(ErrorCode.FORBIDDEN, `Your token names no business (business_id), so you may not ${action}.`);
  return { user, businessId: user.businessId };
}

/** The organisation signed-in partner staff work for (their token's org_id); FORBIDDEN otherwise. */
export function requireOwnOrganization(identity: Identity, action: string): { user: User; organizationId: string } {
  const user = requireRole(identity, ['partner'], action);
  if (!user.organizationId) throw userError(ErrorCode.FORBIDDEN, `Your token names no organisation (org_id), so you may not ${action}.`);
  return { user, organizationId: user.organizationId };
}
