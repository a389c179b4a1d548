import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSesFeedback } from '#functions/mail/ses-feedback.ts';

/**
 * Bounces and complaints from SES's configuration set, through SNS: which mark a registration
 * undeliverable, which change nothing, and that no address they carry is logged.
 */

const dynamo = mockClient(DynamoDBDocumentClient);
let handler: (event: SNSEvent) => Promise<void>;

const ADDRESS = 'bounced.person@example.org';
const tags = (mailId = 'mail_01', edition = '2020') => ({
  'ses:configuration-set': ['hpcw2020-mail'],
  'ses:from-domain': ['hpcw.example'],
  message_id: [mailId],
  edition: [edition],
});
const mail = (tagged = tags()) => ({
  timestamp: '2020-05-01T10:00:00.000Z',
  source: 'HPCW20 <workshop@hpcw.example>',
  messageId: '0102017-ses-id',
  destination: [ADDRESS],
  headers: [{ name: 'To', value: `Bounced Person <${ADDRESS}>` }],
  tags: tagged,
});
const bounce = (bounceType: string, bounceSubType: string, tagged = tags()) => ({
  eventType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType,
    bouncedRecipients: [
      { emailAddress: ADDRESS, action: 'failed', status: '5.1.1', diagnosticCode: ADDRESS },
    ],
    timestamp: '2020-05-01T10:00:05.000Z',
    feedbackId: 'feedback-1',
  },
  mail: mail(tagged),
});
const complaint = {
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: ADDRESS }],
    complaintFeedbackType: 'abuse',
    timestamp: '2020-05-02T08:00:00.000Z',
    feedbackId: 'feedback-2',
  },
  mail: mail(),
};
const snsEvent = (...messages: (object | string)[]) =>
  ({
    Records: messages.map((message) => ({
      Sns: { Message: typeof message === 'string' ? message : JSON.stringify(message) },
    })),
  }) as unknown as SNSEvent;

beforeAll(async () => {
  process.env.TABLE_NAME = 'workshop-2020';
  ({ handler } = (await import('#functions/mail/feedback-handler.ts')) as never);
});

let logged: string[];

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
  dynamo.on(GetCommand, { Key: { pk: 'MAIL#2020', sk: 'mail_01' } }).resolves({
    Item: {
      pk: 'MAIL#2020',
      sk: 'mail_01',
      entity: 'mail',
      id: 'mail_01',
      year: 2020,
      kind: 'confirmed',
      registrationId: 'r1',
      state: 'sent',
      attempts: 1,
    },
  });
  dynamo.on(UpdateCommand).resolves({});
  logged = [];
  for (const method of ['log', 'error'] as const) {
    const original = console[method];
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original(...args);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  // Whatever the event, the address it carries never reaches a log line.
  expect(logged.join('\n')).not.toContain('@');
});

const marked = () =>
  dynamo
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .map((input) => ({
      key: input.Key,
      reason: (
        input.ExpressionAttributeValues?.[':undeliverable'] as { reason?: string } | undefined
      )?.reason,
    }));

describe('SES feedback', () => {
  it('marks the registration of a permanently bounced message undeliverable', async () => {
    await handler(snsEvent(bounce('Permanent', 'NoEmail')));
    expect(marked()).toEqual([{ key: { pk: 'REG#2020', sk: 'REG#r1' }, reason: 'bounce:NoEmail' }]);
  });

  it('marks it for a complaint too', async () => {
    await handler(snsEvent(complaint));
    expect(marked()).toEqual([
      { key: { pk: 'REG#2020', sk: 'REG#r1' }, reason: 'complaint:abuse' },
    ]);
  });

  it('marks a message of any year of the series in that year, by its edition tag', async () => {
    dynamo.on(GetCommand, { Key: { pk: 'MAIL#2019', sk: 'mail_01' } }).resolves({
      Item: {
        pk: 'MAIL#2019',
        sk: 'mail_01',
        entity: 'mail',
        id: 'mail_01',
        year: 2019,
        kind: 'confirmed',
        registrationId: 'r9',
        state: 'sent',
        attempts: 1,
      },
    });
    await handler(snsEvent(bounce('Permanent', 'General', tags('mail_01', '2019'))));
    expect(marked()).toEqual([{ key: { pk: 'REG#2019', sk: 'REG#r9' }, reason: 'bounce:General' }]);
  });

  it.each([
    ['a transient bounce', bounce('Transient', 'MailboxFull')],
    ['an undetermined bounce', bounce('Undetermined', 'Undetermined')],
    ['a delivery', { eventType: 'Delivery', delivery: {}, mail: mail() }],
    ['SES’s test notice', 'Successfully validated SNS topic for Amazon SES event publishing.'],
    ['an event without our tag', { ...complaint, mail: { ...mail(), tags: {} } }],
    [
      'an event without its edition',
      { ...complaint, mail: { ...mail(), tags: { message_id: ['mail_01'] } } },
    ],
    ['a bounce of a message no longer kept', bounce('Permanent', 'General', tags('mail_gone'))],
  ])('changes nothing for %s', async (_what, message) => {
    await handler(snsEvent(message));
    expect(dynamo).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('fails, for Lambda to try again, when the table does not answer', async () => {
    dynamo
      .on(GetCommand)
      .rejects(Object.assign(new Error('down'), { name: 'ValidationException' }));
    await expect(handler(snsEvent(complaint))).rejects.toThrow();
  });
});

describe('reading an SES event', () => {
  it('keeps only codes from it: the sub-type when it is one word, else the kind alone', () => {
    expect(readSesFeedback(JSON.stringify(bounce('Permanent', `Suppressed ${ADDRESS}`)))).toEqual({
      verdict: 'undeliverable',
      mailId: 'mail_01',
      edition: 2020,
      reason: 'bounce',
    });
  });

  it('refuses a message id that is no tag value of ours', () => {
    expect(readSesFeedback(JSON.stringify(bounce('Permanent', 'General', tags('../x'))))).toEqual({
      verdict: 'ignored',
      why: 'no-message-id',
    });
  });
});
