import type { WebhookEvent } from '#shared/events.ts';
import { eventsPk } from '../table/keys.ts';

/**
 * The transactional outbox: an event is written in the same DynamoDB transaction as the change it
 * announces, as an item of its edition's EVENTS# partition, kept 14 days. In AWS the table's
 * stream carries new EVENTS# items to the webhook functions; locally the dispatcher hears of them.
 */

const EVENT_KEEP_SECONDS = 14 * 24 * 60 * 60;

/** Epoch seconds at which an item written now expires, kept as long as its event. */
export const eventExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + EVENT_KEEP_SECONDS;

/** The outbox item of an event, to put in the transaction that makes the change it announces. */
export function eventPutItem(tableName: string, event: WebhookEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: eventsPk(event.edition),
        sk: event.id,
        entity: 'event',
        ...event,
        expiresAt: eventExpiry(new Date(event.occurredAt)),
      },
    },
  };
}

/** Where committed events go next: the local dispatcher, or nothing in AWS (the table's stream). */
export interface EventSink {
  committed(events: WebhookEvent[]): void;
}

export const streamDelivered: EventSink = { committed: () => undefined };
