import type { AgendaStore } from '#functions/data/agenda-store.ts';
import type { Announcement, AnnouncementStore } from '#functions/data/announcement-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registration-store.ts';
import { announcementMailId, type QueuedMail, queuedMail } from '#shared/mail/queued.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * Organizers write to registrants: the announcement is stored, one copy per recipient is queued
 * in the mail outbox (ids derived from the announcement's: queued once each), and the audit
 * trail records who sent what to how many. The copies go out as the outbox delivers them.
 */

export interface AnnouncementDependencies {
  announcements: Pick<AnnouncementStore, 'create' | 'recordRecipients'>;
  registrations: Pick<RegistrationStore, 'allRegistrations'>;
  outbox: Pick<MailOutbox, 'queue'>;
  mails: MailSink;
  agenda: Pick<AgendaStore, 'appendAudit'>;
}

export interface AnnouncementRequest {
  subject: string;
  text: string;
  includeWaitlisted?: boolean | undefined;
}

export async function sendAnnouncement(
  year: number,
  request: AnnouncementRequest,
  organizer: string,
  now: Date,
  dependencies: AnnouncementDependencies,
): Promise<Announcement & { recipients: number }> {
  const { announcements, registrations, outbox, mails, agenda } = dependencies;
  const announcement: Announcement = {
    id: `ann_${monotonicUlid(now)}`,
    year,
    subject: request.subject,
    text: request.text,
    audience: request.includeWaitlisted ? 'confirmed-and-waitlisted' : 'confirmed',
    createdAt: now.toISOString(),
    createdBy: organizer,
  };
  await announcements.create(announcement);
  const wanted = new Set(request.includeWaitlisted ? ['confirmed', 'waitlisted'] : ['confirmed']);
  const recipients = (await registrations.allRegistrations(year)).filter((registration) =>
    wanted.has(registration.status),
  );
  const queued: QueuedMail[] = [];
  for (const registration of recipients) {
    const mail = {
      ...queuedMail('announcement', year, registration.id, now, {
        announcementId: announcement.id,
      }),
      id: announcementMailId(announcement.id, registration.id),
    };
    if (await outbox.queue(mail)) queued.push(mail);
  }
  await announcements.recordRecipients(year, announcement.id, recipients.length);
  await agenda.appendAudit(year, {
    at: now.toISOString(),
    who: organizer,
    action: 'announcement.sent',
    target: announcement.id,
    summary: `"${announcement.subject}" to ${recipients.length} ${
      request.includeWaitlisted ? 'confirmed and waitlisted' : 'confirmed'
    } registrant${recipients.length === 1 ? '' : 's'}`,
  });
  mails.committed(queued);
  return { ...announcement, recipients: recipients.length };
}
