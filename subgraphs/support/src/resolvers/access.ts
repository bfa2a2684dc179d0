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

/**
 * The enquiries the caller may read, as a `where`: a business user its own business's, partner
 * staff their organisation's, an administrator all; UNAUTHENTICATED or FORBIDDEN for anyone else.
 */
export function readableEnquiries(identity: Identity): { businessId?: string; organizationId?: string } {
  const user = requireRole(identity, ['business', 'partner', 'admin'], 'read enquiries');
  if (user.role === 'business') return { businessId: requireOwnBusiness(identity, 'read enquiries').businessId };
  if (user.role === 'partner') return { organizationId: requireOwnOrganization(identity, 'read enquiries').organizationId };
  return {};
}

/** Whether an enquiry lies inside what `readableEnquiries` lets the caller read. */
export function isReadableEnquiry(readable: { businessId?: string; organizationId?: string }, enquiry: { businessId: string; organizationId: string }): boolean {
  return (readable.businessId === undefined || readable.businessId === enquiry.businessId) && (readable.organizationId === undefined || readable.organizationId === enquiry.organizationId);
}
