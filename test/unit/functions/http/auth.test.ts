import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '#functions/http/app.ts';
import {
  type Authenticator,
  apiGatewayClaims,
  groupsOf,
  requireGroup,
} from '#functions/http/auth.ts';
import { newSigningKey } from '../../../../scripts/lib/local-oidc.ts';
import { inProcessSignIn, organizerToken } from '../../../support/auth/sign-in.ts';

describe('groupsOf', () => {
  it.each([
    [{ 'cognito:groups': ['organizers', 'speakers'] }, ['organizers', 'speakers']],
    [{ 'cognito:groups': '[organizers speakers]' }, ['organizers', 'speakers']],
    [{ 'cognito:groups': 'organizers' }, ['organizers']],
    [{ 'cognito:groups': '[]' }, []],
    [{}, []],
  ])('reads %j as %j', (claims, groups) => {
    expect(groupsOf(claims)).toEqual(groups);
  });
});

function protectedApp(authenticate: Authenticator) {
  const app = createHttpApp();
  app.use('/admin/*', requireGroup(authenticate, 'organizers'));
  app.get('/admin/ping', (c) => c.json({ ok: true }));
  return app;
}

describe("the local server's authenticator (the sign-in provider's tokens)", () => {
  const { signer, authenticate } = inProcessSignIn();
  const app = protectedApp(authenticate);
  const request = (token?: string) =>
    app.request('/admin/ping', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
  const key = signer.signingKey as Parameters<typeof sign>[1];
  const claims = (extra: Record<string, unknown>) => ({
    iss: signer.issuer,
    aud: signer.audience,
    'cognito:groups': ['organizers'],
    ...extra,
  });

  it('lets an organizer in', async () => {
    expect((await request(await organizerToken(signer))).status).toBe(200);
  });

  it.each([
    ['no token', async () => undefined],
    [
      'a token signed with another key',
      async () => organizerToken({ ...signer, signingKey: newSigningKey() }),
    ],
    ['an expired token', async () => organizerToken(signer, { expiresIn: -60 })],
    ['garbage', async () => 'not-a-jwt'],
    ['a token that never expires', async () => sign(claims({ sub: 'o' }), key, 'RS256')],
    ['a token that names nobody', async () => sign(claims({ exp: inAnHour() }), key, 'RS256')],
    [
      'an HS256 token (the local key before the provider)',
      async () => sign(claims({ sub: 'o', exp: inAnHour() }), 'a-shared-secret', 'HS256'),
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify(claims({ sub: 'o', exp: inAnHour() })),
        ).toString('base64url')}.`,
    ],
  ])('answers 401 to %s', async (_case, token) => {
    const response = await request(await token());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it.each(['token', 'access_token', 'authorization', 'jwt'])(
    'never reads a token from the query string (?%s=)',
    async (name) => {
      const query = new URLSearchParams({ [name]: await organizerToken(signer) });
      const response = await app.request(`/admin/ping?${query}`);
      expect(response.status).toBe(401);
    },
  );

  it('answers 403 to a valid token without the organizers group', async () => {
    const token = await organizerToken(signer, { groups: ['speakers'] });
    expect((await request(token)).status).toBe(403);
  });
});

describe('requireGroup', () => {
  const { signer, authenticate } = inProcessSignIn();
  const app = createHttpApp();
  app.use('/admin/*', requireGroup(authenticate, 'organizers'));
  app.use('/reviews/*', requireGroup(authenticate, 'organizers', 'reviewers'));
  app.get('/admin/ping', (c) => c.json({ by: c.get('organizerId') }));
  app.get('/reviews/ping', (c) => c.json({ by: c.get('organizerId') }));
  const call = async (path: string, groups?: string[]) => {
    const token = groups && (await organizerToken(signer, { subject: 'someone', groups }));
    const response = await app.request(
      path,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lets in a member of the group and keeps its sub for the audit trail', async () => {
    expect(await call('/admin/ping', ['organizers'])).toEqual({
      status: 200,
      body: { by: 'someone' },
    });
  });

  it('answers 403 naming the group a reviewer lacks, and 401 without a token', async () => {
    const refused = await call('/admin/ping', ['reviewers']);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/forbidden');
    expect(refused.body.detail).toBe('This needs membership in the "organizers" group.');
    expect((await call('/admin/ping')).status).toBe(401);
    expect((await call('/admin/ping', [])).status).toBe(403);
  });

  it('lets in a member of any of several groups, and names them all when none is held', async () => {
    expect((await call('/reviews/ping', ['reviewers'])).status).toBe(200);
    expect((await call('/reviews/ping', ['organizers'])).status).toBe(200);
    const refused = await call('/reviews/ping', ['speakers']);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      'This needs membership in one of the groups "organizers", "reviewers".',
    );
  });
});

describe('the API Gateway authenticator', () => {
  it('reads the claims API Gateway verified from the Lambda event', async () => {
    const app = new Hono<{ Bindings: { event: unknown } }>();
    app.get('/claims', async (c) => c.json((await apiGatewayClaims(c as never)) ?? null));
    const event = {
      requestContext: {
        authorizer: { jwt: { claims: { sub: 'x', 'cognito:groups': '[organizers]' } } },
      },
    };
    const response = await app.request('/claims', {}, { event });
    expect(await response.json()).toEqual({ sub: 'x', 'cognito:groups': '[organizers]' });
    expect(await (await app.request('/claims', {}, { event: {} })).json()).toBeNull();
  });
});
