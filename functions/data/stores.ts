import { createAgendaStore } from './agenda-store.ts';
import type { TableAccess } from './client.ts';
import { createEditionStore } from './edition-store.ts';
import { createOnlineAccessStore } from './online-access.ts';
import { type EventSink, streamDelivered } from './outbox.ts';
import { createRegistrationStore } from './registration-store.ts';
import { createWebhookStore } from './webhook-store.ts';

/** The one type of the stores; what needs fewer takes a `Pick<Stores, ...>`. */
export type Stores = ReturnType<typeof createStores>;

/**
 * Every store over one table and one client. `events` hears of committed webhook events (the
 * local dispatcher); in AWS the table's stream delivers them and nothing needs telling.
 */
export function createStores(options: TableAccess & { events?: EventSink }) {
  const table = { client: options.client, tableName: options.tableName };
  const events = options.events ?? streamDelivered;
  return {
    editions: createEditionStore(table),
    registrations: createRegistrationStore({ ...table, events }),
    agenda: createAgendaStore(table),
    onlineAccess: createOnlineAccessStore(table),
    webhooks: createWebhookStore(table),
    events,
  };
}
