import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
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
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAIL_SENDER_ENVIRONMENT } from '../../../support/mail/sender-environment.ts';
import { seedWithSpeakers, storedItems } from '../../../support/published.ts';

/**
 * The AWS side of attendee mail: the stream fan-out to the mail queue, the queue-driven SES
 * sender with partial batch failures, and the scheduled reminders.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const ses = mockClient(SESv2Client);
type Handler<Event, Result> = (event: Event) => Promise<Result>;
let fanOut: Handler<DynamoDBStreamEvent, void>;
let sender: Handler<SQSEvent, SQSBatchResponse>;
let reminders: (event: { year?: unknown }) => Promise<{ reminders: number; requeued: number }>;

const ADDRESS = 'ada.mailtest@example.org';
const edition = storedItems();
const registration = {
  pk: 'REG#2020',
  sk: 'REG#01hzy3k9q2c8v5m7n4p6r8t0w2',
  entity: 'registration',
  id: '01hzy3k9q2c8v5m7n4p6r8t0w2',
  year: 2020,
  status: 'confirmed',
  name: 'Ada Mailtest',
  email: ADDRESS,
  audience: 'other',
  tokenHash: 'hash',
  createdAt: '2020-05-01T10:00:00.000Z',
  history: [],
  expiresAt: 1,
};
const mailItem = (id: string) => ({
  pk: 'MAIL#2020',
  sk: id,
  entity: 'mail',
  id,
  year: 2020,
  kind: 'confirmed',
  registrationId: '01hzy3k9q2c8v5m7n4p6r8t0w2',
  queuedAt: '2020-05-01T10:00:00.000Z',
  state: 'sending',
  attempts: 1,
  leaseUntil: '2020-05-01T10:01:00.000Z',
});
const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });

beforeAll(async () => {
  Object.assign(process.env, MAIL_SENDER_ENVIRONMENT);
  ({ handler: fanOut } = (await import('#functions/mail/stream-handler.ts')) as never);
  ({ handler: sender } = (await import('#functions/mail/sender-handler.ts')) as never);
  ({ handler: reminders } = (await import('#functions/mail/reminder-handler.ts')) as never);
});

let logged: string[];

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  ses.reset();
  logged = [];
  for (const method of ['log', 'error'] as const) {
    const original = console[method];
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original(...args);
    });
  }
  sqs.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })),
  }));
  // The claim answers with the message; every other update (settle, release) succeeds.
  dynamo.on(UpdateCommand).resolves({});
  dynamo
    .on(UpdateCommand, { ReturnValues: 'ALL_NEW' })
    .callsFake((input) => ({ Attributes: mailItem(input.Key.sk) }));
  dynamo.on(GetCommand).resolves({});
  dynamo
    .on(GetCommand, { Key: { pk: 'REG#2020', sk: 'REG#01hzy3k9q2c8v5m7n4p6r8t0w2' } })
    .resolves({ Item: registration });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EDITION#2020' } }).resolves({
    Items: edition.partition,
  });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const streamRecord = (eventName: string, item: Record<string, unknown>) => ({
  eventName,
  dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) },
});
const streamOf = (...records: ReturnType<typeof streamRecord>[]) =>
  ({ Records: records }) as unknown as DynamoDBStreamEvent;
const queued = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => JSON.parse(String(entry.MessageBody)));

const batchOf = (...bodies: string[]) =>
  ({
    Records: bodies.map((body, index) => ({
      messageId: `m${index + 1}`,
      receiptHandle: `receipt-${index + 1}`,
      body,
      attributes: { ApproximateReceiveCount: '1' },
    })),
  }) as unknown as SQSEvent;
const job = (mailId: string, year = 2020) => JSON.stringify({ year, mailId });

describe('the mail stream fan-out', () => {
  it('queues one job per new message, with its year and id and nothing of its addressee', async () => {
    await fanOut(
      streamOf(
        streamRecord('INSERT', {
          ...mailItem('mail_cancelled'),
          state: 'pending',
          kind: 'cancelled',
          to: { name: 'Ada Mailtest', email: ADDRESS },
        }),
        streamRecord('MODIFY', mailItem('mail_settled')),
        streamRecord('INSERT', { ...mailItem('mail_2'), state: 'pending' }),
      ),
    );
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(queued()).toEqual([
      { year: 2020, mailId: 'mail_cancelled' },
      { year: 2020, mailId: 'mail_2' },
    ]);
    expect(JSON.stringify(sqs.calls().map((call) => call.args[0].input))).not.toContain(ADDRESS);
  });

  it('sends the jobs ten to a batch', async () => {
    const records = Array.from({ length: 23 }, (_, index) =>
      streamRecord('INSERT', mailItem(`mail_${index}`)),
    );
    await fanOut(streamOf(...records));
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    expect(queued()).toHaveLength(23);
  });

  it('fails the stream batch when a job is not queued, so that the stream brings it again', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }],
    });
    await expect(fanOut(streamOf(streamRecord('INSERT', mailItem('mail_1'))))).rejects.toThrow(
      /not queued/,
    );
  });
});

describe('the mail sender', () => {
  beforeEach(() => {
    // Before the 2020 edition starts: its messages are still of use.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-05-01T10:00:30Z'));
  });

  it('sends a claimed message through SES with the configuration set and tags, and marks it sent', async () => {
    const result = await sender(batchOf(job('mail_1')));
    expect(result.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'workshop@hpcw.example',
      Destination: { ToAddresses: [ADDRESS] },
      ConfigurationSetName: 'hpcw2020-mail',
      EmailTags: [
        { Name: 'message_id', Value: 'mail_1' },
        { Name: 'edition', Value: '2020' },
      ],
    });
    const raw = Buffer.from(
      ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Raw?.Data ?? [],
    ).toString();
    expect(raw).toContain('From: HPCW20 <workshop@hpcw.example>');
    // Quoted-printable: the link's "=" is written =3D.
    expect(raw).toContain(
      'https://hpcw.example/2020/manage#id=3D01hzy3k9q2c8v5m7n4p6r8t0w2&token=3D',
    );
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'MAIL#2020', sk: 'mail_1' },
      ExpressionAttributeValues: expect.objectContaining({ ':state': 'sent' }),
    });
  });

  it('tags each message with its own year: one sender serves every year of the series', async () => {
    const later = storedItems({ ...seedWithSpeakers(), year: 2021 });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EDITION#2021' } }).resolves({
      Items: later.partition,
    });
    dynamo
      .on(GetCommand, { Key: { pk: 'REG#2021', sk: 'REG#01hzy3k9q2c8v5m7n4p6r8t0w2' } })
      .resolves({ Item: { ...registration, pk: 'REG#2021', year: 2021 } });
    dynamo
      .on(UpdateCommand, { Key: { pk: 'MAIL#2021' }, ReturnValues: 'ALL_NEW' })
      .callsFake((input) => ({
        Attributes: { ...mailItem(input.Key.sk), pk: 'MAIL#2021', year: 2021 },
      }));
    const result = await sender(batchOf(job('mail_2021', 2021), job('mail_2020')));
    expect(result.batchItemFailures).toEqual([]);
    const tagsOf = (mailId: string) =>
      ses
        .commandCalls(SendEmailCommand)
        .map((call) => call.args[0].input.EmailTags)
        .find((tags) => tags?.[0]?.Value === mailId);
    expect(tagsOf('mail_2021')).toEqual([
      { Name: 'message_id', Value: 'mail_2021' },
      { Name: 'edition', Value: '2021' },
    ]);
    expect(tagsOf('mail_2020')?.[1]).toEqual({ Name: 'edition', Value: '2020' });
  });

  it('reports only the messages to retry, and lets go of the sent, the failed and the not ours', async () => {
    dynamo
      .on(UpdateCommand, { Key: { pk: 'MAIL#2020', sk: 'mail_taken' }, ReturnValues: 'ALL_NEW' })
      .rejects(conditionFailed());
    ses.on(SendEmailCommand).callsFake((input) => {
      const id = input.EmailTags[0].Value;
      if (id === 'mail_throttled')
        throw new TooManyRequestsException({ message: 'slow down', $metadata: {} });
      if (id === 'mail_rejected') {
        throw Object.assign(new Error(`Address blacklisted: ${ADDRESS}`), {
          name: 'MessageRejected',
        });
      }
      return { MessageId: 'ses' };
    });
    const result = await sender(
      batchOf(job('mail_sent'), job('mail_throttled'), job('mail_taken'), job('mail_rejected')),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    // Throttled is "later": hidden for its backoff (a second after the first attempt), not failed.
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: 'https://sqs.example/mail',
      ReceiptHandle: 'receipt-2',
      VisibilityTimeout: 1,
    });
    const settled = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.ReturnValues !== 'ALL_NEW')
      .map((input) => [input.Key?.sk, input.ExpressionAttributeValues?.[':state']]);
    expect(settled).toEqual(
      expect.arrayContaining([
        ['mail_sent', 'sent'],
        // Released for the next attempt: pending again.
        ['mail_throttled', undefined],
        ['mail_rejected', 'failed'],
      ]),
    );
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(logged.join('\n')).not.toContain('@');
  });

  it('sends the messages of a batch one after the other', async () => {
    let inFlight = 0;
    let most = 0;
    ses.on(SendEmailCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { MessageId: 'ses' };
    });
    await sender(batchOf(job('mail_a'), job('mail_b'), job('mail_c')));
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(most).toBe(1);
  });

  it('reports a table that does not answer for another try, and drops a job it can never read', async () => {
    dynamo
      .on(UpdateCommand, { Key: { pk: 'MAIL#2020', sk: 'mail_down' }, ReturnValues: 'ALL_NEW' })
      .rejects(Object.assign(new Error('no'), { name: 'ValidationException' }));
    const result = await sender(batchOf('not json', job('mail_down'), job('mail_ok')));
    // The outbox still holds whatever an unreadable job was about: the schedule finds it.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    // Interrupted, not failed: back after the queue's visibility timeout, which outlasts the lease.
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityCommand, 0);
  });

  it('keeps a message hidden for its backoff, an hour at most, while throttling goes on', async () => {
    dynamo
      .on(UpdateCommand, { ReturnValues: 'ALL_NEW' })
      .callsFake((input) => ({ Attributes: { ...mailItem(input.Key.sk), attempts: 40 } }));
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'quota', $metadata: {} }));
    const result = await sender(batchOf(job('mail_quota')));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      VisibilityTimeout: 3_600,
    });
    expect(dynamo).not.toHaveReceivedCommandWith(UpdateCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':state': 'failed' }),
    });
  });
});

describe('the reminder schedule', () => {
  it('queues nothing before the reminder time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-06-01T12:00:00+02:00'));
    dynamo.on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } }).resolves({
      Item: edition.item('META'),
    });
    expect(await reminders({ year: 2020 })).toEqual({ reminders: 0, requeued: 0 });
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });

  it('queues one reminder per confirmed person once it is due, and marks the edition reminded', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2020-06-24T12:00:00+02:00'));
    dynamo.on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } }).resolves({
      Item: edition.item('META'),
    });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'REG#2020' } }).resolves({
      Items: [registration, { ...registration, sk: 'REG#r2', id: 'r2', status: 'waitlisted' }],
    });
    dynamo.on(PutCommand).resolves({});
    expect((await reminders({ year: 2020 })).reminders).toBe(1);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: 'MAIL#2020',
        sk: 'mail_reminder_01hzy3k9q2c8v5m7n4p6r8t0w2',
        kind: 'reminder',
      }),
    });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'REMINDERS#2020', sk: 'QUEUED' }),
    });
  });

  it('serves the year its schedule names, and refuses an event without one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-06-01T12:00:00Z'));
    expect(await reminders({ year: 2021 })).toEqual({ reminders: 0, requeued: 0 });
    const partitions = dynamo
      .calls()
      .map(
        (call) =>
          call.args[0].input as {
            Key?: { pk?: string };
            ExpressionAttributeValues?: Record<string, unknown>;
          },
      )
      .map((input) => input.Key?.pk ?? input.ExpressionAttributeValues?.[':pk']);
    expect(partitions).toContain('MAIL#2021');
    expect(partitions.filter((pk) => String(pk).endsWith('2020'))).toEqual([]);
    await expect(reminders({})).rejects.toThrow(/no year/);
  });

  it('queues again the messages nobody works on any more, and leaves the others', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = new Date('2020-06-01T12:00:00Z');
    vi.setSystemTime(now);
    dynamo.on(GetCommand, { Key: { pk: 'EDITION#2020', sk: 'META' } }).resolves({
      Item: edition.item('META'),
    });
    const minutesAgo = (minutes: number) =>
      new Date(now.getTime() - minutes * 60_000).toISOString();
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'MAIL#2020' } }).resolves({
      Items: [
        { ...mailItem('mail_forgotten'), state: 'pending', queuedAt: minutesAgo(30) },
        { ...mailItem('mail_fresh'), state: 'pending', queuedAt: minutesAgo(1) },
        { ...mailItem('mail_abandoned'), leaseUntil: minutesAgo(5) },
        { ...mailItem('mail_in_hand'), leaseUntil: new Date(now.getTime() + 30_000).toISOString() },
        // Given back after a failure: due again by its nextAttemptAt, not by when it was queued.
        {
          ...mailItem('mail_waiting'),
          state: 'pending',
          queuedAt: minutesAgo(300),
          nextAttemptAt: minutesAgo(2),
        },
        {
          ...mailItem('mail_lost_retry'),
          state: 'pending',
          queuedAt: minutesAgo(300),
          nextAttemptAt: minutesAgo(20),
        },
      ],
    });
    expect(await reminders({ year: 2020 })).toEqual({ reminders: 0, requeued: 3 });
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      QueueUrl: 'https://sqs.example/mail',
      Entries: [
        { Id: '0', MessageBody: JSON.stringify({ year: 2020, mailId: 'mail_forgotten' }) },
        { Id: '1', MessageBody: JSON.stringify({ year: 2020, mailId: 'mail_abandoned' }) },
        { Id: '2', MessageBody: JSON.stringify({ year: 2020, mailId: 'mail_lost_retry' }) },
      ],
    });
  });
});
