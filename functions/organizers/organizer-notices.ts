import type { AgendaStore, AuditEntry } from '#functions/data/editions/agenda-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import { type QueuedMail, queuedMail } from '#shared/mail/queued.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * What a stolen organizer token could do quietly is told loudly: a registrations export and a
 * new webhook (a standing way out for registration events) each append an audit entry and queue
 * a notice to the organizers' list (ORGANIZERS_MAIL in AWS, MailDev locally). The notice says
 * who, when, what and how many, never whom: no registrant's name or address is in it.
 */

export interface OrganizerNoticeDependencies {
  agenda: Pick<AgendaStore, 'appendAudit'>;
  outbox: Pick<MailOutbox, 'queue'>;
  mails: MailSink;
  /** The organizers' list: every address gets its own copy. None: the audit entry only. */
  organizersMail: readonly string[];
}

export type OrganizerNotices = ReturnType<typeof createOrganizerNotices>;

export function createOrganizerNotices(dependencies: OrganizerNoticeDependencies) {
  const { agenda, outbox, mails, organizersMail } = dependencies;

  /** The entry first: an export whose trace could not be written is not handed out. */
  async function record(year: number, entry: AuditEntry, topic: string, now: Date) {
    await agenda.appendAudit(year, entry);
    const lines = [
      `${entry.summary}.`,
      `By organizer ${entry.who}, at ${entry.at} (UTC): ${entry.action} ${entry.target}.`,
    ];
    // One notice id per event, and per address: queueing again never mails twice.
    const noticeId = monotonicUlid(now);
    const queued: QueuedMail[] = [];
    for (const [index, email] of organizersMail.entries()) {
      const mail = {
        ...queuedMail('organizer-notice', year, 'organizers', now, {
          to: { name: 'organizers', email },
          notice: { topic, lines },
        }),
        id: `mail_notice_${noticeId}_${index}`,
      };
      if (await outbox.queue(mail)) queued.push(mail);
    }
    mails.committed(queued);
  }

  return {
    async registrationsExported(
      year: number,
      export_: { who: string; format: string; rows: number },
      now: Date,
    ) {
      await record(
        year,
        {
          at: now.toISOString(),
          who: export_.who,
          action: 'registrations.exported',
          target: `registrations-${year}.${export_.format}`,
          summary: `${export_.rows} registration${export_.rows === 1 ? '' : 's'} of ${year} exported as ${export_.format.toUpperCase()}`,
        },
        'Registrations exported',
        now,
      );
    },

    async webhookCreated(
      year: number,
      webhook: { id: string; url: string; events: readonly string[]; who: string },
      now: Date,
    ) {
      // The receiving host, not the whole URL: a query string may carry the receiver's token.
      const { protocol, host } = new URL(webhook.url);
      await record(
        year,
        {
          at: now.toISOString(),
          who: webhook.who,
          action: 'webhook.created',
          target: webhook.id,
          summary: `A webhook to ${protocol}//${host} now receives ${webhook.events.join(', ')} of ${year}`,
        },
        'New webhook',
        now,
      );
    },
  };
}
