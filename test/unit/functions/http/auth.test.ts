import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '#functions/http/app.ts';
import {
  type Authenticator,
  apiGatewayClaims,
  groupsOf,
  localJwtAuthenticator,
  requireOrganizer,
} from '#functions/http/auth.ts';

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
  app.use('/admin/*', requireOrganizer(authenticate));
  app.get('/admin/ping', (c) => c.json({ ok: true }));
  return app;
}

describe('the local JWT authenticator', () => {
  const secret = 'local-test-secret';
  const app = protectedApp(localJwtAuthenticator(secret));
  const request = (token?: string) =>
    app.request('/admin/ping', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  it('lets an organizer in', async () => {
    const token = await sign(
      { sub: 'o', 'cognito:groups': ['organizers'], exp: inAnHour() },
      secret,
      'HS256',
    );
    expect((await request(token)).status).toBe(200);
  });

  it.each([
    ['no token', async () => undefined],
    [
      'a token signed with another key',
      async () => sign({ 'cognito:groups': ['organizers'], exp: inAnHour() }, 'other', 'HS256'),
    ],
    [
      'an expired token',
      async () => sign({ 'cognito:groups': ['organizers'], exp: 1 }, secret, 'HS256'),
    ],
    ['garbage', async () => 'not-a-jwt'],
    [
      'a token that never expires',
      async () => sign({ sub: 'o', 'cognito:groups': ['organizers'] }, secret, 'HS256'),
    ],
    [
      'a token that names nobody',
      async () => sign({ 'cognito:groups': ['organizers'], exp: inAnHour() }, secret, 'HS256'),
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ sub: 'o', 'cognito:groups': ['organizers'], exp: inAnHour() }),
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
      const token = await sign(
        { sub: 'o', 'cognito:groups': ['organizers'], exp: inAnHour() },
        secret,
        'HS256',
      );
      const query = new URLSearchParams({ [name]: token });
      const response = await app.request(`/admin/ping?${query}`);
      expect(response.status).toBe(401);
    },
  );

  it('answers 403 to a valid token without the organizers group', async () => {
    const token = await sign(
      { sub: 's', 'cognito:groups': ['speakers'], exp: inAnHour() },
      secret,
      'HS256',
    );
    expect((await request(token)).status).toBe(403);
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
