import { describe, expect, it } from 'vitest';
import { firstRefusal } from '../../../../scripts/stack-local/aws/authorize.ts';
import {
  dynamoDbChecks,
  queryPartitionValue,
  streamChecks,
  tableArn,
} from '../../../../scripts/stack-local/aws/dynamodb.ts';
import { findSecret, parseInvalidation } from '../../../../scripts/stack-local/aws/services.ts';
import { parseSendEmail, sesChecks } from '../../../../scripts/stack-local/aws/ses.ts';
import { signedBy } from '../../../../scripts/stack-local/aws/signature.ts';
import { sqsChecks } from '../../../../scripts/stack-local/aws/sqs.ts';
import { Queues } from '../../../../scripts/stack-local/aws/sqs-queues.ts';

/** What the local AWS endpoint asks IAM for each request: actions, ARNs, condition keys. */

const where = { account: '123456789012', region: 'eu-central-1' };
const TABLE = 'arn:aws:dynamodb:eu-central-1:123456789012:table/hpcw';
const keysOf = async (table: string) =>
  table === 'hpcw' || table === 'other'
    ? { table: 'pk', indexes: { byStatus: 'status' } }
    : undefined;

describe('DynamoDB requests as IAM authorizes them', () => {
  it('authorizes a write transaction per item, as its own action, on each table', async () => {
    const checks = await dynamoDbChecks(
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: 'hpcw', Item: { pk: { S: 'REG#2020' }, sk: { S: 'a' } } } },
          {
            Update: {
              TableName: 'hpcw',
              Key: { pk: { S: 'SEATS#2020' } },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Delete: { TableName: 'other', Key: { pk: { S: 'HOLD#1' } } } },
          { ConditionCheck: { TableName: 'hpcw', Key: { pk: { S: 'EDITION#2020' } } } },
        ],
      },
      where,
      keysOf,
    );
    expect(checks).toEqual([
      {
        action: 'dynamodb:PutItem',
        resource: TABLE,
        context: {
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:LeadingKeys': ['REG#2020'],
        },
      },
      {
        action: 'dynamodb:UpdateItem',
        resource: TABLE,
        context: {
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:LeadingKeys': ['SEATS#2020'],
        },
      },
      {
        action: 'dynamodb:DeleteItem',
        resource: tableArn('other', where),
        context: {
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:LeadingKeys': ['HOLD#1'],
        },
      },
      {
        action: 'dynamodb:ConditionCheckItem',
        resource: TABLE,
        context: {
          'dynamodb:EnclosingOperation': 'TransactWriteItems',
          'dynamodb:LeadingKeys': ['EDITION#2020'],
        },
      },
    ]);
  });

  it('authorizes a batch per table, with every partition it touches', async () => {
    const checks = await dynamoDbChecks(
      'BatchWriteItem',
      {
        RequestItems: {
          hpcw: [
            { PutRequest: { Item: { pk: { S: 'TALK#1' } } } },
            { DeleteRequest: { Key: { pk: { S: 'TALK#2' } } } },
            { PutRequest: { Item: { pk: { S: 'TALK#1' } } } },
          ],
          other: [{ PutRequest: { Item: { pk: { S: 'X' } } } }],
        },
      },
      where,
      keysOf,
    );
    expect(checks).toEqual([
      {
        action: 'dynamodb:BatchWriteItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['TALK#1', 'TALK#2'] },
      },
      {
        action: 'dynamodb:BatchWriteItem',
        resource: tableArn('other', where),
        context: { 'dynamodb:LeadingKeys': ['X'] },
      },
    ]);
  });

  it("authorizes a Query of an index on the index's ARN, keyed by the index's partition key", async () => {
    const [check] = await dynamoDbChecks(
      'Query',
      {
        TableName: TABLE,
        IndexName: 'byStatus',
        KeyConditionExpression: '#s = :s AND begins_with(sk, :p)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'waiting' }, ':p': { S: 'REG' } },
        Select: 'COUNT',
      },
      where,
      keysOf,
    );
    expect(check).toEqual({
      action: 'dynamodb:Query',
      resource: `${TABLE}/index/byStatus`,
      context: { 'dynamodb:LeadingKeys': ['waiting'], 'dynamodb:Select': 'COUNT' },
    });
  });

  it('finds the partition value of a key condition written either way, or the legacy form', () => {
    const values = { ':v': { S: 'EDITION#2020' }, ':n': { N: '3' } };
    expect(
      queryPartitionValue(
        { KeyConditionExpression: ':v = pk', ExpressionAttributeValues: values },
        'pk',
      ),
    ).toBe('EDITION#2020');
    expect(
      queryPartitionValue(
        { KeyConditionExpression: 'sk = :v AND pk = :n', ExpressionAttributeValues: values },
        'pk',
      ),
    ).toBe('3');
    expect(
      queryPartitionValue({ KeyConditions: { pk: { AttributeValueList: [{ S: 'A' }] } } }, 'pk'),
    ).toBe('A');
    expect(queryPartitionValue({ KeyConditionExpression: 'sk = :v' }, 'pk')).toBeUndefined();
  });

  it('sets no LeadingKeys for a table it cannot describe, and the ReturnValues asked', async () => {
    const [check] = await dynamoDbChecks(
      'UpdateItem',
      { TableName: 'gone', Key: { pk: { S: 'A' } }, ReturnValues: 'ALL_NEW' },
      where,
      keysOf,
    );
    expect(check?.context).toEqual({ 'dynamodb:ReturnValues': 'ALL_NEW' });
  });

  it("authorizes a stream call on the stream's ARN in this account, from its ARN or its iterator", () => {
    const local =
      'arn:aws:dynamodb:ddblocal:000000000000:table/hpcw/stream/2026-01-01T00:00:00.000';
    const expected = [
      { action: 'dynamodb:GetRecords', resource: `${TABLE}/stream/2026-01-01T00:00:00.000` },
    ];
    expect(streamChecks('GetRecords', { ShardIterator: `${local}|001|c2hhcmQ=` }, where)).toEqual(
      expected,
    );
    expect(streamChecks('DescribeStream', { StreamArn: local }, where)[0]?.resource).toBe(
      expected[0]?.resource,
    );
    expect(streamChecks('ListStreams', {}, where)).toEqual([
      { action: 'dynamodb:ListStreams', resource: '*' },
    ]);
  });
});

