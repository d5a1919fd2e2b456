/// <reference lib="dom" />
/**
 * The review page's sign-in. The API says how (`GET /auth/config`):
 * - `local` (charter serve, npm start): the page fetches a token for the local user from `/auth/session`, which
 *   the local server gives to its own pages only;
 * - `cognito` (AWS): the hosted sign-in with the authorization code flow and PKCE; the code comes back to this
 *   page and is exchanged for tokens at the user pool's token endpoint.
 * The access token is kept in sessionStorage (this tab only) and sent as `Authorization: Bearer`.
 */

interface AuthConfig {
  mode: 'local' | 'cognito' | 'none';
  session?: string;
  domain?: string;
  clientId?: string;
  scopes?: string[];
}

interface StoredToken {
  token: string;
  expiresAt: number;
}

const TOKEN_KEY = 'charter-token';
const VERIFIER_KEY = 'charter-pkce-verifier';
const STATE_KEY = 'charter-pkce-state';

let config: Promise<AuthConfig> | undefined;

function loadConfig(): Promise<AuthConfig> {
  config ??= fetch('/auth/config')
    .then((r) => (r.ok ? (r.json() as Promise<AuthConfig>) : { mode: 'none' as const }))
    .catch(() => ({ mode: 'none' as const }));
  return config;
}

function stored(): string | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as StoredToken | null;
    return value && value.expiresAt > Date.now() + 30_000 ? value.token : null;
  } catch {
    return null;
  }
}

function store(token: string, expiresInSeconds: number) {
  sessionStorage.setItem(
    TOKEN_KEY,
    JSON.stringify({ token, expiresAt: Date.now() + expiresInSeconds * 1000 }),
  );
}

/** Forgets the token (after a 401), so the next request signs in again. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The Authorization header for API requests; signs in first when needed (may leave the page for the hosted UI). */
export async function authHeaders(): Promise<Record<string, string>> {
  let token = stored();
  if (!token) {
    // One sign-in for all the requests that need it at once (an authorization code is good for one exchange).
    signingIn ??= signIn().finally(() => {
      signingIn = undefined;
    });
    token = await signingIn;
  }
  return token ? { authorization: `Bearer ${token}` } : {};
}

let signingIn: Promise<string | null> | undefined;

async function signIn(): Promise<string | null> {
  const settings = await loadConfig();
  if (settings.mode === 'local') {
    const response = await fetch(settings.session ?? '/auth/session', { credentials: 'same-origin' });
    if (!response.ok) return null;
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
    store(token, (Date.parse(expiresAt) - Date.now()) / 1000);
    return token;
  }
  if (settings.mode === 'cognito' && settings.domain && settings.clientId) return cognitoSignIn(settings);
  return null;
}

const redirectUri = () => `${location.origin}/review`;

async function cognitoSignIn(settings: AuthConfig): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code && params.get('state') === sessionStorage.getItem(STATE_KEY)) {
    const response = await fetch(`${settings.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: settings.clientId!,
        code,
        redirect_uri: redirectUri(),
        code_verifier: sessionStorage.getItem(VERIFIER_KEY) ?? '',
      }),
    });
    sessionStorage.removeItem(VERIFIER_KEY);
    sessionStorage.removeItem(STATE_KEY);
    params.delete('code');
    params.delete('state');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    if (!response.ok) return null;
    const tokens = (await response.json()) as { access_token: string; expires_in: number };
    store(tokens.access_token, tokens.expires_in);
    return tokens.access_token;
  }
  const verifier = randomString(64);
  const state = randomString(24);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId!,
    redirect_uri: redirectUri(),
    scope: (settings.scopes ?? ['openid']).join(' '),
    state,
    code_challenge: base64Url(digest),
    code_challenge_method: 'S256',
  });
  location.assign(`${settings.domain}/oauth2/authorize?${query}`);
  // The page is leaving for the sign-in: nothing more to do here.
  return new Promise<never>(() => {});
}

function randomString(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
