import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedEdition } from '../../support/editions.ts';
import { httpApiEvent } from '../../support/lambda-event.ts';
import { storedItems } from '../../support/published.ts';
import { submission } from '../../support/submission-app.ts';

/** The call for papers' entry point, fed HTTP API events as API Gateway sends them. */

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: Handler;

beforeAll(async () => {
  process.env.TABLE_NAME = 'workshop-2020';
  process.env.EMAIL_HASH_KEY = 'lambda-test-key';
  process.env.PUBLIC_URL = 'https://hpcw.example.org';
  ({ handler } = (await import('#functions/cfp/handler.ts')) as unknown as { handler: Handler });
});

beforeEach(() => {
  dynamo.reset();
  dynamo
    .on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } })
    .resolves({ Item: storedItems(seedEdition()).item('META') });
  dynamo.on(TransactWriteCommand).resolves({});
});

describe('the cfp Lambda handler', () => {
  it('tells the call, closed by the real clock', async () => {
    const result = (await handler(
      httpApiEvent('GET', '/editions/2020/cfp'),
      {} as Context,
    )) as Result;
    expect(result.statusCode).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(result.body)).toMatchObject({ edition: 2020, state: 'closed', open: false });
  });

  it('refuses a submission after the call with a 409 naming the window, writing nothing', async () => {
    const result = (await handler(
      httpApiEvent('POST', '/editions/2020/submissions', { body: JSON.stringify(submission()) }),
      {} as Context,
    )) as Result;
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(result.body)).toMatchObject({ type: '/problems/conflict', field: 'window' });
    expect(dynamo).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});
