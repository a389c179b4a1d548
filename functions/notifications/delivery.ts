import type { AnnouncementStore } from '#functions/data/announcement-store.ts';
import type { EditionStore } from '#functions/data/edition-store.ts';
import type { MailOutbox } from '#functions/data/mail-outbox.ts';
import type { OnlineAccessStore } from '#functions/data/online-access.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import { log } from '#functions/log.ts';
import type { MailSender } from '#functions/mail/sender.ts';
import { composeMail } from '#shared/mail/compose.ts';
import { type Addressee, isAnnouncementFanOut, type MailKind } from '#shared/mail/queued.ts';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { manageToken, manageUrl } from '#shared/registration/manage-link.ts';

/**
 * Sends one queued message: claim it in the outbox, write it from what is true now (the
 * edition, the registration), send it, and settle it. The same code runs behind the local
 * dispatcher and the AWS mail queue.
 */

/** Attempts before a message that keeps failing for a passing reason is given up. */
export const MAX_MAIL_ATTEMPTS = 8;

export interface MailDeliveryDependencies {
  outbox: Pick<
    MailOutbox,
    'claim' | 'markSent' | 'markFailed' | 'markSkipped' | 'release' | 'markUndeliverable'
  >;
  registrations: Pick<RegistrationStore, 'getRegistration' | 'waitlistPosition'>;
  editions: Pick<EditionStore, 'getPublishedEdition'>;
  onlineAccess: Pick<OnlineAccessStore, 'get'>;
  announcements: Pick<AnnouncementStore, 'get'>;
  sender: MailSender;
  /** Where the API is served: every link in a message starts with it. */
  publicUrl: string;
  /** The key manage tokens are derived from (shared/registration/manage-link.ts). */
  manageKey: string;
  clock: () => Date;
}

/**
 * What an attempt came to: sent, settled otherwise (failed for good, or skipped: nobody to write
 * to any more), to be retried later, or not ours (sent already, or being sent by another).
 */
export type DeliveryResult = 'sent' | 'failed' | 'skipped' | 'retry' | 'not-claimed';

/**
 * The message went out, but the database did not take the news: whoever retries marks it sent
 * (until its claim runs out, nobody else sends it).
 */
export class SentButUnsettledError extends Error {
  override readonly name = 'SentButUnsettledError';
}

/** Which registrations a message still goes to: a seat message only to a confirmed person. */
const WANTS_CONFIRMED: readonly MailKind[] = [
  'confirmed',
  'promoted',
  'reminder',
  'join-link-changed',
];
/** The messages that carry the private join URLs, read when they are sent. */
const CARRIES_JOIN_URLS: readonly MailKind[] = ['confirmed', 'promoted', 'join-link-changed'];

export async function deliverMail(
  year: number,
  mailId: string,
  dependencies: MailDeliveryDependencies,
): Promise<DeliveryResult> {
  // An announcement's fan-out is no message: expandAnnouncement (announcement-fanout.ts) takes it.
  if (isAnnouncementFanOut(mailId)) return 'not-claimed';
  const { outbox, clock } = dependencies;
  const mail = await outbox.claim(year, mailId, clock());
  if (!mail) return 'not-claimed';
  const fields = { edition: year, mail: mail.id, kind: mail.kind, attempt: mail.attempts };

  const skip = async (reason: string) => {
    await outbox.markSkipped(year, mail.id, clock(), reason);
    log.info('mail skipped', { ...fields, reason });
    return 'skipped' as const;
  };

  let to: Addressee | undefined = mail.to;
  let waitlistPosition: number | undefined;
  if (!to) {
    const registration = await dependencies.registrations.getRegistration(
      year,
      mail.registrationId,
      true,
    );
    if (!registration?.name || !registration.email || registration.status === 'cancelled') {
      return skip('registration-cancelled');
    }
    if (WANTS_CONFIRMED.includes(mail.kind) && registration.status !== 'confirmed') {
      return skip('not-confirmed');
    }
    if (mail.kind === 'waitlisted') {
      // Promoted already: the promotion's own message tells them.
      if (registration.status !== 'waitlisted') return skip('not-waitlisted');
      // The position now: the one the 201 gave, or better if someone ahead has left since
      // (nobody joins ahead of a person already waiting).
      waitlistPosition =
        mail.waitlistPosition ?? (await dependencies.registrations.waitlistPosition(registration));
    }
    to = { name: registration.name, email: registration.email };
  }

  const [edition, online, announcement] = await Promise.all([
    dependencies.editions.getPublishedEdition(year),
    CARRIES_JOIN_URLS.includes(mail.kind) ? dependencies.onlineAccess.get(year) : undefined,
    mail.announcementId ? dependencies.announcements.get(year, mail.announcementId) : undefined,
  ]);
  if (!edition) return skip('no-edition');
  if (mail.kind === 'announcement' && !announcement) return skip('no-announcement');

  const token = manageToken(dependencies.manageKey, year, mail.registrationId);
  const content = composeMail(waitlistPosition ? { ...mail, waitlistPosition } : mail, {
    edition,
    publicUrl: dependencies.publicUrl,
    name: to.name,
    manageUrl: manageUrl(dependencies.publicUrl, year, mail.registrationId, token),
    ...(online ? { online } : {}),
    ...(announcement ? { announcement } : {}),
    ...(mail.kind === 'confirmed' || mail.kind === 'promoted'
      ? { checkInCode: checkInCode(dependencies.manageKey, mail.registrationId) }
      : {}),
  });
  const outcome = await dependencies.sender.send({
    id: mail.id,
    to: { name: to.name, address: to.email },
    content,
  });

  if (outcome.sent) {
    try {
      await outbox.markSent(year, mail.id, clock());
    } catch (error) {
      // Sent: trying again must settle it, not send it a second time.
      throw new SentButUnsettledError(`Message ${mail.id} was sent but not marked sent.`, {
        cause: error,
      });
    }
    log.info('mail sent', fields);
    return 'sent';
  }
  if (outcome.failure === 'permanent' || mail.attempts >= MAX_MAIL_ATTEMPTS) {
    await outbox.markFailed(year, mail.id, clock(), outcome.reason);
    if (outcome.failure === 'permanent' && !mail.to) {
      await outbox.markUndeliverable(year, mail.registrationId, outcome.reason, clock());
    }
    log.warn('mail failed', { ...fields, reason: outcome.reason });
    return 'failed';
  }
  await outbox.release(year, mail.id, outcome.reason);
  log.warn('mail will be retried', { ...fields, reason: outcome.reason });
  return 'retry';
}
