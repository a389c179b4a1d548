import {
  AccountSuspendedException,
  BadRequestException,
  LimitExceededException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MailMessage } from '#functions/mail/transport/sender.ts';
import { createSesSender } from '#functions/mail/transport/ses-sender.ts';
import { seedEdition } from '../../../support/editions.ts';
import { ADA, messageOf } from '../../../support/mail/mail-fixtures.ts';

const ses = mockClient(SESv2Client);
const FROM = { name: 'HPCW organizers', address: 'workshop@hpcw.example' };
const sender = createSesSender({
  client: new SESv2Client({ region: 'eu-central-1' }),
  from: FROM,
  configurationSetName: 'workshop-2020',
});

const message: MailMessage = {
  id: '01JZ8Y6V9Q2X7M4K3N5P0R1S2T',
  to: { name: ADA.name, address: 'ada@example.org' },
  content: messageOf('confirmed', seedEdition()),
};

const sentRaw = () => {
  const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
  return Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array()).toString('utf8');
};

beforeEach(() => {
  ses.reset();
});

describe('the SES sender', () => {
  it('sends the raw MIME message with the configuration set and the message id as a tag', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await sender.send(message)).toEqual({ sent: true });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'workshop@hpcw.example',
      Destination: { ToAddresses: ['ada@example.org'] },
      ConfigurationSetName: 'workshop-2020',
      EmailTags: [{ Name: 'message_id', Value: message.id }],
    });
    const raw = sentRaw();
    expect(raw).toContain(`Message-ID: <${message.id}@hpcw.example>`);
    expect(raw).toContain('From: HPCW organizers <workshop@hpcw.example>');
    expect(raw).toContain('To: Ada Lovelace <ada@example.org>');
    expect(raw).toMatch(/^Subject: /m);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/);
    expect(raw).toContain('filename=hpcw20.ics');
  });

  it('adds the sender’s own tags after the message id', async () => {
    ses.on(SendEmailCommand).resolves({});
    const tagged = createSesSender({
      client: new SESv2Client({ region: 'eu-central-1' }),
      from: FROM,
      configurationSetName: 'workshop-2020',
      tags: { edition: '2020' },
    });
    await tagged.send(message);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      EmailTags: [
        { Name: 'message_id', Value: message.id },
        { Name: 'edition', Value: '2020' },
      ],
    });
  });

  it('sends the same Message-ID on every attempt of one message', async () => {
    ses.on(SendEmailCommand).resolves({});
    await sender.send(message);
    await sender.send(message);
    const ids = ses
      .commandCalls(SendEmailCommand)
      .map((call) =>
        /^Message-ID: (.*)$/m.exec(
          Buffer.from(call.args[0].input.Content?.Raw?.Data ?? []).toString(),
        ),
      )
      .map((match) => match?.[1]?.trim());
    expect(ids).toEqual([`<${message.id}@hpcw.example>`, `<${message.id}@hpcw.example>`]);
  });

  it('carries the message id in a header SES keeps, since SES replaces the Message-ID', async () => {
    ses.on(SendEmailCommand).resolves({});
    await sender.send(message);
    await sender.send(message);
    const kept = ses
      .commandCalls(SendEmailCommand)
      .map(
        (call) =>
          /^X-Workshop-Message-ID: (.*)$/m.exec(
            Buffer.from(call.args[0].input.Content?.Raw?.Data ?? []).toString(),
          )?.[1],
      )
      .map((value) => value?.trim());
    expect(kept).toEqual([`<${message.id}@hpcw.example>`, `<${message.id}@hpcw.example>`]);
  });

  it.each([
    [
      'a rejected message',
      new MessageRejected({
        message: 'Email address is not verified: ada@example.org',
        $metadata: {},
      }),
      'permanent',
      'MessageRejected',
    ],
    [
      'a malformed request',
      new BadRequestException({ message: 'Illegal address', $metadata: {} }),
      'permanent',
      'BadRequestException',
    ],
    [
      'throttling',
      new TooManyRequestsException({ message: 'slow down', $metadata: {} }),
      'transient',
      'TooManyRequestsException',
    ],
    [
      'sending paused',
      new SendingPausedException({ message: 'paused', $metadata: {} }),
      'transient',
      'SendingPausedException',
    ],
    [
      'a quota reached',
      new LimitExceededException({ message: 'Daily quota', $metadata: {} }),
      'transient',
      'LimitExceededException',
    ],
    [
      'an account suspended',
      new AccountSuspendedException({ message: 'suspended', $metadata: {} }),
      'transient',
      'AccountSuspendedException',
    ],
    [
      'a timeout',
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
      'transient',
      'TimeoutError',
    ],
  ])('calls %s %s, with a reason that quotes nothing', async (_what, error, failure, reason) => {
    ses.on(SendEmailCommand).rejects(error);
    const outcome = await sender.send(message);
    expect(outcome).toEqual({ sent: false, failure, reason });
    expect(JSON.stringify(outcome)).not.toContain('@');
  });

  it('refuses a message id that is no safe header or tag value, before sending', async () => {
    await expect(sender.send({ ...message, id: 'a>b@evil\r\nBcc: x' })).rejects.toThrow(TypeError);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 0);
  });
});
