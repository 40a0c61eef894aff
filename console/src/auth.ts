import type { AuthConfig } from './config';
import type { Group } from './types';

/**
 * Who is signed in, kept in sessionStorage: gone when the tab closes.
 *
 * Locally, a development user picker issues the development tokens the local
 * API accepts (`Bearer dev:<username>:<group>`). On AWS, the Cognito hosted
 * UI signs officers in with the authorization code flow and PKCE: the console
 * keeps the ID token, which the API's Cognito authorizer checks, and reads
 * the username and groups from its payload.
 */
export interface Session {
  token: string;
  username: string;
  groups: Group[];
  /** The officer's email address as the user pool holds it; absent for development tokens. */
  email?: string;
  /** Milliseconds since the epoch; absent for development tokens, which do not expire. */
  expiresAt?: number;
}

const SESSION_KEY = 'lado.console.session';
const PKCE_KEY = 'lado.console.pkce';
const KNOWN_GROUPS: readonly Group[] = ['lado-officer', 'lado-manager', 'operations'];

/** An officer id as the API accepts one (functions/domain/threshold-decision.ts, officerIdSchema). */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{2,64}$/;

export function currentSession(): Session | undefined {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (!text) return undefined;
  try {
    const session = JSON.parse(text) as Session;
    if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
      sessionStorage.removeItem(SESSION_KEY);
      return undefined;
    }
    return session;
  } catch {
    sessionStorage.removeItem(SESSION_KEY);
    return undefined;
  }
}

function keep(session: Session): Session {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function devSignIn(username: string, group: Group): Session {
  if (!USERNAME_PATTERN.test(username)) throw new Error('Enter a username of 2 to 64 letters, digits, dots, hyphens, underscores or @');
  return keep({ token: `dev:${username}:${group}`, username, groups: [group] });
}

/** Forgets the session in this tab only: the token was refused or has expired. */
export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Forgets the session; on AWS, also ends the hosted UI's session. */
export function signOut(auth: AuthConfig): void {
  forgetSession();
  if (auth.kind === 'cognito') {
    const logout = new URL('/logout', auth.domain);
    logout.searchParams.set('client_id', auth.clientId);
    logout.searchParams.set('logout_uri', auth.redirectUri);
    window.location.assign(logout.toString());
  }
}

// ── PKCE (RFC 7636) with Web Crypto ──

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** A code verifier of 43 characters from 32 random bytes, and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomString(32);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}

/** Sends the browser to the hosted UI; it comes back to redirectUri with ?code=…&state=…. */
export async function startCognitoSignIn(auth: Extract<AuthConfig, { kind: 'cognito' }>, returnTo: string): Promise<void> {
  const { verifier, challenge } = await pkcePair();
  const state = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const authorize = new URL('/oauth2/authorize', auth.domain);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  }).toString();
  window.location.assign(authorize.toString());
}

/** The claims of a JWT's payload, unverified: the API verifies the token; the console only reads who it names. */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('The sign-in service returned a token that is not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export function sessionFromIdToken(idToken: string): Session {
  const claims = jwtClaims(idToken);
  const username = claims['cognito:username'];
  if (typeof username !== 'string') throw new Error('The ID token names no cognito:username');
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]) : [];
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : undefined;
  const email = claims['email'];
  return {
    token: idToken,
    username,
    groups: groups.filter((g): g is Group => typeof g === 'string' && (KNOWN_GROUPS as readonly string[]).includes(g)),
    ...(typeof email === 'string' ? { email } : {}),
    ...(exp !== undefined ? { expiresAt: exp } : {}),
  };
}

/**
 * The hosted UI's return: checks the state, exchanges the code and the
 * verifier for tokens at /oauth2/token, keeps the ID token and clears the
 * code from the address bar. Undefined when this load is not a return.
 */
export async function completeCognitoSignIn(auth: Extract<AuthConfig, { kind: 'cognito' }>): Promise<{ session: Session; returnTo: string } | undefined> {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return undefined;
  const pending = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  if (error) throw new Error(`Sign-in failed: ${params.get('error_description') ?? error}`);
  const { verifier, state, returnTo } = pending ? (JSON.parse(pending) as { verifier: string; state: string; returnTo: string }) : ({} as Record<string, undefined>);
  if (!verifier || params.get('state') !== state) throw new Error('Sign-in could not be completed: the answer did not match the request. Sign in again.');
  const response = await fetch(new URL('/oauth2/token', auth.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: auth.clientId, code: code!, redirect_uri: auth.redirectUri, code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`Sign-in could not be completed (HTTP ${response.status}). Sign in again.`);
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('The sign-in service returned no ID token');
  return { session: keep(sessionFromIdToken(tokens.id_token)), returnTo: returnTo ?? '' };
}
