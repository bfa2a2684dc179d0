// Who is asking: the identity the gateway verifies from a token and forwards, signed, to
// every subgraph. Roles map to the scopes that `@requiresScopes` in the subgraph SDL names.

export const roles = ['business', 'police', 'partner', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

export type Identity =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      /** The token's `sub`. */
      subject: string;
      role: Role;
      /** For a business user: the one business it acts for. */
      businessId?: string;
      /** For partner staff: the organisation they work for. */
      organizationId?: string;
    };

export const anonymous: Identity = { kind: 'anonymous' };

/** The scopes a role holds, as `@requiresScopes` names them: its role name. */
export function scopesOf(identity: Identity): string[] {
  return identity.kind === 'user' ? [identity.role] : [];
}

/** The id of the caller's `Viewer` (schema/CONVENTIONS.md §6): its token subject, or `anonymous`. */
export function viewerIdOf(identity: Identity): string {
  return identity.kind === 'user' ? identity.subject : 'anonymous';
}

/**
 * A subgraph that adds fields to `Viewer` answers only for the caller itself: the gateway builds
 * the representation from `me`, so another id means a request that did not come from `me`.
 */
export function isCallersViewer(ref: { id?: unknown }, identity: Identity): boolean {
  return ref.id === viewerIdOf(identity);
}
