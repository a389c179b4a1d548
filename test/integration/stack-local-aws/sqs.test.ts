import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { ACCOUNT, allow, REGION, roleOf, useLocalAws } from './local-aws.ts';

/** SQS through the local AWS endpoint (JSON protocol, real SDK v3 client), authorized per role. */

const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

const { aws, clientConfig } = useLocalAws(
  () => ({
    ADMIN: roleOf('admin', [allow(['sqs:*'], ['*'])]),
    // A fan-out function: may send to the jobs queue, nothing else.
    FANOUT: roleOf('fan-out', [allow(['sqs:SendMessage'], [queueArn('jobs')])]),
    // What Lambda's event source mapping needs of the function's role, and ChangeMessageVisibility.
    SENDER: roleOf('sender', [
      allow(
        [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ChangeMessageVisibility',
        ],
        [queueArn('jobs'), queueArn('dead-letters')],
      ),
    ]),
  }),
  () => ({ dynamoDbEndpoint: inject('dynamoDbEndpoint') }),
);

const client = (key: string) => new SQSClient(clientConfig(key));

async function queues() {
  const admin = client('ADMIN');
  const dlq = await admin.send(new CreateQueueCommand({ QueueName: 'dead-letters' }));
  const jobs = await admin.send(
    new CreateQueueCommand({
      QueueName: 'jobs',
      Attributes: {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: queueArn('dead-letters'),
          maxReceiveCount: 2,
        }),
      },
    }),
  );
  admin.destroy();
  return { jobs: jobs.QueueUrl as string, deadLetters: dlq.QueueUrl as string };
}

