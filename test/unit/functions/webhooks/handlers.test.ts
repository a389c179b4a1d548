import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fetch } from '#functions/webhooks/transport.ts';
import { fakeLookup } from '../../../support/webhooks/fake-dns.ts';

/** The AWS side of webhooks: stream fan-out to the queue, and queue-driven delivery with backoff. */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
type Handler<Event, Result> = (event: Event) => Promise<Result>;
let fanOut: Handler<DynamoDBStreamEvent, void>;
type SenderFactory = (options: {
  lookup?: ReturnType<typeof fakeLookup>;
  fetch?: Fetch;
}) => Handler<SQSEvent, { batchItemFailures: { itemIdentifier: string }[] }>;
let createSender: SenderFactory;
// The receiver's name, to a public address: nothing is sent to it, fetch is a mock.
const dns = () => fakeLookup({ 'receiver.example.com': ['93.184.215.14'] });
const sender = (fetch: Fetch) => createSender({ lookup: dns(), fetch });

const event = {
  id: 'evt_01hzzzzzzzzzzzzzzzzzzzzzzz',
  type: 'registration.confirmed',
  edition: 2030,
  occurredAt: '2030-05-01T10:00:00.000Z',
  data: { registrationId: 'r1', status: 'confirmed' },
};
const subscription = {
  pk: 'WEBHOOKS#2030',
  sk: 'wh_1',
  id: 'wh_1',
  url: 'https://receiver.example.com/hooks',
  events: ['registration.confirmed'],
  secret: 'whsec_test',
  createdAt: '2030-04-01T00:00:00.000Z',
  createdBy: 'o',
};

beforeAll(async () => {
  process.env.TABLE_NAME = 'workshop-2030';
  process.env.DELIVERY_QUEUE_URL = 'https://sqs.example/queue';
  ({ handler: fanOut } = (await import('#functions/webhooks/stream-handler.ts')) as never);
  ({ createSenderHandler: createSender } = (await import(
    '#functions/webhooks/sender-handler.ts'
  )) as never);
});

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  dynamo.on(QueryCommand).resolves({
    Items: [
      subscription,
      { ...subscription, sk: 'wh_2', id: 'wh_2', events: ['release.published'] },
    ],
  });
  dynamo.on(GetCommand).resolves({ Item: subscription });
  dynamo.on(PutCommand).resolves({});
  sqs
    .on(SendMessageBatchCommand)
    .resolves({ Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }] });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
});

const message = (receiveCount: number) =>
  ({
    Records: [
      {
        messageId: 'm1',
        receiptHandle: 'receipt-1',
        body: JSON.stringify({ subscriptionId: 'wh_1', event }),
        attributes: { ApproximateReceiveCount: String(receiveCount) },
      },
    ],
  }) as unknown as SQSEvent;

describe('the stream fan-out', () => {
  it('queues one delivery per subscription that wants the event', async () => {
    await fanOut({
      Records: [
        {
          eventName: 'INSERT',
          dynamodb: {
            NewImage: marshall({
              pk: 'EVENTS#2030',
              sk: event.id,
              entity: 'event',
              ...event,
              expiresAt: 1,
            }),
          },
        },
      ],
    } as unknown as DynamoDBStreamEvent);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const entries = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries ?? [];
    expect(entries.map((entry) => JSON.parse(String(entry.MessageBody)))).toEqual([
      { subscriptionId: 'wh_1', event },
    ]);
  });
});

describe('the queue sender', () => {
  it('delivers, signs and records the delivery', async () => {
    const fetchMock = vi.fn(async () => ({ status: 204 }));
    const result = await sender(fetchMock)(message(1));
    expect(result.batchItemFailures).toEqual([]);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://receiver.example.com/hooks');
    expect((init.headers as Record<string, string>)['webhook-id']).toBe(event.id);
    expect((init.headers as Record<string, string>)['webhook-signature']).toMatch(/^v1,/);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'delivered', attempts: 1 }),
    });
  });

  it('keeps a failed delivery on the queue for the backoff and reports it as a batch failure', async () => {
    const result = await sender(async () => ({ status: 502 }))(message(3));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const visibility =
      sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input.VisibilityTimeout ?? 0;
    expect(visibility).toBeGreaterThanOrEqual(4);
    expect(visibility).toBeLessThanOrEqual(5);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'pending', attempts: 3, lastStatus: 502 }),
    });
  });

  it('lets the message go after the last attempt, recorded as failed', async () => {
    const result = await sender(async () => ({ status: 500 }))(message(8));
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityCommand);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'failed', attempts: 8 }),
    });
  });

  it('refuses a name that resolves to a private address: recorded as failed at once, not retried', async () => {
    const fetchMock = vi.fn(async () => ({ status: 204 }));
    const send = createSender({
      lookup: fakeLookup({ 'receiver.example.com': ['10.0.0.1'] }),
      fetch: fetchMock,
    });
    const result = await send(message(1));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityCommand);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        status: 'failed',
        attempts: 1,
        lastError: 'refused: the host resolves to an address that is not public',
      }),
    });
  });

  it('refuses loopback, which only the local server may use', async () => {
    const fetchMock = vi.fn(async () => ({ status: 204 }));
    const send = createSender({
      lookup: fakeLookup({ 'receiver.example.com': ['127.0.0.1'] }),
      fetch: fetchMock,
    });
    await send(message(1));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'failed', attempts: 1 }),
    });
  });

  it('sends the messages of a batch side by side, and reports only the one that failed', async () => {
    const batch = (count: number) =>
      ({
        Records: Array.from({ length: count }, (_, index) => ({
          messageId: `m${index}`,
          receiptHandle: `receipt-${index}`,
          body: JSON.stringify({
            subscriptionId: index === 3 ? 'wh_broken' : 'wh_1',
            event: { ...event, id: `${event.id}-${index}` },
          }),
          attributes: { ApproximateReceiveCount: '1' },
        })),
      }) as unknown as SQSEvent;
    dynamo
      .on(GetCommand, { Key: { pk: 'WEBHOOKS#2030', sk: 'wh_broken' } })
      .rejects(Object.assign(new Error('boom'), { name: 'ValidationException' }));
    let inFlight = 0;
    let most = 0;
    const slowReceiver = vi.fn(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight -= 1;
      return { status: 204 };
    });
    const result = await sender(slowReceiver)(batch(10));
    expect(slowReceiver).toHaveBeenCalledTimes(9);
    expect(most).toBe(9);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);
  });

  it('retries when the name does not resolve', async () => {
    const fetchMock = vi.fn(async () => ({ status: 204 }));
    const result = await createSender({ lookup: fakeLookup({}), fetch: fetchMock })(message(1));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        status: 'pending',
        attempts: 1,
        lastError: 'Error ENOTFOUND',
      }),
    });
  });
});
