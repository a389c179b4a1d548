import { createAgendaStore } from './agenda-store.ts';
import { createAnnouncementStore } from './announcement-store.ts';
import { createCheckIns } from './check-ins.ts';
import type { TableAccess } from './client.ts';
import { createEditionHeads } from './content-version.ts';
import { createEditionStore } from './edition-store.ts';
import { createLiveStore } from './live-store.ts';
import { createMailOutbox, type MailSink, streamMailed } from './mail-outbox.ts';
import { createOnlineAccessStore } from './online-access.ts';
import { type EventSink, streamDelivered } from './outbox.ts';
import { createRegistrationStore } from './registration-store.ts';
import { createScheduleNotices } from './registrations/schedule-notices.ts';
import { createWebhookStore } from './webhook-store.ts';

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
    checkIns: createCheckIns(table),
    live: createLiveStore(table),
    events,
    mails,
  };
}
