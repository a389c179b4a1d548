import { describe, expect, it } from 'vitest';
import { openIdVerifier } from '#functions/http/auth.ts';
import { signLocalToken, type TokenOptions } from '../../../scripts/lib/local-oidc.ts';
import { httpApiHandler, type Route } from '../../../scripts/stack-local/http-api.ts';
import type { InvokeOutcome, LocalFunction } from '../../../scripts/stack-local/lambda-host.ts';
import { inProcessSignIn } from '../../support/auth/sign-in.ts';

/** The local HTTP API: API Gateway's route selection, its 2.0 event, its JWT authorizer. */

interface Invoked {
  name: string;
  event: Record<string, unknown> & {
    requestContext: Record<string, unknown> & { http: Record<string, unknown> };
  };
}

function fakeFunction(name: string, calls: Invoked[], result: unknown = { statusCode: 200 }) {
  return {
    invoke: async (event: unknown): Promise<InvokeOutcome> => {
      calls.push({ name, event: event as Invoked['event'] });
      return { ok: true, result };
    },
  } as unknown as LocalFunction;
}

// The authorizer of api-wiring.ts: the sign-in provider's JWKS, issuer and client.
const signIn = inProcessSignIn();
const authorizer = { verify: openIdVerifier(signIn.trust) };

function api(calls: Invoked[], result?: unknown) {
  const route = (routeKey: string, name: string, guarded = false): Route => ({
    routeKey,
    function: fakeFunction(name, calls, result),
    ...(guarded ? { authorizer } : {}),
  });
  return httpApiHandler({
    apiId: 'abc123',
    account: '000000000000',
    routes: [
      route('$default', 'default'),
      route('GET /editions/{proxy+}', 'public'),
      route('GET /editions/{year}/registrations/{id}', 'registrations'),
      route('ANY /admin/{proxy+}', 'organizers', true),
      route('POST /admin/editions/{year}/check-ins', 'door', true),
    ],
    log: () => undefined,
  });
}

const token = (options: TokenOptions & { issuer?: string } = {}) =>
  signLocalToken(
    { ...signIn.signer, issuer: options.issuer ?? signIn.signer.issuer },
    { subject: 'someone', expiresIn: 60, ...options },
  );

describe('httpApiHandler', () => {
  it('picks the most specific route: parameters before greedy paths, a method before ANY', async () => {
    const calls: Invoked[] = [];
    const handle = api(calls);
    await handle(new Request('http://local/editions/2020/registrations/r1'), '10.0.0.1');
    await handle(new Request('http://local/editions/2020/agenda'), '10.0.0.1');
    await handle(new Request('http://local/nowhere'), '10.0.0.1');
    expect(calls.map(({ name }) => name)).toEqual(['registrations', 'public', 'default']);
    expect(calls[0]?.event.pathParameters).toEqual({ year: '2020', id: 'r1' });
    expect(calls[1]?.event.pathParameters).toEqual({ proxy: '2020/agenda' });
    expect(calls[2]?.event.routeKey).toBe('$default');
  });

  it('builds the payload 2.0 event as API Gateway does', async () => {
    const calls: Invoked[] = [];
    await api(calls)(
      new Request('http://local/editions/2020/agenda?a=1&a=2&b=x', {
        headers: { 'X-Custom': 'Value', cookie: 'one=1; two=2' },
      }),
      '192.0.2.7',
    );
    const { event } = calls[0] as Invoked;
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/editions/2020/agenda');
    expect(event.rawQueryString).toBe('a=1&a=2&b=x');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x' });
    expect(event.cookies).toEqual(['one=1', 'two=2']);
    expect((event.headers as Record<string, string>)['x-custom']).toBe('Value');
    expect(event.requestContext.http).toMatchObject({
      method: 'GET',
      path: '/editions/2020/agenda',
      sourceIp: '192.0.2.7',
    });
    expect(event.requestContext.stage).toBe('$default');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('answers 401 before the integration without a valid token, and passes the claims flattened', async () => {
    const calls: Invoked[] = [];
    const handle = api(calls);
    const path = 'http://local/admin/editions/2020/registrations';
    expect((await handle(new Request(path), '1.1.1.1')).status).toBe(401);
    const wrongAudience = await token({ audience: 'another-client' });
    expect(
      (
        await handle(
          new Request(path, { headers: { authorization: `Bearer ${wrongAudience}` } }),
          '1.1.1.1',
        )
      ).status,
    ).toBe(401);
    const expired = await token({ expiresIn: -10 });
    expect(
      (
        await handle(
          new Request(path, { headers: { authorization: `Bearer ${expired}` } }),
          '1.1.1.1',
        )
      ).status,
    ).toBe(401);
    const otherIssuer = await token({ issuer: 'http://elsewhere' });
    expect(
      (
        await handle(
          new Request(path, { headers: { authorization: `Bearer ${otherIssuer}` } }),
          '1.1.1.1',
        )
      ).status,
    ).toBe(401);
    expect(calls).toHaveLength(0);
    const good = await token({ groups: ['organizers', 'reviewers'] });
    expect(
      (await handle(new Request(path, { headers: { authorization: `Bearer ${good}` } }), '1.1.1.1'))
        .status,
    ).toBe(200);
    const claims = (
      (calls[0] as Invoked).event.requestContext.authorizer as {
        jwt: { claims: Record<string, string> };
      }
    ).jwt.claims;
    expect(claims['cognito:groups']).toBe('[organizers reviewers]');
    expect(claims.sub).toBe('someone');
  });

  it("maps the function's answer back: status, headers, cookies, base64 bodies; a failure is a 500", async () => {
    const png = Buffer.from([137, 80, 78, 71]);
    const answer = await api([], {
      statusCode: 201,
      headers: { 'content-type': 'image/png' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: png.toString('base64'),
      isBase64Encoded: true,
    })(new Request('http://local/editions/2020'), '1.1.1.1');
    expect(answer.status).toBe(201);
    expect(answer.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(png);
    const failing = httpApiHandler({
      apiId: 'x',
      account: '000000000000',
      routes: [
        {
          routeKey: '$default',
          function: {
            invoke: async () => ({ ok: false, errorType: 'Error', errorMessage: 'boom' }),
          } as unknown as LocalFunction,
        },
      ],
      log: () => undefined,
    });
    const failed = await failing(new Request('http://local/'), '1.1.1.1');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: 'Internal Server Error' });
  });
});