describe('the other services as IAM authorizes them', () => {
  it('authorizes SQS batches as their single action, on the queue named by the URL', () => {
    const queues = new Queues('http://127.0.0.1:1', where.region, where.account);
    expect(
      sqsChecks(
        'SendMessageBatch',
        { QueueUrl: 'https://sqs.eu-central-1.amazonaws.com/123456789012/jobs' },
        queues,
      ),
    ).toEqual([
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-central-1:123456789012:jobs' },
    ]);
    expect(sqsChecks('CreateQueue', { QueueName: 'dlq' }, queues)[0]?.resource).toBe(
      'arn:aws:sqs:eu-central-1:123456789012:dlq',
    );
  });

  it('authorizes raw mail as SendEmail and SendRawEmail on the identity and the configuration set', () => {
    const raw = Buffer.from(
      'From: "HPCW" <workshop@hpcw.example>\r\nTo: Ada <ada@example.org>,\r\n grace@example.org\r\n\r\nHi',
    );
    const email = parseSendEmail({
      Content: { Raw: { Data: raw.toString('base64') } },
      ConfigurationSetName: 'mail',
    });
    expect(email.from).toEqual({ name: 'HPCW', address: 'workshop@hpcw.example' });
    expect(email.recipients).toEqual(['ada@example.org', 'grace@example.org']);
    const [byAddress, byDomain] = sesChecks(email, where);
    expect(byDomain?.map((check) => `${check.action} ${check.resource}`)).toEqual([
      'ses:SendEmail arn:aws:ses:eu-central-1:123456789012:identity/hpcw.example',
      'ses:SendEmail arn:aws:ses:eu-central-1:123456789012:configuration-set/mail',
      'ses:SendRawEmail arn:aws:ses:eu-central-1:123456789012:identity/hpcw.example',
      'ses:SendRawEmail arn:aws:ses:eu-central-1:123456789012:configuration-set/mail',
    ]);
    expect(byAddress?.[0]?.resource).toBe(
      'arn:aws:ses:eu-central-1:123456789012:identity/workshop@hpcw.example',
    );
    expect(byAddress?.[0]?.context).toMatchObject({
      'ses:FromAddress': 'workshop@hpcw.example',
      'ses:Recipients': ['ada@example.org', 'grace@example.org'],
    });
  });

  it('authorizes on the identity the caller names, when it names one', () => {
    const named = 'arn:aws:ses:eu-central-1:123456789012:identity/other.example';
    const email = parseSendEmail({
      FromEmailAddress: 'a@hpcw.example',
      FromEmailAddressIdentityArn: named,
      Destination: { ToAddresses: ['ada@example.org'] },
      Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    });
    expect(sesChecks(email, where)).toEqual([
      [expect.objectContaining({ action: 'ses:SendEmail', resource: named })],
    ]);
  });

  it('refuses mail with no content, no sender or no recipient', () => {
    expect(() => parseSendEmail({})).toThrow(/Content/);
    expect(() => parseSendEmail({ Content: { Raw: { Data: '!!' } } })).toThrow(/base64/);
    expect(() =>
      parseSendEmail({
        Content: { Raw: { Data: Buffer.from('To: a@b.c\r\n\r\nx').toString('base64') } },
      }),
    ).toThrow(/From/);
    expect(() =>
      parseSendEmail({
        FromEmailAddress: 'a@b.c',
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      }),
    ).toThrow(/destination/);
  });

  it('finds a secret by ARN or by name, and names an unknown one by its would-be ARN', () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:origin-AbC123';
    expect(findSecret('origin', { [arn]: 'v' }, where)).toEqual({
      arn,
      name: 'origin',
      value: 'v',
    });
    expect(findSecret('missing', { [arn]: 'v' }, where)).toEqual({
      arn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:missing',
      name: 'missing',
    });
  });

  it('reads an invalidation batch, refusing one whose quantity does not match', () => {
    const batch = (quantity: number) =>
      `<InvalidationBatch><Paths><Quantity>${quantity}</Quantity><Items><Path>/a&amp;b</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch>`;
    expect(parseInvalidation(batch(1))).toEqual({ paths: ['/a&b'], callerReference: 'r' });
    expect(parseInvalidation(batch(2))).toBeUndefined();
  });

  it('reads the access key and scope of a SigV4 header, and nothing else', () => {
    expect(
      signedBy(
        'AWS4-HMAC-SHA256 Credential=AKIA1/20260101/eu-central-1/sqs/aws4_request, SignedHeaders=host, Signature=ab',
      ),
    ).toEqual({
      accessKeyId: 'AKIA1',
      region: 'eu-central-1',
      service: 'sqs',
    });
    expect(signedBy('Bearer token')).toBeUndefined();
    expect(signedBy(undefined)).toBeUndefined();
  });
});

