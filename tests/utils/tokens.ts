// Test identities: a throw-away signing key for the gateway (pass `gatewayEnv` to startHub) and
// tokens for any role, signed with it, as an identity provider would issue them.
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';

export interface TokenClaims {
  sub: string;
  role: 'business' | 'police' | 'partner' | 'analyst' | 'admin';
  business_id?: string;
  org_id?: string;
}

export interface TestTokens {
  /** Environment for the gateway so that it trusts these tokens. */
  gatewayEnv: Record<string, string>;
  /** A signed token for these claims, valid for 10 minutes. */
  token(claims: TokenClaims): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for these claims, or `{}` for an anonymous caller. */
  headers(claims?: TokenClaims): Promise<Record<string, string>>;
}

export async function createTestTokens(): Promise<TestTokens> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const token = (claims: TokenClaims) =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256' }).setIssuer('business-crime-hub').setAudience('business-crime-hub').setIssuedAt().setExpirationTime('10m').sign(privateKey);
  return {
    gatewayEnv: { AUTH_PUBLIC_KEY: await exportSPKI(publicKey) },
    token,
    headers: async (claims): Promise<Record<string, string>> => (claims ? { authorization: `Bearer ${await token(claims)}` } : {}),
  };
}
