import { randomUUID } from 'node:crypto';
import { backgroundWork } from '#functions/background-work.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import { log } from '#functions/log.ts';
import { isAnnouncementFanOut } from '#shared/mail/queued.ts';
import { type AnnouncementFanOutDependencies, expandAnnouncement } from './announcement-fanout.ts';
import {
  type Delivery,
  deliverMail,
  type MailDeliveryDependencies,
  SentButUnsettledError,
} from './delivery.ts';
import { dueMails } from './mail-queue.ts';

/**
 * The local server's mail delivery: right after a change commits, its messages are sent; one
 * that fails for a passing reason is tried again after its backoff (delivery.ts), until it is
 * sent or no use any more. A periodic scan of the outbox, like the AWS schedule, picks up what
 * nobody was told about (a write that landed after its request timed out), what is due again,
 * and what a sender let go of (an expired lease). On start, the scan runs at once.
 */

export interface LocalMailDispatcher extends MailSink {
  /** Sends what is still unsent in these editions, and keeps scanning them (after a restart). */
  recover(years: readonly number[]): Promise<void>;
  /** One scan of these editions: the due, the forgotten and the abandoned messages. */
  scan(years: readonly number[]): Promise<number>;
  /** Resolves when no send or retry is waiting (for tests and a clean shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

/** How often the local server scans its outbox (the AWS schedule runs every 15 minutes). */
const MAIL_SCAN_MS = 30_000;

export interface LocalMailDispatcherOptions extends MailDeliveryDependencies {
  outbox: MailDeliveryDependencies['outbox'] & Pick<MailOutbox, 'listUnsent' | 'markSent'>;
  /** The first retry's delay; doubling up to `maxDelayMs` (defaults: MAIL_RETRY). */
  baseDelayMs?: number;
  /** What expands an announcement's fan-out item into its copies (announcement-fanout.ts). */
  announcementFanOut?: AnnouncementFanOutDependencies;
  maxDelayMs?: number;
  /** The scan's period; MAIL_SCAN_MS when absent. */
  scanMs?: number;
}

export function createLocalMailDispatcher(
  options: LocalMailDispatcherOptions,
): LocalMailDispatcher {
  const baseDelayMs = options.baseDelayMs ?? options.retry?.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? options.retry?.maxDelayMs ?? 60 * 60_000;
  // Its own claims: an attempt interrupted before anything was sent is taken up again at once.
  const dependencies = { ...options, retry: { baseDelayMs, maxDelayMs }, claimOwner: randomUUID() };
  const work = backgroundWork();
  const { track, later } = work;
  const scanned = new Set<number>();
  let scanTimer: NodeJS.Timeout | undefined;
  /** Messages this dispatcher is working on or has a retry timer for: the scan leaves them be. */
  const inHand = new Set<string>();
  const handle = (year: number, mailId: string) => {
    const key = `${year}/${mailId}`;
    if (inHand.has(key)) return false;
    inHand.add(key);
    run(year, mailId);
    return true;
  };
  /** An attempt of a message in hand; it leaves the hand unless a retry is due later. */
  const run = (year: number, mailId: string, refusals = 0) =>
    track(
      attempt(year, mailId, refusals).then(
        (again) => again || inHand.delete(`${year}/${mailId}`),
        () => inHand.delete(`${year}/${mailId}`),
      ),
    );

  /** A message that went out is only marked sent again, never sent again. */
  async function settleSent(year: number, mailId: string, number: number): Promise<void> {
    if (work.stopped) return;
    try {
      await options.outbox.markSent(year, mailId, options.clock());
    } catch {
      later(Math.min(maxDelayMs, baseDelayMs * 2 ** (number - 1)), () =>
        settleSent(year, mailId, number + 1),
      );
    }
  }

  /** One attempt; true when another one is scheduled. */
  async function attempt(year: number, mailId: string, refusals: number): Promise<boolean> {
    if (work.stopped) return false;
    let delivery: Delivery;
    try {
      delivery = isAnnouncementFanOut(mailId)
        ? { result: await expandAnnouncement(year, mailId, options.announcementFanOut) }
        : await deliverMail(year, mailId, dependencies);
    } catch (error) {
      if (error instanceof SentButUnsettledError) {
        later(baseDelayMs, () => settleSent(year, mailId, 1));
        return false;
      }
      log.warn('mail delivery interrupted', {
        edition: year,
        mail: mailId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      // Nothing was sent (a send that went out throws SentButUnsettledError): try again after a
      // backoff of its own; a claim that landed is this dispatcher's, which takes it again.
      const delay = Math.min(maxDelayMs, Math.max(baseDelayMs, 100) * 2 ** Math.min(refusals, 20));
      later(delay, async () => run(year, mailId, refusals + 1));
      return true;
    }
    if (delivery.result !== 'retry' || work.stopped) return false;
    later(delivery.retryAfterMs ?? baseDelayMs, async () => run(year, mailId));
    return true;
  }

  async function scan(years: readonly number[]): Promise<number> {
    let found = 0;
    for (const year of years) {
      const due = dueMails(await options.outbox.listUnsent(year), options.clock(), 0);
      for (const job of due) if (handle(job.year, job.mailId)) found += 1;
    }
    return found;
  }

  function scanPeriodically() {
    if (scanTimer || work.stopped) return;
    scanTimer = setInterval(() => {
      scan([...scanned]).catch((error) => {
        log.warn('mail scan failed', { error: error instanceof Error ? error.name : 'unknown' });
      });
    }, options.scanMs ?? MAIL_SCAN_MS);
    scanTimer.unref();
  }

  return {
    committed(mails) {
      for (const mail of mails) handle(mail.year, mail.id);
    },
    async recover(years) {
      for (const year of years) scanned.add(year);
      scanPeriodically();
      await scan(years);
    },
    scan,
    idle: work.idle,
    stop() {
      clearInterval(scanTimer);
      work.stop();
    },
  };
}