describe('the IAM simulator over a role', () => {
  const role = (statements: object[]) => ({
    name: 'fn',
    roleArn: 'arn:aws:iam::123456789012:role/fn',
    policies: [{ Version: '2012-10-17', Statement: statements }],
  });
  const put = {
    action: 'dynamodb:PutItem',
    resource: TABLE,
    context: { 'dynamodb:LeadingKeys': ['ONLINE#1'] },
  };

  it('tells an explicit deny from a missing allow, and reports the first refused check', async () => {
    const allowed = { Effect: 'Allow', Action: 'dynamodb:*', Resource: TABLE };
    expect(await firstRefusal(role([allowed]), [put], where)).toBeUndefined();
    const denied = {
      Effect: 'Deny',
      Action: 'dynamodb:PutItem',
      Resource: TABLE,
      Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['ONLINE#*'] } },
    };
    expect(await firstRefusal(role([allowed, denied]), [put], where)).toMatchObject({
      reason: 'explicit',
      action: 'dynamodb:PutItem',
    });
    const get = { action: 'dynamodb:GetItem', resource: TABLE };
    const onlyPut = { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE };
    expect(await firstRefusal(role([onlyPut]), [put, get], where)).toMatchObject({
      reason: 'implicit',
      action: 'dynamodb:GetItem',
    });
  });

  it('cannot authorize an action IAM does not have, such as dynamodb:TransactWriteItems', async () => {
    const policy = { Effect: 'Allow', Action: 'dynamodb:TransactWriteItems', Resource: TABLE };
    const refusal = await firstRefusal(
      role([policy]),
      [{ action: 'dynamodb:TransactWriteItems', resource: TABLE }],
      where,
    );
    expect(refusal?.reason).toBe('invalid');
    // And granting it grants none of the item actions AWS checks.
    expect(await firstRefusal(role([policy]), [put], where)).toMatchObject({ reason: 'implicit' });
  });
});