describe('the local AWS endpoint: SQS', () => {
  it("evaluates a queue's policy with the role's own", async () => {
    const admin = client('ADMIN');
    const policy = {
      Version: '2012-10-17',
      Statement: [
        // Grants the sender (whose role has no sqs:SendMessage) sending to this queue.
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/sender-role` },
          Action: 'sqs:SendMessage',
          Resource: queueArn('guarded'),
        },
        // And takes it from the fan-out, whatever its role allows.
        {
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fan-out-role` },
          Action: 'sqs:*',
          Resource: queueArn('guarded'),
        },
      ],
    };
    const { QueueUrl } = await admin.send(
      new CreateQueueCommand({
        QueueName: 'guarded',
        Attributes: { Policy: JSON.stringify(policy) },
      }),
    );
    const sender = client('SENDER');
    expect(
      (await sender.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }))).MessageId,
    ).toBeTruthy();
    const fanOut = client('FANOUT');
    const refused = await fanOut
      .send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }))
      .catch((e) => e);
    expect(refused.message).toContain('explicit deny');
    admin.destroy();
    sender.destroy();
    fanOut.destroy();
  });

  it('sends, receives and deletes, each as the role allows', async () => {
    const { jobs } = await queues();
    expect(jobs).toBe(`${aws().url}/${ACCOUNT}/jobs`);
    const fanOut = client('FANOUT');
    const sent = await fanOut.send(
      new SendMessageBatchCommand({
        QueueUrl: jobs,
        Entries: [
          { Id: 'a', MessageBody: '{"job":"a"}' },
          { Id: 'b', MessageBody: '{"job":"b"}' },
        ],
      }),
    );
    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['a', 'b']);
    // The fan-out may not read what it sends.
    const refused = await fanOut
      .send(new ReceiveMessageCommand({ QueueUrl: jobs }))
      .catch((e) => e);
    expect(refused.name).toMatch(/AccessDenied/);
    expect(refused.$metadata.httpStatusCode).toBe(403);
    expect(aws().denials).toContainEqual({
      principal: 'fan-out',
      action: 'sqs:ReceiveMessage',
      resource: queueArn('jobs'),
    });

    const sender = client('SENDER');
    const { Messages = [] } = await sender.send(
      new ReceiveMessageCommand({
        QueueUrl: jobs,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(Messages.map((message) => message.Body).sort()).toEqual(['{"job":"a"}', '{"job":"b"}']);
    expect(Messages[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    // Received: hidden for the visibility timeout.
    const again = await sender.send(new ReceiveMessageCommand({ QueueUrl: jobs }));
    expect(again.Messages).toBeUndefined();
    for (const message of Messages) {
      await sender.send(
        new DeleteMessageCommand({ QueueUrl: jobs, ReceiptHandle: message.ReceiptHandle }),
      );
    }
    const { Attributes } = await sender.send(
      new GetQueueAttributesCommand({ QueueUrl: jobs, AttributeNames: ['All'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0');
    fanOut.destroy();
    sender.destroy();
  });

  it('answers a long poll when a message arrives', async () => {
    const { jobs } = await queues();
    const sender = client('SENDER');
    const polled = sender.send(new ReceiveMessageCommand({ QueueUrl: jobs, WaitTimeSeconds: 20 }));
    const fanOut = client('FANOUT');
    await fanOut.send(new SendMessageCommand({ QueueUrl: jobs, MessageBody: 'late' }));
    const { Messages = [] } = await polled;
    expect(Messages.map((message) => message.Body)).toEqual(['late']);
    await sender.send(
      new DeleteMessageCommand({ QueueUrl: jobs, ReceiptHandle: Messages[0]?.ReceiptHandle }),
    );
    sender.destroy();
    fanOut.destroy();
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    const { jobs, deadLetters } = await queues();
    const fanOut = client('FANOUT');
    await fanOut.send(new SendMessageCommand({ QueueUrl: jobs, MessageBody: 'poison' }));
    const sender = client('SENDER');
    for (let receive = 1; receive <= 2; receive += 1) {
      const { Messages = [] } = await sender.send(
        new ReceiveMessageCommand({
          QueueUrl: jobs,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(Messages[0]?.Attributes?.ApproximateReceiveCount).toBe(String(receive));
      // A failed attempt: visible again at once, as a sender's retry delay of 0 would leave it.
      await sender.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: jobs,
          ReceiptHandle: Messages[0]?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    const third = await sender.send(new ReceiveMessageCommand({ QueueUrl: jobs }));
    expect(third.Messages).toBeUndefined();
    const { Messages = [] } = await sender.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetters, MessageSystemAttributeNames: ['All'] }),
    );
    expect(Messages.map((message) => message.Body)).toEqual(['poison']);
    expect(Messages[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(queueArn('jobs'));
    fanOut.destroy();
    sender.destroy();
  });

  it('refuses a batch with one Id twice, and more messages than 10 at once, as SQS does', async () => {
    const { jobs } = await queues();
    const admin = client('ADMIN');
    const twice = await admin
      .send(
        new SendMessageBatchCommand({
          QueueUrl: jobs,
          Entries: [
            { Id: 'a', MessageBody: 'x' },
            { Id: 'a', MessageBody: 'y' },
          ],
        }),
      )
      .catch((e) => e);
    expect(twice.name).toBe('BatchEntryIdsNotDistinct');
    const many = await admin
      .send(new ReceiveMessageCommand({ QueueUrl: jobs, MaxNumberOfMessages: 11 }))
      .catch((e) => e);
    expect(many.name).toBe('InvalidParameterValue');
    expect(many.$metadata.httpStatusCode).toBe(400);
    admin.destroy();
  });

  it('answers QueueDoesNotExist for a queue never created', async () => {
    const admin = client('ADMIN');
    const error = await admin
      .send(
        new SendMessageCommand({ QueueUrl: `${aws().url}/${ACCOUNT}/nowhere`, MessageBody: 'x' }),
      )
      .catch((e) => e);
    expect(error.name).toBe('QueueDoesNotExist');
    admin.destroy();
  });
});

describe('the local AWS endpoint: SQS over the query protocol', () => {
  const query = async (key: string, parameters: Record<string, string>, path = '/') => {
    const response = await fetch(`${aws().url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${key}/20260101/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=00`,
      },
      body: new URLSearchParams({ Version: '2012-11-05', ...parameters }).toString(),
    });
    return { status: response.status, xml: await response.text() };
  };

  it('serves Action= requests with XML answers, errors in the query codes', async () => {
    const created = await query('ADMIN', {
      Action: 'CreateQueue',
      QueueName: 'legacy',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '5',
    });
    expect(created.xml).toContain(`<QueueUrl>${aws().url}/${ACCOUNT}/legacy</QueueUrl>`);
    const path = `/${ACCOUNT}/legacy`;
    const sent = await query(
      'ADMIN',
      {
        Action: 'SendMessageBatch',
        QueueUrl: `${aws().url}${path}`,
        'SendMessageBatchRequestEntry.1.Id': 'one',
        'SendMessageBatchRequestEntry.1.MessageBody': 'a & b',
      },
      path,
    );
    expect(sent.xml).toMatch(
      /<SendMessageBatchResultEntry><Id>one<\/Id><MessageId>[^<]+<\/MessageId>/,
    );
    const received = await query('ADMIN', {
      Action: 'ReceiveMessage',
      QueueUrl: `${aws().url}${path}`,
      'MessageSystemAttributeName.1': 'ApproximateReceiveCount',
    });
    expect(received.xml).toContain('<Body>a &amp; b</Body>');
    expect(received.xml).toContain(
      '<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>',
    );
    const missing = await query('ADMIN', { Action: 'GetQueueUrl', QueueName: 'never-made' });
    expect(missing.status).toBe(400);
    expect(missing.xml).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
    const denied = await query('FANOUT', { Action: 'PurgeQueue', QueueUrl: `${aws().url}${path}` });
    expect(denied.status).toBe(403);
    expect(denied.xml).toContain('<Code>AccessDenied</Code>');
    const bogus = await query('ADMIN', { Action: 'Drop Everything' });
    expect(bogus.status).toBe(400);
  });
});
