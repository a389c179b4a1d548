import type { SendMailOptions } from 'nodemailer';
import type { MailContent } from '#shared/mail/message.ts';

/**
 * The port every transport fills: send one message to one person. The message id is the
 * caller's (an outbox entry's), stable across retries: it becomes the Message-ID header, so a
 * resent message is the same message to any client that goes by it, and the X-Workshop-Message-ID
 * header, which SES keeps where it replaces the Message-ID with its own (it also carries the id
 * as a tag: ses-sender.ts). No transport here drops a repeat itself.
 */

/** Our message id in a header that every transport keeps, so that a second copy is recognisable. */
const MESSAGE_ID_HEADER = 'X-Workshop-Message-ID';

export interface Mailbox {
  name: string;
  address: string;
}

export interface MailMessage {
  /** Stable per message, the same on every attempt: letters, digits, `_` and `-` (an SES tag value). */
  id: string;
  to: Mailbox;
  content: MailContent;
}

/**
 * What an attempt came to. A transient failure (connection, throttling, the service's own
 * trouble, a sender not set up yet) is worth retrying with backoff; a permanent one (the
 * address or the message refused) is not, and is recorded. `reason` is a code safe to log
 * (`SMTP 550`, `MessageRejected`), never the server's text, which may quote the address.
 */
export type SendOutcome =
  | { sent: true }
  | { sent: false; failure: 'transient' | 'permanent'; reason: string };

export interface MailSender {
  /** Resolves with the outcome of delivery; rejects only on a caller's error (an unsafe id). */
  send(message: MailMessage): Promise<SendOutcome>;
  /** Closes connections the sender keeps open. */
  close(): void;
}

const MESSAGE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** `<id@domain-of-the-sender>`: a Message-ID (RFC 5322) only this sender makes. */
function messageIdHeader(id: string, from: Mailbox): string {
  if (!MESSAGE_ID.test(id)) {
    throw new TypeError('A message id has letters, digits, "_" and "-" only (at most 200).');
  }
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  return `<${id}@${domain}>`;
}

/** The message as nodemailer composes it, for SMTP and for SES's raw MIME alike. */
export function mailOptions(from: Mailbox, message: MailMessage): SendMailOptions {
  const { content } = message;
  return {
    from,
    to: message.to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: messageIdHeader(message.id, from),
    headers: { [MESSAGE_ID_HEADER]: messageIdHeader(message.id, from) },
    attachments: (content.attachments ?? []).map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    // Attachments are content we made: never a file or a URL for nodemailer to read.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
