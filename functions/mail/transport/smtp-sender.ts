import { createTransport } from 'nodemailer';
import { type Mailbox, type MailSender, mailOptions, type SendOutcome } from './sender.ts';

/** SMTP through nodemailer: locally into MailDev, or to any relay. */

export interface SmtpSenderOptions {
  host: string;
  port: number;
  from: Mailbox;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /**
   * How long to wait for a connection, the greeting, and any answer (the one to the message's end
   * included); 10 s, 10 s and 20 s unless given (tests make them short). A message whose answer
   * comes after `socketMs` may have been accepted: it is tried again, a second copy with the same
   * Message-ID (SECURITY.md, attendee mail).
   */
  timeouts?: { connectionMs?: number; greetingMs?: number; socketMs?: number };
}

/** SMTP codes: 5yz refuses this message for good (503 is a session out of step); 4yz is for now. */
export function smtpOutcome(error: unknown): SendOutcome {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof responseCode === 'number') {
    const permanent = responseCode >= 500 && responseCode < 600 && responseCode !== 503;
    return {
      sent: false,
      failure: permanent ? 'permanent' : 'transient',
      reason: `SMTP ${responseCode}`,
    };
  }
  // Refused before any server saw it: an address nodemailer cannot use.
  if (code === 'EENVELOPE') return { sent: false, failure: 'permanent', reason: code };
  return {
    sent: false,
    failure: 'transient',
    reason: typeof code === 'string' ? code : 'network error',
  };
}

export function createSmtpSender(options: SmtpSenderOptions): MailSender {
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    connectionTimeout: options.timeouts?.connectionMs ?? 10_000,
    greetingTimeout: options.timeouts?.greetingMs ?? 10_000,
    socketTimeout: options.timeouts?.socketMs ?? 20_000,
  });
  return {
    async send(message) {
      const mail = mailOptions(options.from, message);
      try {
        await transport.sendMail(mail);
        return { sent: true };
      } catch (error) {
        return smtpOutcome(error);
      }
    },
    close: () => transport.close(),
  };
}
