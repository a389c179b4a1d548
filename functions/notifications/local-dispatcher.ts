import { backgroundWork } from '#functions/background-work.ts';
import { MAIL_LEASE_MS, type MailOutbox, type MailSink } from '#functions/data/mail-outbox.ts';
import { log } from '#functions/log.ts';
import { isAnnouncementFanOut } from '#shared/mail/queued.ts';
import { type AnnouncementFanOutDependencies, expandAnnouncement } from './announcement-fanout.ts';
import {
  type DeliveryResult,
  deliverMail,
  type MailDeliveryDependencies,
  SentButUnsettledError,
} from './delivery.ts';

/**
 * The local server's mail delivery: right after a change commits, its messages are sent; one
 * that fails for a passing reason is tried again with exponential backoff (in AWS the table's
 * stream and the mail queue do this: infra/constructs/attendee-mail.ts). On start, what an
 * earlier run left unsent is picked up again.
 */

export interface LocalMailDispatcher extends MailSink {
  /** Sends what is still unsent in these editions (after a restart). */
  recover(years: readonly number[]): Promise<void>;
  /** Resolves when no send or retry is waiting (for tests and a clean shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export interface LocalMailDispatcherOptions extends MailDeliveryDependencies {
  outbox: MailDeliveryDependencies['outbox'] & Pick<MailOutbox, 'listUnsent' | 'markSent'>;
  baseDelayMs?: number;
  /** What expands an announcement's fan-out item into its copies (announcement-fanout.ts). */
  announcementFanOut?: AnnouncementFanOutDependencies;
}

export function createLocalMailDispatcher(
  options: LocalMailDispatcherOptions,
): LocalMailDispatcher {
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const work = backgroundWork();
  const { track, later } = work;

  /** A message that went out is only marked sent again, never sent again. */
  async function settleSent(year: number, mailId: string, number: number): Promise<void> {
    if (work.stopped) return;
    try {
      await options.outbox.markSent(year, mailId, options.clock());
    } catch {
      later(Math.min(60_000, baseDelayMs * 2 ** (number - 1)), () =>
        settleSent(year, mailId, number + 1),
      );
    }
  }

  async function attempt(year: number, mailId: string, number: number): Promise<void> {
    if (work.stopped) return;
    let result: DeliveryResult;
    let interrupted = false;
    try {
      result = isAnnouncementFanOut(mailId)
        ? await expandAnnouncement(year, mailId, options.announcementFanOut)
        : await deliverMail(year, mailId, options);
    } catch (error) {
      if (error instanceof SentButUnsettledError) {
        later(baseDelayMs, () => settleSent(year, mailId, 1));
        return;
      }
      log.warn('mail delivery interrupted', {
        edition: year,
        mail: mailId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      result = 'retry';
      interrupted = true;
    }
    if (result !== 'retry' || work.stopped) return;
    const backoff = Math.min(60_000, baseDelayMs * 2 ** (number - 1));
    // Interrupted after its claim, the message is ours again only once the lease runs out.
    const delay = interrupted ? Math.max(backoff, MAIL_LEASE_MS + 1_000) : backoff;
    later(delay, () => attempt(year, mailId, number + 1));
  }

  return {
    committed(mails) {
      for (const mail of mails) track(attempt(mail.year, mail.id, 1));
    },
    async recover(years) {
      for (const year of years) {
        for (const mail of await options.outbox.listUnsent(year)) {
          track(attempt(year, mail.id, 1));
        }
      }
    },
    idle: work.idle,
    stop: work.stop,
  };
}
