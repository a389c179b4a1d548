import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpApp } from '#functions/http/app.ts';
import { openIdAuthenticator, requireGroup } from '#functions/http/auth.ts';

/**
 * The local API's trust in an OpenID Connect provider (the local one of `npm start`), as API
 * Gateway's JWT authorizer trusts Cognito: RS256 by a key of the JWKS, issuer, audience.
 */

const ISSUER = 'http://localhost:1234';
const AUDIENCE = 'workshop-console';
const JWKS_URI = `${ISSUER}/jwks`;

function rsaKey(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' };
  const publicJwk: JsonWebKey & { kid: string } = {
    ...publicKey.export({ format: 'jwk' }),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  return { privateJwk: privateJwk as Parameters<typeof sign>[1], publicJwk };
}

const first = rsaKey('first');
const second = rsaKey('second');
let published = [first.publicJwk];
const fetches: string[] = [];

function app(refetchAfterMs?: number) {
  vi.stubGlobal('fetch', async (url: string) => {
    fetches.push(String(url));
    return new Response(JSON.stringify({ keys: published }), {
      headers: { 'content-type': 'application/json' },
    });
  });
  const http = createHttpApp();
  const trust = openIdAuthenticator({
    issuer: ISSUER,
    jwksUri: JWKS_URI,
    audience: AUDIENCE,
    ...(refetchAfterMs === undefined ? {} : { refetchAfterMs }),
  });
  http.use('/admin/*', requireGroup(trust, 'organizers'));
  http.get('/admin/ping', (c) => c.json({ ok: true }));
  return (token: string) =>
    http.request('/admin/ping', { headers: { authorization: `Bearer ${token}` } });
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'organizer',
  'cognito:groups': ['organizers'],
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + 600,
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
  published = [first.publicJwk];
  fetches.length = 0;
});

describe('the OpenID Connect authenticator', () => {
  it('lets in a token of the provider, fetching its JWKS once', async () => {
    const request = app();
    expect((await request(await sign(claims(), first.privateJwk, 'RS256'))).status).toBe(200);
    expect((await request(await sign(claims(), first.privateJwk, 'RS256'))).status).toBe(200);
    expect(fetches).toEqual([JWKS_URI]);
  });

  it('fetches the JWKS again for a key it does not know yet (a rotation)', async () => {
    const request = app(0);
    expect((await request(await sign(claims(), first.privateJwk, 'RS256'))).status).toBe(200);
    published = [first.publicJwk, second.publicJwk];
    expect((await request(await sign(claims(), second.privateJwk, 'RS256'))).status).toBe(200);
    expect(fetches).toEqual([JWKS_URI, JWKS_URI]);
  });

  it('does not fetch the JWKS for every made-up key id', async () => {
    const request = app();
    expect((await request(await sign(claims(), first.privateJwk, 'RS256'))).status).toBe(200);
    for (const kid of ['a', 'b', 'c']) {
      const forged = { ...(first.privateJwk as object), kid } as Parameters<typeof sign>[1];
      expect((await request(await sign(claims(), forged, 'RS256'))).status).toBe(401);
    }
    expect(fetches).toEqual([JWKS_URI]);
  });

  it.each([
    ['without sub', async () => sign(claims({ sub: undefined }), first.privateJwk, 'RS256')],
    [
      'of another issuer',
      async () => sign(claims({ iss: 'http://evil' }), first.privateJwk, 'RS256'),
    ],
    ['for another audience', async () => sign(claims({ aud: 'other' }), first.privateJwk, 'RS256')],
    ['expired', async () => sign(claims({ exp: now() - 10 }), first.privateJwk, 'RS256')],
    ['signed by a key not in the JWKS', async () => sign(claims(), second.privateJwk, 'RS256')],
    [
      'HS256 with the provider claims and a guessed secret',
      async () => sign(claims(), 'guess', 'HS256'),
    ],
  ])('answers 401 to a token %s', async (_name, token) => {
    const request = app();
    expect((await request(await token())).status).toBe(401);
  });

  it('answers 403 to a valid token without the organizers group', async () => {
    const request = app();
    const token = await sign(
      claims({ 'cognito:groups': ['reviewers'] }),
      first.privateJwk,
      'RS256',
    );
    expect((await request(token)).status).toBe(403);
  });
});
