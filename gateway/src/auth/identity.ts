// Verifies `Authorization: Bearer <JWT>` and turns it into an Identity.
// PLACEHOLDER: every caller is anonymous until token verification is built.
import { anonymous, type EnvReader, type Identity } from '@crimehub/common';

export interface AuthConfig {}

export function readAuthConfig(_read: EnvReader): AuthConfig {
  return {};
}

/** Resolves a request's identity from its Authorization header; throws UNAUTHENTICATED for a bad token. */
export async function createIdentityResolver(_config: AuthConfig): Promise<(authorization: string | undefined) => Promise<Identity>> {
  return async () => anonymous;
}
