import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { createDocsApp } from '#functions/docs/app.ts';
import { signInFromEnvironment } from '#functions/docs/sign-in.ts';
import { httpApiEvent } from '../../../support/lambda-event.ts';

/** The docs function: its own Lambda entry point, with no table and no secret. */

interface LambdaResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<LambdaResponse>;

beforeAll(async () => {
  delete process.env.TABLE_NAME;
  process.env.SIGN_IN_ISSUER = 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Pool';
  process.env.SIGN_IN_CLIENT_ID = 'console-client';
  ({ handler } = (await import('#functions/docs/handler.ts')) as unknown as {
    handler: typeof handler;
  });
});

describe('the docs Lambda handler', () => {
  it('serves the same document as the local server, with the API as its server', async () => {
    const response = await handler(httpApiEvent('GET', '/openapi.json'), {} as Context);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const served = JSON.parse(response.body);
    expect(served.servers).toEqual([{ url: 'https://api.example' }]);

    const local = createApi({
      ...createStores({ client: createDocumentClient({ region: 'local' }), tableName: 't' }),
      clock: () => new Date(),
      publicUrl: 'http://localhost',
      emailHashKey: 'k',
      authenticate: async () => undefined,
    });
    const expected = (await (await local.request('/openapi.json')).json()) as typeof served;
    expect({ ...served, servers: [] }).toEqual({ ...expected, servers: [] });
  });

  it('serves the interactive page at /docs and nothing else', async () => {
    const page = await handler(httpApiEvent('GET', '/docs'), {} as Context);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain("fetch('/openapi.json')");
    const other = await handler(httpApiEvent('GET', '/editions'), {} as Context);
    expect(other.statusCode).toBe(404);
    expect(other.headers['content-type']).toBe('application/problem+json');
  });

  it('says where organizers sign in, from its environment (the series stack sets it)', async () => {
    const response = await handler(httpApiEvent('GET', '/auth/config'), {} as Context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Pool',
      clientId: 'console-client',
      scopes: ['openid', 'email', 'profile'],
    });
  });
});

describe('/auth/config without a sign-in', () => {
  it('answers a 404 problem that says so', async () => {
    const app = createDocsApp({ document: () => ({}) });
    const response = await app.request('/auth/config');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/no sign-in/);
    expect(signInFromEnvironment({ SIGN_IN_ISSUER: 'https://issuer.example' })).toBeUndefined();
  });
});
