import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSender } from '#functions/mail/transport/sender.ts';
import { createSmtpSender } from '#functions/mail/transport/smtp-sender.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { agendaCalendar } from '#shared/exports/ical.ts';
import {
  hybridSource,
  JOIN_URL,
  MESSAGE_KINDS,
  messageOf,
  PUBLIC_URL,
} from '../../support/mail/mail-fixtures.ts';
import {
  attachmentText,
  type LocalMailDev,
  listEmails,
  type MailDevEmail,
  startMailDev,
  waitForEmails,
} from '../../support/mail/maildev.ts';
import { person } from '../../support/registration-app.ts';

/** Every attendee message through SMTP into MailDev, read back through MailDev's REST API. */

const FROM = { name: 'Test Workshop', address: 'workshop@mail.localhost' };

let maildev: LocalMailDev;
let sender: MailSender;

beforeAll(async () => {
  maildev = await startMailDev();
  sender = createSmtpSender({ host: maildev.smtpHost, port: maildev.smtpPort, from: FROM });
});

afterAll(async () => {
  sender?.close();
  await maildev?.stop();
});

const uids = (calendar: string) =>
  Object.values(ical.sync.parseICS(calendar))
    .filter((component): component is VEvent => component?.type === 'VEVENT')
    .map((event) => event.uid)
    .sort();

const withMessageId = (emails: MailDevEmail[], id: string) =>
  emails.filter((email) => email.headers['message-id'] === `<${id}@mail.localhost>`);

describe.each(MESSAGE_KINDS)('the %s message, sent over SMTP', (kind) => {
  const source = hybridSource();
  const id = `${kind}-${Date.now()}`;
  const someone = person();
  const content = messageOf(kind, source, {
    name: someone.name,
    manageUrl: `${PUBLIC_URL}/2030/manage#id=01X&token=${kind}`,
  });
  let received: MailDevEmail[] = [];
  let email: MailDevEmail | undefined;

  beforeAll(async () => {
    const before = (await listEmails(maildev.webUrl)).length;
    const outcome = await sender.send({
      id,
      to: { name: someone.name, address: someone.email },
      content,
    });
    expect(outcome).toEqual({ sent: true });
    received = withMessageId(await waitForEmails(maildev.webUrl, before + 1), id);
    email = received[0];
  });

  it('arrives once, to the addressee, from the sender, with its Message-ID', () => {
    expect(received).toHaveLength(1);
    expect(email?.to).toEqual([{ address: someone.email, name: someone.name }]);
    expect(email?.from).toEqual([FROM]);
  });

  it('keeps its subject, text and HTML', () => {
    expect(email?.subject).toBe(content.subject);
    expect(email?.text?.trim()).toBe(content.text.trim());
    expect(email?.html?.trim()).toBe(content.html.trim());
  });

  const withCalendar = kind === 'confirmed' || kind === 'promoted' || kind === 'schedule-changed';
  it(
    withCalendar ? 'carries the agenda as .ics, with the UIDs of agenda.ics' : 'has no attachment',
    async () => {
      const attachments = email?.attachments ?? [];
      if (!withCalendar) {
        expect(attachments).toEqual([]);
        return;
      }
      const [attachment] = attachments;
      expect(attachments).toHaveLength(1);
      expect(attachment).toMatchObject({
        filename: 'tw30.ics',
        contentType: 'text/calendar',
        contentDisposition: 'attachment',
      });
      if (!email || !attachment) return;
      const calendar = await attachmentText(maildev.webUrl, email, attachment);
      expect(calendar).toMatch(/^METHOD:PUBLISH\r?$/m);
      expect(uids(calendar)).toEqual(uids(agendaCalendar(publishEdition(source), PUBLIC_URL)));
      expect(email.text).toContain(JOIN_URL);
    },
  );
});
