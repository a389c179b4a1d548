import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../../scripts/stack-local/aws/endpoint.ts';
import { pollQueue } from '../../../scripts/stack-local/event-sources.ts';
import type { InvokeOutcome, LocalFunction } from '../../../scripts/stack-local/lambda-host.ts';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_PRINCIPAL,
  LOCAL_SECRET_ACCESS_KEY,
} from '../../../scripts/stack-local/resources.ts';

/**
 * An SQS event source mapping, locally: the filters drop (and delete) what they do not pass,
 * the batch goes to the function, and with ReportBatchItemFailures only the items it reports
 * come back after their visibility timeout; the others are deleted.
 */

const SENDER_KEY = 'LOCALROLEsender';
// What the role may do (the real endpoint checks it; the stand-in does not).
const ALLOWED = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
};
let aws: LocalAws;
let admin: SQSClient;

beforeAll(async () => {
  aws = await startLocalAws({
    region: 'us-east-1',
    account: '000000000000',
    dynamoDbEndpoint: 'http://127.0.0.1:9',
    principalOf: (key) =>
      key === ADMIN_ACCESS_KEY_ID
        ? ADMIN_PRINCIPAL
        : key === SENDER_KEY
          ? {
              name: 'sender',
              roleArn: 'arn:aws:iam::000000000000:role/sender',
              policies: [ALLOWED],
            }
          : undefined,
    log: () => undefined,
  });
  admin = new SQSClient({
    endpoint: aws.url,
    region: 'us-east-1',
    credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: LOCAL_SECRET_ACCESS_KEY },
  });
});

afterAll(async () => {
  admin.destroy();
  await aws.close();
});

async function until(condition: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pollQueue', () => {
  it('filters, batches, and receives again only the items the function reports failed', async () => {
    const { QueueUrl } = await admin.send(
      new CreateQueueCommand({ QueueName: 'jobs', Attributes: { VisibilityTimeout: '1' } }),
    );
    const queueUrl = String(QueueUrl);
    for (const body of [{ kind: 'a', n: 1 }, { kind: 'a', n: 2 }, { kind: 'skip' }]) {
      await admin.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }),
      );
    }
    const delivered: { n: number; receiveCount: string }[] = [];
    let failedOnce = false;
    const fn = {
      invoke: async (event: unknown): Promise<InvokeOutcome> => {
        const records = (
          event as {
            Records: { messageId: string; body: string; attributes: Record<string, string> }[];
          }
        ).Records;
        const failures: { itemIdentifier: string }[] = [];
        for (const record of records) {
          const { n } = JSON.parse(record.body) as { n: number };
          delivered.push({ n, receiveCount: String(record.attributes.ApproximateReceiveCount) });
          if (n === 2 && !failedOnce) {
            failedOnce = true;
            failures.push({ itemIdentifier: record.messageId });
          }
        }
        return { ok: true, result: { batchItemFailures: failures } };
      },
    } as unknown as LocalFunction;
    const poller = pollQueue(
      {
        name: 'test/mapping',
        function: fn,
        accessKeyId: SENDER_KEY,
        endpoint: aws.url,
        region: 'us-east-1',
        sourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
        batchSize: 10,
        batchingWindowSeconds: 0,
        filters: [JSON.stringify({ body: { kind: ['a'] } })],
        startingPosition: 'LATEST',
        maximumRetryAttempts: -1,
        bisectOnError: false,
        reportBatchItemFailures: true,
        maximumConcurrency: 1,
        log: () => undefined,
      },
      queueUrl,
    );
    try {
      await until(() => delivered.filter(({ n }) => n === 2).length === 2);
      await until(async () => {
        const { Attributes } = await admin.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
        );
        return (
          Attributes?.ApproximateNumberOfMessages === '0' &&
          Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
        );
      });
    } finally {
      await poller.stop();
    }
    expect(delivered.filter(({ n }) => n === 1)).toEqual([{ n: 1, receiveCount: '1' }]);
    expect(delivered.filter(({ n }) => n === 2)).toEqual([
      { n: 2, receiveCount: '1' },
      { n: 2, receiveCount: '2' },
    ]);
    // The filtered-out message never reached the function, and was deleted.
    expect(delivered).toHaveLength(3);
  }, 60_000);
});
