import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/lib/dynamodb-local.ts';
import { ACCOUNT, allow, REGION, roleOf, useLocalAws } from './local-aws.ts';

/**
 * The local AWS endpoint under requests no SDK sends (each a 4xx, never a crash), and DynamoDB
 * Streams as the runner's pollers call it, authorized on the stream's ARN.
 */

const table = `streamed-${randomUUID()}`;
const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`;

const { aws, clientConfig, logged } = useLocalAws(
  () => ({
    READER: roleOf('reader', [
      allow(
        ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords'],
        [`${tableArn}/stream/*`],
      ),
      allow(['dynamodb:ListTables'], ['*']),
    ]),
    TABLEONLY: roleOf('table-only', [allow(['dynamodb:*'], [tableArn])]),
    // A policy naming the stream by the ARN DynamoDB Local gave it (region ddblocal).
    LOCALARN: roleOf('local-arn', [allow(['dynamodb:DescribeStream'], [streamArn])]),
  }),
  () => ({ dynamoDbEndpoint: inject('dynamoDbEndpoint') }),
);

const authorization = (key: string, service = 'dynamodb', region = REGION) =>
  `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;

async function call(
  target: string | undefined,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/',
) {
  const response = await fetch(`${aws().url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      ...(target ? { 'x-amz-target': target } : {}),
      authorization: authorization('READER'),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

let streamArn = '';
beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const created = await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  streamArn = created.TableDescription?.LatestStreamArn ?? '';
  await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'EDITION#2020' } } }));
  client.destroy();
});

describe('the local AWS endpoint: DynamoDB Streams', () => {
  it('serves the stream to a role granted its ARN, and refuses one granted the table only', async () => {
    const described = await call(
      'DynamoDBStreams_20120810.DescribeStream',
      JSON.stringify({ StreamArn: streamArn }),
    );
    expect(described.status).toBe(200);
    const shards = (described.json().StreamDescription as { Shards: { ShardId: string }[] }).Shards;
    const iterator = await call(
      'DynamoDBStreams_20120810.GetShardIterator',
      JSON.stringify({
        StreamArn: streamArn,
        ShardId: shards[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const records = await call(
      'DynamoDBStreams_20120810.GetRecords',
      JSON.stringify({ ShardIterator: iterator.json().ShardIterator }),
    );
    expect(records.status).toBe(200);
    expect(records.json().Records).toHaveLength(1);

    const refused = await call(
      'DynamoDBStreams_20120810.GetRecords',
      JSON.stringify({ ShardIterator: iterator.json().ShardIterator }),
      { authorization: authorization('TABLEONLY') },
    );
    expect(refused.status).toBe(400);
    expect(refused.json().__type).toBe('com.amazon.coral.service#AccessDeniedException');
    expect(refused.json().message).toContain(
      `dynamodb:GetRecords on resource: ${tableArn}/stream/`,
    );
  });
});

describe('the local AWS endpoint: requests no SDK sends', () => {
  const listTables = 'DynamoDB_20120810.ListTables';

  it.each([
    [
      'no Authorization',
      listTables,
      '{}',
      { authorization: '' },
      400,
      'MissingAuthenticationTokenException',
    ],
    [
      'a signature for another service',
      listTables,
      '{}',
      { authorization: authorization('READER', 'sqs') },
      400,
      'InvalidSignatureException',
    ],
    [
      'a signature for another region',
      listTables,
      '{}',
      { authorization: authorization('READER', 'dynamodb', 'us-west-2') },
      400,
      'InvalidSignatureException',
    ],
    ['a body that is not JSON', listTables, '{"Limit":', {}, 400, 'SerializationException'],
    ['a JSON array', listTables, '[1,2]', {}, 400, 'SerializationException'],
    ['an unknown service', 'Nothing_2020.Anything', '{}', {}, 400, 'UnknownOperationException'],
    [
      'an operation IAM does not know',
      'DynamoDB_20120810.DropEverything',
      '{}',
      {},
      400,
      'ValidationException',
    ],
    [
      'a target with no operation',
      'DynamoDB_20120810.',
      '{}',
      {},
      400,
      'UnknownOperationException',
    ],
    [
      'an SQS batch of 11',
      'AmazonSQS.SendMessageBatch',
      JSON.stringify({ QueueUrl: 'x/q', Entries: [] }),
      { authorization: authorization('READER', 'sqs') },
      403,
      'AccessDeniedException',
    ],
  ] as const)('answers %s with a 4xx', async (_case, target, body, headers, status, type) => {
    const answer = await call(target, body, headers);
    expect(answer.status).toBe(status);
    expect(answer.json().__type).toContain(type);
  });

  it('answers a body over 16 MiB with 413 and REST paths it does not serve with 404', async () => {
    const huge = await call(listTables, Buffer.alloc(17 * 1024 * 1024, 0x20));
    expect(huge.status).toBe(413);
    expect((await fetch(`${aws().url}/`, { method: 'GET' })).status).toBe(404);
    const sesGarbage = await call(
      undefined,
      'not json',
      { authorization: authorization('READER', 'ses') },
      '/v2/email/outbound-emails',
    );
    expect(sesGarbage.status).toBe(400);
    const cloudFrontGarbage = await call(
      undefined,
      '<InvalidationBatch><Paths><Quantity>9</Quantity></Paths></InvalidationBatch>',
      { authorization: authorization('AKIAUNKNOWN', 'cloudfront') },
      '/2020-05-31/distribution/E1/invalidation',
    );
    expect(cloudFrontGarbage.status).toBe(403);
    expect(cloudFrontGarbage.text).toContain('<Code>InvalidClientTokenId</Code>');
  });

  it('still serves after all of it, and logged no request body', async () => {
    const client = new DynamoDBClient(clientConfig('READER'));
    expect((await client.send(new ListTablesCommand({}))).TableNames).toContain(table);
    client.destroy();
    expect(JSON.stringify(logged)).not.toContain('EDITION#2020');
  });
});
