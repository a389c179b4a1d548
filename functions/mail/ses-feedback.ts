import type { MailOutbox } from '#functions/data/mail/mail-outbox.ts';
import { log } from '#functions/log.ts';

/**
 * What SES's configuration set reports about a message it accepted (event publishing, through
 * SNS): a permanent bounce or a complaint makes the address undeliverable, and organizers see it
 * in their registration list. A transient or undetermined bounce is the receiving side's passing
 * trouble and changes nothing. The message is found by its tags (`message_id`, and `edition`, the
 * year whose outbox holds it: one configuration set serves every year of a series); the
 * recipients the event names are never read, so no address reaches a variable, let alone a log.
 */

/** The parts of an SES event this reads (the rest, addresses included, is left alone). */
interface SesEvent {
  eventType?: unknown;
  mail?: { tags?: Record<string, unknown> };
  bounce?: { bounceType?: unknown; bounceSubType?: unknown };
  complaint?: { complaintFeedbackType?: unknown };
}

export type SesFeedback =
  | { verdict: 'undeliverable'; mailId: string; edition: number; reason: string }
  | { verdict: 'ignored'; why: string; mailId?: string };

const MAIL_ID = /^[A-Za-z0-9_-]{1,200}$/;
/** SES's bounce sub-types and complaint feedback types are single words. */
const WORD = /^[A-Za-z]{1,40}$/;

const tag = (event: SesEvent, name: string): string | undefined => {
  const values = event.mail?.tags?.[name];
  const [value] = Array.isArray(values) ? values : [];
  return typeof value === 'string' ? value : undefined;
};

const qualified = (kind: string, detail: unknown) =>
  typeof detail === 'string' && WORD.test(detail) ? `${kind}:${detail}` : kind;

/** The verdict on one SNS message from the configuration set's event destination. */
export function readSesFeedback(message: string): SesFeedback {
  let event: SesEvent;
  try {
    event = JSON.parse(message) as SesEvent;
  } catch {
    // SES's own "Successfully validated SNS topic" notice, when the destination is set up.
    return { verdict: 'ignored', why: 'not-an-event' };
  }
  if (typeof event !== 'object' || event === null)
    return { verdict: 'ignored', why: 'not-an-event' };
  const mailId = tag(event, 'message_id');
  if (!mailId || !MAIL_ID.test(mailId)) return { verdict: 'ignored', why: 'no-message-id' };
  const editionTag = tag(event, 'edition');
  if (!editionTag || !/^\d{4}$/.test(editionTag))
    return { verdict: 'ignored', why: 'no-edition', mailId };
  const target = { mailId, edition: Number(editionTag) };

  if (event.eventType === 'Complaint') {
    return {
      verdict: 'undeliverable',
      ...target,
      reason: qualified('complaint', event.complaint?.complaintFeedbackType),
    };
  }
  if (event.eventType === 'Bounce') {
    if (event.bounce?.bounceType !== 'Permanent') {
      return { verdict: 'ignored', why: 'bounce-not-permanent', mailId };
    }
    return {
      verdict: 'undeliverable',
      ...target,
      reason: qualified('bounce', event.bounce.bounceSubType),
    };
  }
  return { verdict: 'ignored', why: 'not-bounce-or-complaint', mailId };
}

export interface FeedbackDependencies {
  outbox: Pick<MailOutbox, 'get' | 'markUndeliverable'>;
  clock: () => Date;
}

/** Marks the registration behind a bounced or complained-about message; 'ignored' otherwise. */
export async function recordSesFeedback(
  message: string,
  dependencies: FeedbackDependencies,
): Promise<'marked' | 'ignored'> {
  const { outbox, clock } = dependencies;
  const feedback = readSesFeedback(message);
  const edition = feedback.verdict === 'undeliverable' ? feedback.edition : undefined;
  const ignore = (why: string) => {
    log.info('mail feedback ignored', { edition, mail: feedback.mailId, why });
    return 'ignored' as const;
  };
  if (feedback.verdict === 'ignored') return ignore(feedback.why);
  const { edition: year } = feedback;
  // Kept 14 days (the outbox's TTL): feedback later than that finds nothing to mark.
  const mail = await outbox.get(year, feedback.mailId);
  if (!mail) return ignore('unknown-message');
  await outbox.markUndeliverable(year, mail.registrationId, feedback.reason, clock());
  log.warn('mail undeliverable', {
    edition: year,
    mail: mail.id,
    registration: mail.registrationId,
    reason: feedback.reason,
  });
  return 'marked';
}
