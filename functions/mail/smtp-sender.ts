import { createTransport } from 'nodemailer';
import { type Mailbox, type MailSender, mailOptions, type SendOutcome } from './sender.ts';

/** SMTP through nodemailer: locally into MailDev, or to any relay. */

export interface SmtpSenderOptions {
  host: string;
  port: number;
  from: Mailbox;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
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
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
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
