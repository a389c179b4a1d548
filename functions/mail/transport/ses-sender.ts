import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type Mailbox, type MailSender, mailOptions, type SendOutcome } from './sender.ts';

/**
 * Amazon SES (API v2): SendEmail with the raw MIME message nodemailer composes, so SES sends
 * what SMTP sends (the same parts, attachment and headers). SES replaces the Message-ID with its
 * own; the message id also goes in as the `message_id` tag, which SES hands back in the bounce
 * and complaint events of the configuration set, beside the sender's own `tags` (the edition).
 */

export interface SesSenderOptions {
  /** Created once, at module scope, by the handler that uses the sender. */
  client: SESv2Client;
  /** A verified identity (the domain or the address). */
  from: Mailbox;
  /** The configuration set whose event destination reports bounces and complaints. */
  configurationSetName: string;
  /**
   * Tags on every message, returned in its events: names and values of letters, digits, `_` and
   * `-`, and never personal data (SES keeps them in its event records and metrics).
   */
  tags?: Record<string, string>;
}

/** The message or its address refused: sending it again gets the same answer. */
const PERMANENT = new Set(['MessageRejected', 'BadRequestException']);

/**
 * Anything else waits and is retried: throttling and quotas, the service's own errors, the
 * network, and a setup at fault (sending paused, identity not verified, configuration set
 * missing, account suspended), which is not the address's doing and is fixed by organizers.
 */
function sesOutcome(error: unknown): SendOutcome {
  const name = error instanceof Error ? error.name : 'unknown error';
  return { sent: false, failure: PERMANENT.has(name) ? 'permanent' : 'transient', reason: name };
}

export function createSesSender(options: SesSenderOptions): MailSender {
  const { client, from, configurationSetName } = options;
  const tags = Object.entries(options.tags ?? {}).map(([Name, Value]) => ({ Name, Value }));
  return {
    async send(message) {
      const raw = await new MailComposer(mailOptions(from, message)).compile().build();
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: from.address,
            Destination: { ToAddresses: [message.to.address] },
            Content: { Raw: { Data: raw } },
            ConfigurationSetName: configurationSetName,
            EmailTags: [{ Name: 'message_id', Value: message.id }, ...tags],
          }),
        );
        return { sent: true };
      } catch (error) {
        return sesOutcome(error);
      }
    },
    // The client is the handler's, shared by every invocation.
    close: () => undefined,
  };
}
