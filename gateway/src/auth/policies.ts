// The named policies that `@policy` in subgraph SDL refers to. The gateway decides what it can
// from the identity alone; the subgraph that owns the rows applies the row part (which rows
// of a business user's own business) again, where the data is.
import type { Identity } from '@crimehub/common';
import type { Policies } from './authorize.ts';

// Each policy judges the role and whether the identity carries a business or organisation id,
// never which one: the gateway caches an operation's authorization by those (callerKind in authorize.ts).
const hasRole = (identity: Identity, ...roles: string[]) => identity.kind === 'user' && roles.includes(identity.role);

export const policies: Policies = {
  /** The police, or a business user for its own business's reports (rows narrowed by the police subgraph). */
  'crime-report-reader': (identity) => hasRole(identity, 'police') || (hasRole(identity, 'business') && identity.kind === 'user' && !!identity.businessId),
  /** Police, partner staff and administrators, or a business user for its own profile (rows narrowed by the support subgraph). */
  'business-profile-reader': (identity) => hasRole(identity, 'police', 'partner', 'admin') || (hasRole(identity, 'business') && identity.kind === 'user' && !!identity.businessId),
};
