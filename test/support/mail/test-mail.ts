import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Stores } from '#functions/data/stores.ts';
import {
  createLocalMailDispatcher,
  type LocalMailDispatcherOptions,
} from '#functions/mail/local-dispatcher.ts';
import type { MailSender } from '#functions/mail/transport/sender.ts';
import { createSmtpSender } from '#functions/mail/transport/smtp-sender.ts';
import { PUBLIC_URL, REGISTRATION_OPEN_AT } from '../registration-app.ts';
import { deleteEmails, type LocalMailDev, startMailDev } from './maildev.ts';

/**
 * Attendee mail in a test file: one MailDev with an SMTP sender into it, emptied after each test,
 * and the local mail dispatcher over a test API's stores.
 */

export function useMailDev() {
  let maildev: LocalMailDev | undefined;
  let smtp: MailSender | undefined;
  beforeAll(async () => {
    maildev = await startMailDev();
    smtp = createSmtpSender({
      host: maildev.smtpHost,
      port: maildev.smtpPort,
      from: { name: 'Test', address: 'workshop@mail.localhost' },
    });
  });
  afterAll(async () => {
    smtp?.close();
    await maildev?.stop();
  });
  afterEach(async () => {
    if (maildev) await deleteEmails(maildev.webUrl);
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('MailDev is started in beforeAll');
    return value;
  };
  return {
    maildev: () => started(maildev),
    webUrl: () => started(maildev).webUrl,
    smtp: () => started(smtp),
  };
}

/** The local mail dispatcher over these stores, by the clock of REGISTRATION_OPEN_AT. */
export function mailDispatcher(
  stores: Pick<
    Stores,
    'mailOutbox' | 'registrations' | 'editions' | 'onlineAccess' | 'announcements'
  >,
  sender: MailSender,
  options: Partial<LocalMailDispatcherOptions> = {},
) {
  return createLocalMailDispatcher({
    outbox: stores.mailOutbox,
    registrations: stores.registrations,
    editions: stores.editions,
    onlineAccess: stores.onlineAccess,
    announcements: stores.announcements,
    sender,
    publicUrl: PUBLIC_URL,
    manageKey: 'test-email-key',
    clock: () => REGISTRATION_OPEN_AT,
    baseDelayMs: 10,
    ...options,
  });
}
