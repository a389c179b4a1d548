import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/lib/dynamodb-local.ts';
import { ACCOUNT, allow, REGION, roleOf, useLocalAws } from './local-aws.ts';

/**
 * DynamoDB through the local AWS endpoint, with real SDK v3 clients signing as a function's
 * role: allowed calls reach DynamoDB Local, refused ones fail as AWS fails them.
 */

const table = `aws-${randomUUID()}`;
const otherTable = `aws-${randomUUID()}`;
const arnOf = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
];

const { aws, clientConfig, logged } = useLocalAws(
  () => ({
    WRITER: roleOf('writer', [allow(ITEM_ACTIONS, [arnOf(table)])]),
    // What the check removes, and what AWS checks in its place: the item's own action.
    NOPUT: roleOf('no-put', [
      allow(
        ['dynamodb:TransactWriteItems', ...ITEM_ACTIONS.filter((a) => a !== 'dynamodb:PutItem')],
        [arnOf(table)],
      ),
    ]),
    OTHER: roleOf('other-table', [allow(ITEM_ACTIONS, [arnOf(otherTable)])]),
    PUBLIC: roleOf('public', [
      allow(['dynamodb:GetItem', 'dynamodb:Query'], [arnOf(table)], {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['EDITION#*'] },
      }),
    ]),
  }),
  () => ({ dynamoDbEndpoint: inject('dynamoDbEndpoint') }),
);

const direct = () =>
  new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });

beforeAll(async () => {
  const client = direct();
  for (const name of [table, otherTable]) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byStatus',
            KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  }
  client.destroy();
});

const registration = (pk: string) => ({
  TransactItems: [
    {
      Put: {
        TableName: table,
        Item: { pk: { S: pk }, sk: { S: 'REG#1' }, status: { S: 'confirmed' } },
      },
    },
    {
      Update: {
        TableName: table,
        Key: { pk: { S: pk }, sk: { S: 'SEATS' } },
        UpdateExpression: 'ADD taken :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    },
  ],
});

async function stored(pk: string, sk: string) {
  const client = direct();
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: table,
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
    }),
  );
  client.destroy();
  return Item;
}

describe('the local AWS endpoint: DynamoDB as IAM allows it', () => {
  it('forwards an allowed transaction to DynamoDB Local', async () => {
    const client = new DynamoDBClient(clientConfig('WRITER'));
    await client.send(new TransactWriteItemsCommand(registration('EDITION#2020')));
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: 'EDITION#2020' }, sk: { S: 'SEATS' } },
      }),
    );
    expect(Item?.taken).toEqual({ N: '1' });
    client.destroy();
  });

  it('refuses a transaction whose Put the role may not do, dynamodb:TransactWriteItems or not', async () => {
    const client = new DynamoDBClient(clientConfig('NOPUT'));
    const refusal = await client
      .send(new TransactWriteItemsCommand(registration('EDITION#2021')))
      .catch((e) => e);
    expect(refusal.name).toBe('AccessDeniedException');
    expect(refusal.$metadata.httpStatusCode).toBe(400);
    expect(refusal.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/no-put-role/no-put is not authorized to perform: dynamodb:PutItem on resource: ${arnOf(table)} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(aws().denials).toContainEqual({
      principal: 'no-put',
      action: 'dynamodb:PutItem',
      resource: arnOf(table),
    });
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'AWS access denied', action: 'dynamodb:PutItem' }),
    );
    // Nothing of it was written: the call never reached DynamoDB Local.
    expect(await stored('EDITION#2021', 'SEATS')).toBeUndefined();
    client.destroy();
  });

  it('refuses a role whose policy names another table', async () => {
    const client = new DynamoDBClient(clientConfig('OTHER'));
    const refusal = await client
      .send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: 'EDITION#2020' }, sk: { S: 'SEATS' } },
        }),
      )
      .catch((e) => e);
    expect(refusal.name).toBe('AccessDeniedException');
    expect(refusal.message).toContain(`dynamodb:GetItem on resource: ${arnOf(table)}`);
    client.destroy();
  });

  it('authorizes a Query of an index on the index ARN, not the table', async () => {
    const client = new DynamoDBClient(clientConfig('WRITER'));
    const refusal = await client
      .send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byStatus',
          KeyConditionExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'confirmed' } },
        }),
      )
      .catch((e) => e);
    expect(refusal.name).toBe('AccessDeniedException');
    expect(refusal.message).toContain(`on resource: ${arnOf(table)}/index/byStatus`);
    client.destroy();
  });

  it('evaluates dynamodb:LeadingKeys from the key and the key condition', async () => {
    const client = new DynamoDBClient(clientConfig('PUBLIC'));
    const query = (pk: string) =>
      client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
        }),
      );
    expect((await query('EDITION#2020')).Count).toBe(2);
    expect((await query('REGISTRANTS#2020').catch((e) => e)).name).toBe('AccessDeniedException');
    const get = await client
      .send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'AUDIT#1' }, sk: { S: 'x' } } }))
      .catch((e) => e);
    expect(get.name).toBe('AccessDeniedException');
    const put = await client
      .send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'EDITION#1' }, sk: { S: 'x' } } }),
      )
      .catch((e) => e);
    expect(put.name).toBe('AccessDeniedException');
    client.destroy();
  });

  it('refuses an access key it does not know, as AWS does', async () => {
    const client = new DynamoDBClient(clientConfig('AKIAUNKNOWN'));
    const refusal = await client
      .send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: 'EDITION#2020' }, sk: { S: 'SEATS' } },
        }),
      )
      .catch((e) => e);
    expect(refusal.name).toBe('UnrecognizedClientException');
    expect(aws().denials).toContainEqual(
      expect.objectContaining({ principal: 'unrecognized access key' }),
    );
    client.destroy();
  });
});
