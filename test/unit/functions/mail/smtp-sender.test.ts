import { describe, expect, it } from 'vitest';
import { createSmtpSender, smtpOutcome } from '#functions/mail/transport/smtp-sender.ts';
import { freePort } from '../../../../scripts/lib/dynamodb-local.ts';
import { seedEdition } from '../../../support/editions.ts';
import { ADA, messageOf } from '../../../support/mail/mail-fixtures.ts';

describe('SMTP failures', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550 }, 'permanent', 'SMTP 550'],
    [{ code: 'EENVELOPE', responseCode: 553 }, 'permanent', 'SMTP 553'],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'permanent', 'SMTP 554'],
    [{ code: 'EENVELOPE' }, 'permanent', 'EENVELOPE'],
    [{ code: 'EPROTOCOL', responseCode: 503 }, 'transient', 'SMTP 503'],
    [{ code: 'EENVELOPE', responseCode: 452 }, 'transient', 'SMTP 452'],
    [{ code: 'ECONNECTION', responseCode: 421 }, 'transient', 'SMTP 421'],
    [{ code: 'ECONNECTION' }, 'transient', 'ECONNECTION'],
    [{ code: 'ETIMEDOUT' }, 'transient', 'ETIMEDOUT'],
    [new Error('something else'), 'transient', 'network error'],
  ])('%o is %s (%s)', (error, failure, reason) => {
    expect(smtpOutcome(error)).toEqual({ sent: false, failure, reason });
  });

  it('are transient when no server answers, and quote nothing', async () => {
    const sender = createSmtpSender({
      host: '127.0.0.1',
      port: await freePort(),
      from: { name: 'Workshop', address: 'workshop@workshop.localhost' },
    });
    const outcome = await sender.send({
      id: '01JZ8Y6V9Q2X7M4K3N5P0R1S2T',
      to: { name: ADA.name, address: 'ada@example.org' },
      content: messageOf('waitlisted', seedEdition()),
    });
    sender.close();
    expect(outcome).toEqual({
      sent: false,
      failure: 'transient',
      reason: expect.stringMatching(/^E[A-Z]+$/),
    });
  });
});
