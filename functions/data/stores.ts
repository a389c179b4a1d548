import { createAgendaStore } from './editions/agenda-store.ts';
import { createEditionHeads } from './editions/edition-head.ts';
import { createEditionStore } from './editions/edition-store.ts';
import { createLiveStore } from './editions/live-store.ts';
import { createOnlineAccessStore } from './editions/online-access.ts';
import { createAnnouncementStore } from './mail/announcement-store.ts';
import { createMailOutbox, type MailSink, streamMailed } from './mail/mail-outbox.ts';
import { createCheckIns } from './registrations/check-ins.ts';
import { createRegistrationStore } from './registrations/registration-store.ts';
import { createScheduleNotices } from './registrations/schedule-notices.ts';
import { createReviewStore } from './submissions/review-store.ts';
import { createSpeakerDirectory } from './submissions/speaker-directory.ts';
import { createSpeakerStore } from './submissions/speaker-store.ts';
import { createSubmissionStore } from './submissions/submission-store.ts';
import type { TableAccess } from './table/client.ts';
import { type EventSink, streamDelivered } from './webhooks/event-outbox.ts';
import { createWebhookStore } from './webhooks/webhook-store.ts';

/** The one type of the stores; what needs fewer takes a `Pick<Stores, ...>`. */
export type Stores = ReturnType<typeof createStores>;

/**
 * Every store over one table and one client. `events` hears of committed webhook events and
 * `mails` of committed attendee messages (the local dispatchers); in AWS the table's stream
 * delivers both and nothing needs telling.
 */
export function createStores(options: TableAccess & { events?: EventSink; mails?: MailSink }) {
  const table = { client: options.client, tableName: options.tableName };
  const events = options.events ?? streamDelivered;
  const mails = options.mails ?? streamMailed;
  return {
    editions: createEditionStore(table),
    heads: createEditionHeads(table),
    registrations: createRegistrationStore({ ...table, events, mails }),
    agenda: createAgendaStore(table),
    onlineAccess: createOnlineAccessStore(table),
    webhooks: createWebhookStore(table),
    mailOutbox: createMailOutbox(table),
    announcements: createAnnouncementStore(table),
    scheduleNotices: createScheduleNotices(table),
    submissionSpeakers: createSpeakerStore(table),
    checkIns: createCheckIns(table),
    live: createLiveStore(table),
    submissions: createSubmissionStore({ ...table, events, mails }),
    submissionReviews: createReviewStore(table),
    speakerDirectory: createSpeakerDirectory(table),
    events,
    mails,
  };
}
