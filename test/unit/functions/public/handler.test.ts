import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../../support/lambda-event.ts';
import { storedItems } from '../../../support/published.ts';

/** The Lambda entry point: the same app behind Hono's AWS Lambda adapter, fed an HTTP API event. */

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

beforeAll(async () => {
  process.env.TABLE_NAME = 'workshop-2020';
  process.env.PUBLIC_URL = 'https://hpcw.example.org';
  ({ handler } = (await import('#functions/public/handler.ts')) as unknown as {
    handler: typeof handler;
  });
});

describe('the public Lambda handler', () => {
  it('answers an HTTP API event for the agenda from the table named in TABLE_NAME', async () => {
    dynamo.on(QueryCommand).resolves({ Items: storedItems().partition });
    dynamo.on(GetCommand).resolves({});
    const response = (await handler(
      httpApiEvent('GET', '/editions/2020/agenda'),
      {} as Context,
    )) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body).slots).toHaveLength(44);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { TableName: 'workshop-2020' });
  });

  it('answers a bad query with a 400 problem', async () => {
    const response = (await handler(
      httpApiEvent('GET', '/editions/2020/talks', { rawQueryString: 'kind=tutorial' }),
      {} as Context,
    )) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('leaves the API documentation to the docs function', async () => {
    const response = (await handler(httpApiEvent('GET', '/openapi.json'), {} as Context)) as {
      statusCode: number;
    };
    expect(response.statusCode).toBe(404);
  });
});
