import { MAIL_GIVEN_UP } from '#functions/contract.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { OnlineAccessStore } from '#functions/data/editions/online-access.ts';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import {
  GAVE_UP_PREFIX,
  type MailOutbox,
  type MailRecord,
} from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import type { SubmissionStore } from '#functions/data/submissions/submission-store.ts';
import { log } from '#functions/log.ts';
import type { MailSender } from '#functions/mail/transport/sender.ts';
import type { SubmissionRecord } from '#shared/cfp/submission.ts';
import { submissionToken, submissionUrl } from '#shared/cfp/submission-link.ts';
import type { EditionDetails } from '#shared/edition/published.ts';
import { type ComposeContext, composeMail } from '#shared/mail/compose.ts';
import { type Addressee, isAnnouncementFanOut, type MailKind } from '#shared/mail/queued.ts';
import { checkInCode } from '#shared/registration/check-in-code.ts';
import { manageToken, manageUrl } from '#shared/registration/manage-link.ts';

/**
 * Sends one queued message: claim it in the outbox, write it from what is true now (the
 * edition, the registration), send it, and settle it. The same code runs behind the local
 * dispatcher and the AWS mail queue.
 */

/**
 * How long to wait after a passing failure: doubling from `baseDelayMs` after each attempt, up to
 * `maxDelayMs`. A message is never given up for the number of its attempts, only once it is no
 * use any more (`usefulUntil`) or refused for good.
 */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** In AWS and by default locally: a second, then doubling up to an hour. */
export const MAIL_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 60 * 60_000 };

export function retryDelayMs(attempts: number, policy: RetryPolicy = MAIL_RETRY): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 40);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * Until when a message is worth sending: a seat message (confirmed, promoted, waitlisted) and a
 * reminder until the workshop starts, a cancellation and an announcement until it ends; a
 * redriven message until the deadline the redrive gave it.
 */
function usefulUntil(
  mail: Pick<MailRecord, 'kind' | 'usefulUntil'>,
  edition: Pick<EditionDetails, 'startsAt' | 'endsAt'>,
): Date {
  if (mail.usefulUntil) return new Date(mail.usefulUntil);
  const untilStart = ['confirmed', 'promoted', 'waitlisted', 'reminder'].includes(mail.kind);
  return new Date(untilStart ? edition.startsAt : edition.endsAt);
}

export interface MailDeliveryDependencies {
  outbox: Pick<
    MailOutbox,
    'claim' | 'markSent' | 'markFailed' | 'markSkipped' | 'release' | 'markUndeliverable'
  >;
  registrations: Pick<RegistrationStore, 'getRegistration' | 'waitlistPosition'>;
  editions: Pick<EditionStore, 'getPublishedEdition'>;
  onlineAccess: Pick<OnlineAccessStore, 'get'>;
  announcements: Pick<AnnouncementStore, 'get'>;
  /** Where a speaker's message finds its address (the call for papers); none: such are skipped. */
  submissions?: Pick<SubmissionStore, 'get'>;
  sender: MailSender;
  /** Where the API is served: every link in a message starts with it. */
  publicUrl: string;
  /** The key manage tokens are derived from (shared/registration/manage-link.ts). */
  manageKey: string;
  clock: () => Date;
  /** The backoff after a passing failure; MAIL_RETRY when absent. */
  retry?: RetryPolicy;
  /** Who claims (the local dispatcher): it may take again a claim of its own (mail-outbox.ts). */
  claimOwner?: string;
}

/**
 * What an attempt came to: sent, settled otherwise (failed for good, or skipped: nobody to write
 * to any more), to be retried later, or not ours (sent already, or being sent by another).
 */
export type DeliveryResult = 'sent' | 'failed' | 'skipped' | 'retry' | 'not-claimed';

/** The result, and for a retry how long until the message is due again. */
export interface Delivery {
  result: DeliveryResult;
  retryAfterMs?: number;
}

/**
 * The message went out, but the database did not take the news: whoever retries marks it sent
 * (until its claim runs out, nobody else sends it).
 */
export class SentButUnsettledError extends Error {
  override readonly name = 'SentButUnsettledError';
}

/**
 * The claim itself failed (the database unavailable): nothing was sent, and the message is free
 * again at once, or, if the claim landed after all, once its lease runs out.
 */
