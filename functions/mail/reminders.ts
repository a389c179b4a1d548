import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import { log } from '#functions/log.ts';
import { type QueuedMail, queuedMail, reminderMailId } from '#shared/mail/queued.ts';
import { remindersDue } from '#shared/mail/reminder-time.ts';

/**
 * The reminder before the first day: once it is due, one message per confirmed person, queued
 * once (its id is derived from the registration's), then the edition is marked reminded so
 * that later runs cost one read. Runs on a schedule in AWS and on a timer locally; running it
 * twice, or concurrently, queues nothing twice.
 */

export interface ReminderDependencies {
  editions: Pick<EditionStore, 'getEdition'>;
  registrations: Pick<RegistrationStore, 'allRegistrations'>;
  outbox: Pick<MailOutbox, 'queue' | 'remindersQueuedAt' | 'markRemindersQueued'>;
  mails: MailSink;
}

/** How many reminders this run queued (0 when not due, or done before). */
export async function queueDueReminders(
  year: number,
  now: Date,
  dependencies: ReminderDependencies,
): Promise<number> {
  const { editions, registrations, outbox, mails } = dependencies;
  const details = await editions.getEdition(year);
  if (!details || !remindersDue(details, now)) return 0;
  if (await outbox.remindersQueuedAt(year)) return 0;
  const confirmed = (await registrations.allRegistrations(year)).filter(
    (registration) => registration.status === 'confirmed',
  );
  const queued: QueuedMail[] = [];
  for (const registration of confirmed) {
    const mail = {
      ...queuedMail('reminder', year, registration.id, now),
      id: reminderMailId(registration.id),
    };
    if (await outbox.queue(mail)) queued.push(mail);
  }
  await outbox.markRemindersQueued(year, now);
  mails.committed(queued);
  log.info('reminders queued', { edition: year, queued: queued.length });
  return queued.length;
}
