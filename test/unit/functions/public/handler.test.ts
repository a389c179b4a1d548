import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_FORMAT } from '#functions/data/editions/edition-head.ts';
import { compress } from '#functions/http/rendered.ts';
import { httpApiEvent } from '../../../support/lambda-event.ts';
import { storedItems } from '../../../support/published.ts';

/**
 * The Lambda entry point: the front (the stored agenda) and the whole app behind Hono's AWS Lambda
 * adapter, fed HTTP API events.
 */

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

  it('answers the agenda its release stored on the head with that one read, then every other read from the whole app', async () => {
    dynamo.reset();
    const agenda = JSON.stringify({ edition: { year: 2021 }, sessions: [], slots: [] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetCommand, { Key: { pk: 'EDITION#2021', sk: 'HEAD' } }).resolves({
      Item: {
        version: 'v7',
        release: 7,
        agenda: compress(new TextEncoder().encode(agenda), 'br'),
        agendaVersion: 'v7',
        agendaFormat: AGENDA_FORMAT,
      },
    });
    const response = (await handler(
      httpApiEvent('GET', '/editions/2021/agenda'),
      {} as Context,
    )) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(agenda);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
    const talk = (await handler(
      httpApiEvent('GET', '/editions/2021/talks/nothing'),
      {} as Context,
    )) as { statusCode: number; headers: Record<string, string> };
    expect(talk.statusCode).toBe(404);
    expect(talk.headers['content-type']).toBe('application/problem+json');
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
