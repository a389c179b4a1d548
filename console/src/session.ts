import { computed, signal } from '@preact/signals';
import * as oauth from 'oauth4webapi';
import type { Group } from './views/types.ts';

/**
 * Sign-in (console/README.md): OpenID Connect authorization code flow with PKCE (S256) against the
 * issuer that `GET /auth/config` names, with oauth4webapi. The tokens live only in these signals
 * (memory: gone with the tab or a reload) and are refreshed with the refresh token a minute before
 * they expire. Only the PKCE verifier and state cross the redirect, in sessionStorage, and are
 * deleted when the callback reads them; the callback's code leaves the address bar at once
 * (history.replaceState).
 */

interface AuthConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

interface Provider {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  scopes: string[];
  /** Local provider over plain HTTP on localhost: oauth4webapi refuses http: unless told. */
  options: { [oauth.allowInsecureRequests]?: boolean };
}

export interface User {
  name: string;
  groups: Group[];
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const ROUND_TRIP_KEY = 'workshop-console.sign-in';
/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 60_000;

const tokens = signal<Tokens | undefined>(undefined);
export const user = signal<User | undefined>(undefined);
export const signedIn = computed(() => tokens.value !== undefined);
/** Why the last sign-in or refresh failed, for the sign-in page. */
export const signInError = signal<string | undefined>(undefined);

let provider: Promise<Provider> | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

const redirectUri = () => `${location.origin}/console/callback`;

function discover(): Promise<Provider> {
  provider ??= (async () => {
    const response = await fetch('/auth/config');
    if (!response.ok) throw new Error('This API has no sign-in configured (GET /auth/config).');
    const config = (await response.json()) as AuthConfig;
    const issuer = new URL(config.issuer);
    const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oidc' }),
    );
    return { as, client: { client_id: config.clientId }, scopes: config.scopes, options };
  })();
  provider.catch(() => {
    provider = undefined;
  });
  return provider;
}

function groupsOf(claims: oauth.IDToken | undefined): Group[] {
  const groups = claims?.['cognito:groups'];
  if (!Array.isArray(groups)) return [];
  return groups.filter((group): group is Group => group === 'organizers' || group === 'reviewers');
}

function nameOf(claims: oauth.IDToken | undefined): string {
  for (const key of ['name', 'cognito:username', 'email', 'sub']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value) return value;
  }
  return 'signed in';
}

function accept(result: oauth.TokenEndpointResponse, previous?: Tokens) {
  const claims = oauth.getValidatedIdTokenClaims(result);
  const next: Tokens = {
    accessToken: result.access_token,
    expiresAt: Date.now() + (result.expires_in ?? 3600) * 1000,
    ...((result.refresh_token ?? previous?.refreshToken)
      ? { refreshToken: result.refresh_token ?? previous?.refreshToken }
      : {}),
    ...((result.id_token ?? previous?.idToken)
      ? { idToken: result.id_token ?? previous?.idToken }
      : {}),
  };
  tokens.value = next;
  if (claims) user.value = { name: nameOf(claims), groups: groupsOf(claims) };
  clearTimeout(refreshTimer);
  if (next.refreshToken) {
    const wait = Math.max(next.expiresAt - Date.now() - REFRESH_AHEAD_MS, 5_000);
    refreshTimer = setTimeout(() => {
      refresh().catch(() => undefined);
    }, wait);
  }
}

function forget() {
  clearTimeout(refreshTimer);
  tokens.value = undefined;
  user.value = undefined;
}

async function refresh(): Promise<void> {
  const current = tokens.value;
  if (!current?.refreshToken) return forget();
  const { as, client, options } = await discover();
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      current.refreshToken,
      options,
    );
    accept(await oauth.processRefreshTokenResponse(as, client, response), current);
  } catch {
    signInError.value = 'Your session ended: sign in again.';
    forget();
  }
}

/** The access token, refreshed first when it is about to expire; undefined when signed out. */
export async function accessToken(): Promise<string | undefined> {
  const current = tokens.value;
  if (current && current.expiresAt - Date.now() < REFRESH_AHEAD_MS) await refresh();
  return tokens.value?.accessToken;
}

/** Starts the round trip to the provider's sign-in; comes back to `returnTo`. */
export async function signIn(returnTo: string): Promise<void> {
  const { as, client, scopes } = await discover();
  if (!as.authorization_endpoint) throw new Error('The provider has no authorization endpoint.');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(ROUND_TRIP_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: scopes.join(' '),
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * The callback: checks the state, trades the code (with the PKCE verifier) for tokens, and
 * returns where the sign-in started. The code leaves the address bar before anything else.
 */
export async function completeSignIn(): Promise<string> {
  const callbackUrl = new URL(location.href);
  const saved = sessionStorage.getItem(ROUND_TRIP_KEY);
  sessionStorage.removeItem(ROUND_TRIP_KEY);
  history.replaceState(null, '', '/console/');
  if (!saved)
    throw new Error('This sign-in was not started here, or already finished: start again.');
  const { verifier, state, returnTo } = JSON.parse(saved) as {
    verifier: string;
    state: string;
    returnTo: string;
  };
  const { as, client, options } = await discover();
  const parameters = oauth.validateAuthResponse(as, client, callbackUrl, state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    parameters,
    redirectUri(),
    verifier,
    options,
  );
  accept(await oauth.processAuthorizationCodeResponse(as, client, response));
  signInError.value = undefined;
  return returnTo.startsWith('/console') ? returnTo : '/console/';
}

/**
 * Signs out: forgets the tokens, then ends the provider's session (its end_session_endpoint, or
 * Cognito's /logout, which has none in its discovery) and comes back to /console/.
 */
export async function signOut(): Promise<void> {
  const idToken = tokens.value?.idToken;
  forget();
  const { as, client } = await discover();
  const back = `${location.origin}/console/`;
  let url: URL;
  if (as.end_session_endpoint) {
    url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('post_logout_redirect_uri', back);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
  } else {
    if (!as.authorization_endpoint) return;
    url = new URL('/logout', new URL(as.authorization_endpoint).origin);
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('logout_uri', back);
  }
  location.assign(url.href);
}