class ClaimFailedError extends Error {
  override readonly name = 'ClaimFailedError';
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
/** A schedule notice goes to the waiting list too, but carries the URLs only to the confirmed. */
const CARRIES_JOIN_URLS_IF_CONFIRMED: readonly MailKind[] = ['schedule-changed'];

/** What a message about a submission says of it, with the speakers' private link. */
function submissionNews(
  submission: SubmissionRecord,
  decision: NonNullable<SubmissionRecord['decision']>,
  { publicUrl, manageKey }: Pick<MailDeliveryDependencies, 'publicUrl' | 'manageKey'>,
) {
  const { year, id } = submission;
  return {
    title: submission.title,
    decision: decision.decision,
    ...(decision.message ? { message: decision.message } : {}),
    link: submissionUrl(publicUrl, year, id, submissionToken(manageKey, year, id)),
  };
}

export async function deliverMail(
  year: number,
  mailId: string,
  dependencies: MailDeliveryDependencies,
): Promise<Delivery> {
  // An announcement's fan-out is no message: expandAnnouncement (announcement-fanout.ts) takes it.
  if (isAnnouncementFanOut(mailId)) return { result: 'not-claimed' };
  const { outbox, clock } = dependencies;
  let mail: MailRecord | undefined;
  try {
    mail = await outbox.claim(year, mailId, clock(), undefined, dependencies.claimOwner);
  } catch (error) {
    throw new ClaimFailedError(`Message ${mailId} could not be claimed.`, { cause: error });
  }
  if (!mail) return { result: 'not-claimed' };
  const fields = { edition: year, mail: mail.id, kind: mail.kind, attempt: mail.attempts };

  const skip = async (reason: string) => {
    await outbox.markSkipped(year, mail.id, clock(), reason);
    log.info('mail skipped', { ...fields, reason });
    return { result: 'skipped' } as const;
  };

  let to: Addressee | undefined = mail.to;
  let waitlistPosition: number | undefined;
  let confirmed = false;
  let submission: SubmissionRecord | undefined;
  if (!to && mail.submissionId !== undefined) {
    submission = await dependencies.submissions?.get(year, mail.submissionId, true);
    // Withdrawn or erased since: the speakers' addresses are gone with it.
    const speaker = submission?.speakers[mail.speakerIndex ?? 0];
    if (!speaker?.email) return skip('submission-erased');
    // No longer confirmed (declined, unconfirmed): the talk is not theirs to give any more.
    if (mail.kind === 'talk-changed' && submission?.status !== 'confirmed') {
      return skip('not-confirmed');
    }
    to = { name: speaker.name, email: speaker.email };
  } else if (!to) {
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
    confirmed = registration.status === 'confirmed';
  }

  const [edition, online, announcement] = await Promise.all([
    dependencies.editions.getPublishedEdition(year),
    CARRIES_JOIN_URLS.includes(mail.kind) ||
    (confirmed && CARRIES_JOIN_URLS_IF_CONFIRMED.includes(mail.kind))
      ? dependencies.onlineAccess.get(year)
      : undefined,
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
    ...(submission ? submissionContext(submission, mail, edition.details, dependencies) : {}),
    ...(online ? { online } : {}),
    ...(announcement ? { announcement } : {}),
    ...(submission?.decision
      ? { decided: submissionNews(submission, submission.decision, dependencies) }
      : {}),
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
    return { result: 'sent' };
  }
  const now = clock();
  const deadline = usefulUntil(mail, edition.details);
  if (outcome.failure === 'permanent' || now >= deadline) {
    // Refused for good, or no use any more: settled, and organizers see the person flagged.
    await outbox.markFailed(year, mail.id, now, outcome.reason);
    const why = outcome.failure === 'permanent' ? 'refused' : 'expired';
    if (!mail.to && mail.submissionId === undefined) {
      await outbox.markUndeliverable(
        year,
        mail.registrationId,
        why === 'refused' ? outcome.reason : `${GAVE_UP_PREFIX}${outcome.reason}`,
        now,
      );
    }
    // The metric filter of the stack's mail alarm counts this line (infra/constructs/attendee-mail.ts).
    log.warn(MAIL_GIVEN_UP, {
      ...fields,
      registration: mail.registrationId,
      reason: outcome.reason,
      why,
    });
    return { result: 'failed' };
  }
  // Due again after the backoff, and once more at the deadline at the latest.
  const retryAfterMs = Math.min(
    retryDelayMs(mail.attempts, dependencies.retry),
    Math.max(0, deadline.getTime() - now.getTime()),
  );
  await outbox.release(year, mail.id, outcome.reason, new Date(now.getTime() + retryAfterMs));
  log.warn('mail will be retried', { ...fields, reason: outcome.reason, retryAfterMs });
  return { result: 'retry', retryAfterMs };
}

/** What a speaker's message says of their submission, and its private link as `manageUrl`. */
function submissionContext(
  submission: SubmissionRecord,
  mail: MailRecord,
  details: EditionDetails,
  { manageKey, publicUrl }: Pick<MailDeliveryDependencies, 'manageKey' | 'publicUrl'>,
): Pick<ComposeContext, 'manageUrl' | 'submission'> {
  const { year, id } = submission;
  const kind = details.cfp?.kinds.find((one) => one.id === submission.kind);
  const track = details.segments.find((segment) => segment.id === submission.segment);
  return {
    manageUrl: submissionUrl(publicUrl, year, id, submissionToken(manageKey, year, id)),
    submission: {
      submission: {
        title: submission.title,
        kind: kind ? `${kind.label} (${kind.duration} min)` : submission.kind,
        track: track?.name ?? submission.segment,
        submitter: (mail.speakerIndex ?? 0) === 0,
      },
      closes: details.cfp?.closes ?? details.date,
    },
  };
}
