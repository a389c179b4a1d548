import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverMail, type MailDeliveryDependencies } from '#functions/mail/delivery.ts';
import { MAIL_SENDER_ENVIRONMENT } from '../../../support/mail/sender-environment.ts';

/**
 * An announcement's fan-out item on the AWS side: the mail queue brings its id to the sender
 * like a message's, and the sender expands it (no email of its own), its copies queued in
 * transactions that carry the cursor, the last one settling the fan-out with the count.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
let sender: (event: SQSEvent) => Promise<SQSBatchResponse>;

const ANNOUNCEMENT = 'ann_01hzy3k9q2c8v5m7n4p6r8t0w2';
const registration = (id: string, status: string) => ({
  pk: 'REG#2020',
  sk: `REG#${id}`,
  entity: 'registration',
  id,
  year: 2020,
  status,
  audience: 'other',
  createdAt: '2020-05-01T10:00:00.000Z',
});

beforeAll(async () => {
  Object.assign(process.env, MAIL_SENDER_ENVIRONMENT);
  ({ handler: sender } = (await import('#functions/mail/sender-handler.ts')) as never);
});

beforeEach(() => {
  dynamo.reset();
  ses.reset();
  dynamo.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).callsFake((input) => ({
    Attributes: {
      pk: 'MAIL#2020',
      sk: input.Key.sk,
      entity: 'mail-fanout',
      id: input.Key.sk,
      year: 2020,
      announcementId: ANNOUNCEMENT,
      audience: 'confirmed',
      queued: 0,
      state: 'sending',
      attempts: 1,
    },
  }));
  dynamo.on(QueryCommand).resolves({
    Items: [
      registration('01hzy3k9q2c8v5m7n4p6r8t0w3', 'confirmed'),
      registration('01hzy3k9q2c8v5m7n4p6r8t0w4', 'waitlisted'),
      registration('01hzy3k9q2c8v5m7n4p6r8t0w5', 'confirmed'),
    ],
  });
  dynamo.on(TransactWriteCommand).resolves({});
});

const job = (mailId: string) =>
  ({
    Records: [{ messageId: 'm1', body: JSON.stringify({ year: 2020, mailId }) }],
  }) as unknown as SQSEvent;

describe('an announcement fan-out in the mail sender', () => {
  it('queues one copy per confirmed person and settles the fan-out with their number', async () => {
    const result = await sender(job(`fanout_${ANNOUNCEMENT}`));
    expect(result.batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    const [chunk] = dynamo.commandCalls(TransactWriteCommand);
    const items = chunk?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'MAIL#2020', sk: `fanout_${ANNOUNCEMENT}` },
      ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':total': 2 }),
    });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: 'ANNOUNCE#2020', sk: ANNOUNCEMENT },
      ExpressionAttributeValues: { ':total': 2 },
    });
    expect(items.slice(2).map((item) => item.Put?.Item?.sk)).toEqual([
      `mail_${ANNOUNCEMENT}_01hzy3k9q2c8v5m7n4p6r8t0w3`,
      `mail_${ANNOUNCEMENT}_01hzy3k9q2c8v5m7n4p6r8t0w5`,
    ]);
    expect(
      items.slice(2).every((item) => item.Put?.ConditionExpression === 'attribute_not_exists(pk)'),
    ).toBe(true);
  });

  it('asks for the job again when the database fails half-way, and gives the fan-out back', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const result = await sender(job(`fanout_${ANNOUNCEMENT}`));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'MAIL#2020', sk: `fanout_${ANNOUNCEMENT}` },
      ExpressionAttributeValues: expect.objectContaining({ ':pending': 'pending' }),
    });
  });

  it('is never taken for a message by a delivery that is handed its id', async () => {
    const untouchable = new Proxy({} as MailDeliveryDependencies, {
      get: () => {
        throw new Error('a fan-out reached the message delivery');
      },
    });
    expect(await deliverMail(2020, `fanout_${ANNOUNCEMENT}`, untouchable)).toEqual({
      result: 'not-claimed',
    });
  });
});
