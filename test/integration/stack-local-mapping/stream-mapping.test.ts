import { randomBytes } from 'node:crypto';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../../scripts/stack-local/aws/endpoint.ts';
import { pollStream } from '../../../scripts/stack-local/event-sources.ts';
import type { InvokeOutcome, LocalFunction } from '../../../scripts/stack-local/lambda-host.ts';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_PRINCIPAL,
  adminDynamoDb,
  createTable,
} from '../../../scripts/stack-local/resources.ts';

/**
 * A DynamoDB stream mapping of stack:local on DynamoDB Local's real stream records: the CDK's
 * filter (new items of one prefix) passes those and nothing else, in batches of BatchSize, and a
 * failing batch is retried, bisected, until each record is done with.
 */

const READER_KEY = 'LOCALROLEreader';
const FILTER = JSON.stringify({
  eventName: ['INSERT'],
  dynamodb: { NewImage: { pk: { S: [{ prefix: 'MAIL#' }] } } },
});
// What the role may do (the real endpoint checks it; the stand-in does not).
const ALLOWED = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }],
};
let aws: LocalAws;
const client = () => adminDynamoDb(inject('dynamoDbEndpoint'), 'us-east-1');

beforeAll(async () => {
  aws = await startLocalAws({
    region: 'us-east-1',
    account: '000000000000',
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    principalOf: (key) =>
      key === ADMIN_ACCESS_KEY_ID
        ? ADMIN_PRINCIPAL
        : key === READER_KEY
          ? {
              name: 'reader',
              roleArn: 'arn:aws:iam::000000000000:role/reader',
              policies: [ALLOWED],
            }
          : undefined,
    log: () => undefined,
  });
});

afterAll(() => aws.close());

async function until(condition: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pollStream', () => {
  it('passes the filtered records in batches, and retries a failing batch bisected', async () => {
    const dynamoDb = client();
    const table = `stream-mapping-${randomBytes(4).toString('hex')}`;
    const streamArn = await createTable(dynamoDb, table, {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    expect(streamArn).toBeDefined();
    const batches: string[][] = [];
    let failed: string[] | undefined;
    const fn = {
      invoke: async (event: unknown): Promise<InvokeOutcome> => {
        const keys = (
          event as { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] }
        ).Records.map((record) => record.dynamodb.Keys.pk.S);
        batches.push(keys);
        // The first batch of two fails once: the mapping splits and retries it.
        if (keys.length > 1 && !failed) {
          failed = keys;
          return { ok: false, errorType: 'Error', errorMessage: 'one bad record' };
        }
        return { ok: true, result: null };
      },
    } as unknown as LocalFunction;
    const poller = pollStream(
      {
        name: 'test/stream',
        function: fn,
        accessKeyId: READER_KEY,
        endpoint: aws.url,
        region: 'us-east-1',
        sourceArn: `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/x`,
        batchSize: 2,
        batchingWindowSeconds: 3,
        filters: [FILTER],
        startingPosition: 'TRIM_HORIZON',
        maximumRetryAttempts: 3,
        bisectOnError: true,
        reportBatchItemFailures: false,
        maximumConcurrency: 1,
        log: () => undefined,
      },
      String(streamArn),
    );
    try {
      for (const pk of ['MAIL#1', 'EVENTS#1', 'MAIL#2', 'MAIL#3']) {
        await dynamoDb.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, sk: { S: 'a' } } }),
        );
      }
      // A change to a MAIL# item is no INSERT: filtered out.
      await dynamoDb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: { S: 'MAIL#1' }, sk: { S: 'a' } },
          UpdateExpression: 'SET x = :x',
          ExpressionAttributeValues: { ':x': { S: 'changed' } },
        }),
      );
      const delivered = (key: string) => batches.flat().filter((seen) => seen === key).length;
      await until(
        () =>
          failed !== undefined &&
          ['MAIL#1', 'MAIL#2', 'MAIL#3'].every(
            (key) => delivered(key) === (failed?.includes(key) ? 2 : 1),
          ),
      );
    } finally {
      await poller.stop();
      dynamoDb.destroy();
    }
    const seen = batches.flat();
    expect(seen).not.toContain('EVENTS#1');
    // The MODIFY of MAIL#1 was filtered out: MAIL#1 came once, or twice when its batch failed.
    expect(seen.filter((key) => key === 'MAIL#1')).toHaveLength(failed?.includes('MAIL#1') ? 2 : 1);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    // After the failing batch of two, each half alone.
    const failedAt = batches.findIndex((batch) => batch.length > 1);
    expect(batches.slice(failedAt + 1, failedAt + 3)).toEqual(failed?.map((key) => [key]));
  }, 60_000);
});
