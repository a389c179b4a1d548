import { createHash } from 'node:crypto';
import type { Announcement, AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { ConflictError, IdempotencyKeyReusedError, TooManyRequestsError } from '#shared/errors.ts';
import { announcementFanOutId } from '#shared/mail/queued.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * Organizers write to registrants. The request writes one transaction (announcement-store.ts):
 * the announcement, a guard against the same subject and text twice in 24 hours (unless
 * `resend`), the edition's count of the hour (at most ANNOUNCEMENTS_PER_HOUR), the audit entry,
 * the Idempotency-Key's record, and ONE fan-out item in the mail outbox. The mail side expands
 * the fan-out into one copy per recipient (functions/mail/announcement-fanout.ts) and
 * then records how many there were on the announcement: until then `recipients` is null. A
 * request that fails queues nothing; a retry with the same Idempotency-Key gets the first
 * announcement again. The routes make the answer (announcement-routes.ts).
 */

/** What a stolen organizer token can send: a few announcements an hour per edition. */
export const ANNOUNCEMENTS_PER_HOUR = 5;

export interface AnnouncementDependencies {
  announcements: Pick<AnnouncementStore, 'send'>;
  /** Told of the fan-out (the local mail dispatcher); in AWS the table's stream brings it. */
  mails: MailSink;
}

export interface AnnouncementRequest {
  subject: string;
  text: string;
  includeWaitlisted?: boolean | undefined;
  /** Send even though the same subject and text went out in the last 24 hours. */
  resend?: boolean | undefined;
}

/** An announcement accepted for sending: new, or the one an earlier request with its key sent. */
export interface AnnouncementOutcome {
  kind: 'sent' | 'replayed';
  announcement: Announcement;
}

const sha256 = (...parts: string[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex');

export async function sendAnnouncement(
  year: number,
  request: AnnouncementRequest,
  organizer: string,
  now: Date,
  dependencies: AnnouncementDependencies,
  idempotencyKey?: string,
): Promise<AnnouncementOutcome> {
  const audience = request.includeWaitlisted ? 'confirmed-and-waitlisted' : 'confirmed';
  const announcement: Announcement = {
    id: `ann_${monotonicUlid(now)}`,
    year,
    subject: request.subject,
    text: request.text,
    audience,
    createdAt: now.toISOString(),
    createdBy: organizer,
    recipients: null,
  };
  // Keys are the organizer's own: another organizer's same key is another request.
  const keyHash = idempotencyKey && sha256('announcement', organizer, idempotencyKey);
  const requestHash = sha256(
    request.subject,
    request.text,
    audience,
    request.resend ? 'resend' : 'once',
  );
  const outcome = await dependencies.announcements.send(
    {
      announcement,
      contentHash: sha256(request.subject, request.text),
      resend: request.resend === true,
      perHour: ANNOUNCEMENTS_PER_HOUR,
      audit: {
        at: now.toISOString(),
        who: organizer,
        action: 'announcement.sent',
        target: announcement.id,
        summary: `"${announcement.subject}" to the ${
          request.includeWaitlisted ? 'confirmed and waitlisted' : 'confirmed'
        } registrants${request.resend ? ' (sent again)' : ''}`,
      },
      ...(keyHash ? { idempotency: { keyHash, requestHash } } : {}),
      now,
    },
    announcementFanOutId(announcement.id),
  );
  switch (outcome.result) {
    case 'sent':
      dependencies.mails.committed([outcome.fanOut]);
      return { kind: 'sent', announcement };
    case 'replay': {
      if (outcome.requestHash !== requestHash) {
        throw new IdempotencyKeyReusedError(
          'This Idempotency-Key was used with a different announcement.',
        );
      }
      const first = outcome.announcement;
      // The first request may have lost its answer before telling anyone: expanding what is
      // expanded already queues nothing.
      dependencies.mails.committed([{ year, id: announcementFanOutId(first.id) }]);
      return { kind: 'replayed', announcement: first };
    }
    case 'duplicate':
      throw new ConflictError(
        `The same subject and text were sent at ${outcome.sentAt} (${outcome.announcementId}); to send them again, add "resend": true.`,
      );
    case 'rate-limited':
      throw new TooManyRequestsError(
        `At most ${ANNOUNCEMENTS_PER_HOUR} announcements an hour per edition: try again later.`,
        outcome.retryAfterSeconds,
      );
  }
}
