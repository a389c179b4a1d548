import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'hono/jwt';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CLIENT_ID, LOOPBACK_REDIRECT } from '../../../scripts/lib/local-oidc.ts';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.ts';
import { signInOnForm } from '../../support/auth/browser.ts';

/**
 * The local OpenID Connect provider of `npm start`: the authorization code flow with PKCE, its
 * login form posted as a browser without script would, through openid-client; the local API
 * trusts its tokens by JWKS, issuer and audience, and the groups claim decides.
 */

let stack: LocalStack;
let oidc: NonNullable<LocalStack['oidc']>;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    now: new Date('2020-04-01T10:00:00+02:00'),
    secrets: { emailHashKey: 'local-oidc-test' },
  });
  if (!stack.oidc) throw new Error('the stack started without its provider');
  oidc = stack.oidc;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('/auth/config', () => {
  it('names the running provider, its console client and scopes asking for a refresh token', async () => {
    const response = await fetch(`${stack.url}/auth/config`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as {
      issuer: string;
      clientId: string;
      scopes: string[];
    };
    expect(config).toEqual({
      issuer: oidc.issuer,
      clientId: CONSOLE_CLIENT_ID,
      scopes: ['openid', 'offline_access', 'email', 'profile'],
    });
    const discovery = await fetch(`${config.issuer}/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(oidc.issuer);
  });
});

/** Signs in as a browser would: authorize, the login form, back to the redirect URI; then the code. */
async function signIn(username: string, password: string) {
  const config = await client.discovery(
    new URL(oidc.issuer),
    CONSOLE_CLIENT_ID,
    undefined,
    client.None(),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorize = client.buildAuthorizationUrl(config, {
    redirect_uri: LOOPBACK_REDIRECT,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const signedIn = await signInOnForm(authorize.href, { username, password }, LOOPBACK_REDIRECT);
  if (signedIn.refused) return { refused: signedIn.refused, tokens: undefined };
  const tokens = await client.authorizationCodeGrant(config, new URL(signedIn.location), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    idTokenExpected: true,
  });
  return { refused: undefined, tokens };
}

const registrations = (token: string) =>
  fetch(`${stack.url}/admin/editions/2020/registrations`, {
    headers: { authorization: `Bearer ${token}` },
  });

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('the local OpenID Connect provider', () => {
  it('signs the organizer in with PKCE; the ID and access tokens open an organizer route', async () => {
    const { tokens } = await signIn('organizer', oidc.accounts.organizer.password);
    const idToken = tokens?.id_token ?? '';
    const accessToken = tokens?.access_token ?? '';
    expect(tokens?.claims()?.['cognito:groups']).toEqual(['organizers']);
    expect(claimsOf(idToken)).toMatchObject({
      iss: oidc.issuer,
      aud: CONSOLE_CLIENT_ID,
      sub: 'organizer',
    });
    expect(claimsOf(accessToken)).toMatchObject({
      iss: oidc.issuer,
      aud: CONSOLE_CLIENT_ID,
      'cognito:groups': ['organizers'],
    });
    expect((await registrations(idToken)).status).toBe(200);
    expect((await registrations(accessToken)).status).toBe(200);
  });

  it('gives the reviewer tokens that the organizer route refuses with 403', async () => {
    const { tokens } = await signIn('reviewer', oidc.accounts.reviewer.password);
    expect(tokens?.claims()?.['cognito:groups']).toEqual(['reviewers']);
    const response = await registrations(tokens?.id_token ?? '');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('puts the account’s email into the reviewer’s tokens, which open the submissions', async () => {
    const { tokens } = await signIn('reviewer', oidc.accounts.reviewer.password);
    const email = oidc.accounts.reviewer.email;
    expect(claimsOf(tokens?.id_token ?? '').email).toBe(email);
    expect(claimsOf(tokens?.access_token ?? '').email).toBe(email);
    const submissions = await fetch(`${stack.url}/admin/editions/2020/submissions`, {
      headers: { authorization: `Bearer ${tokens?.access_token ?? ''}` },
    });
    expect(submissions.status).toBe(200);
  });

  it('refuses a wrong password on the form, naming no account, with 401', async () => {
    const { refused } = await signIn('organizer', 'not-the-password');
    expect(refused?.status).toBe(401);
    const page = (await refused?.text()) ?? '';
    expect(page).toContain('role="alert"');
    expect(page).toContain('Wrong username or password.');
  });

  it('refuses an authorization request without a PKCE S256 challenge', async () => {
    const config = await client.discovery(
      new URL(oidc.issuer),
      CONSOLE_CLIENT_ID,
      undefined,
      client.None(),
      { execute: [client.allowInsecureRequests] },
    );
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: LOOPBACK_REDIRECT,
      scope: 'openid',
      state: client.randomState(),
    });
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', oidc.issuer);
    expect(location.href.startsWith(LOOPBACK_REDIRECT)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  describe('refuses with 401 a token', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const payload = () => ({
      sub: 'organizer',
      'cognito:groups': ['organizers'],
      iss: oidc.issuer,
      aud: CONSOLE_CLIENT_ID,
      iat: now(),
      exp: now() + 600,
    });
    const signed = (claims: Record<string, unknown>, key = oidc.signingKey) =>
      sign(claims, key as Parameters<typeof sign>[1], 'RS256');

    it('signed with the provider key and its claims: accepted (the control)', async () => {
      expect((await registrations(await signed(payload()))).status).toBe(200);
    });

    it('of another issuer', async () => {
      const token = await signed({ ...payload(), iss: 'http://localhost:1' });
      expect((await registrations(token)).status).toBe(401);
    });

    it('for another audience', async () => {
      const token = await signed({ ...payload(), aud: 'another-client' });
      expect((await registrations(token)).status).toBe(401);
    });

    it('that has expired', async () => {
      const token = await signed({ ...payload(), iat: now() - 7200, exp: now() - 3600 });
      expect((await registrations(token)).status).toBe(401);
    });

    it('signed by another key under the provider key id', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = {
        ...privateKey.export({ format: 'jwk' }),
        kid: oidc.signingKey.kid,
        alg: 'RS256',
      };
      const token = await signed(payload(), forged as typeof oidc.signingKey);
      expect((await registrations(token)).status).toBe(401);
    });
  });
});
