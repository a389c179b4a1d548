import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { localJwtAuthenticator } from '#functions/http/auth.ts';
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
      authenticate: localJwtAuthenticator('s'),
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
});
