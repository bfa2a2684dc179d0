// Who the explorer speaks as: a token kept in sessionStorage (this tab only, gone when the tab
// closes; a new tab starts signed out), sent as `Authorization: Bearer`. The token is pasted, or,
// when the gateway names an OpenID Connect provider, obtained with the authorization-code flow
// with PKCE, in the page: no secret, no server session.

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

export interface ExplorerSettings {
  graphqlPath: string;
  oidc: OidcSettings | null;
}

const tokenKey = 'bch.explorer.token';
const flowKey = 'bch.explorer.oidc';
const listeners = new Set<() => void>();

export function currentToken(): string | null {
  return sessionStorage.getItem(tokenKey);
}

export function setToken(token: string | null): void {
  if (token === null || token.trim() === '') sessionStorage.removeItem(tokenKey);
  else sessionStorage.setItem(tokenKey, token.trim().replace(/^Bearer\s+/i, ''));
  for (const listener of listeners) listener();
}

export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The claims of a JWT, read (not checked: the gateway checks) to show who is signed in. */
export function tokenClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(oidc: OidcSettings): Promise<Discovery> {
  const response = await fetch(`${oidc.issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The sign-in provider's discovery document answered ${response.status}`);
  const discovery = (await response.json()) as Partial<Discovery>;
  if (typeof discovery.authorization_endpoint !== 'string' || typeof discovery.token_endpoint !== 'string')
    throw new Error("The sign-in provider's discovery document names no authorization or token endpoint");
  return discovery as Discovery;
}

/** Where the provider sends the browser back: the explorer itself. */
const redirectUri = () => `${location.origin}/explorer/`;

/** Leaves for the provider's sign-in page; the provider sends the browser back with a code. */
export async function startSignIn(oidc: OidcSettings): Promise<void> {
  const discovery = await discover(oidc);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(flowKey, JSON.stringify({ verifier, state }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Back from the provider (`?code=…&state=…`): exchanges the code for an access token. Answers whether it did. */
export async function finishSignIn(oidc: OidcSettings | null): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return false;
  history.replaceState(null, '', location.pathname);
  const flow = sessionStorage.getItem(flowKey);
  sessionStorage.removeItem(flowKey);
  if (error) throw new Error(`The sign-in provider refused: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`);
  if (!oidc) throw new Error('The explorer was sent a sign-in code, but no provider is configured');
  const { verifier, state } = (flow ? JSON.parse(flow) : {}) as { verifier?: string; state?: string };
  if (!verifier || !state || params.get('state') !== state) throw new Error('The sign-in answer does not match a sign-in started in this tab: sign in again');
  const discovery = await discover(oidc);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri(), client_id: oidc.clientId, code_verifier: verifier }).toString(),
  });
  const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
  if (!response.ok || typeof answer.access_token !== 'string') throw new Error(`The sign-in provider gave no token (${response.status}${typeof answer.error === 'string' ? `: ${answer.error}` : ''})`);
  setToken(answer.access_token);
  return true;
}
