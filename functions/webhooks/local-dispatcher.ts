import { backgroundWork } from '#functions/background-work.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import type { WebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import type { WebhookEvent } from '#shared/events.ts';
import { attemptDelivery, type DeliveryOptions, recordAttempt } from './delivery.ts';

/**
 * The local server's webhook delivery: right after a change commits, each matching subscription
 * gets the event, retried with exponential backoff on failure. (In AWS the table's stream and a
 * queue do this; see infra/constructs/webhook-delivery.ts.)
 */

export interface LocalDispatcher extends EventSink {
  /** Resolves when no delivery or retry is waiting (for tests and a clean shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

export interface LocalDispatcherOptions extends DeliveryOptions {
  store: WebhookStore;
  baseDelayMs?: number;
  clock?: () => Date;
}

export function createLocalDispatcher(options: LocalDispatcherOptions): LocalDispatcher {
  const { store, baseDelayMs } = options;
  // The local server lets webhooks go to loopback (createApi's allowLoopbackWebhooks): resolved
  // addresses may be loopback too. Everything else non-public is refused as in AWS.
  const delivery: DeliveryOptions = {
    allowLoopback: options.allowLoopback ?? true,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
  const clock = options.clock ?? (() => new Date());
  const work = backgroundWork();
  const { track } = work;

  async function attempt(
    subscriptionId: string,
    event: WebhookEvent,
    number: number,
  ): Promise<void> {
    if (work.stopped) return;
    const subscription = await store.getSubscription(event.edition, subscriptionId);
    if (!subscription) return;
    const now = clock();
    const result = await attemptDelivery(subscription, event, now, delivery);
    const delay = await recordAttempt(store, subscription, event, number, result, now, baseDelayMs);
    if (delay === undefined || work.stopped) return;
    work.later(delay, () => attempt(subscriptionId, event, number + 1));
  }

  /**
   * Per edition, the events waiting for the next listing of its subscriptions, and the listing
   * under way. A listing serves every event committed before it started (as a batch of the
   * table's stream does in AWS), so a burst of registrations lists the subscriptions a few times
   * instead of once per event; an event never waits for a listing that started before it.
   */
  const queued = new Map<number, WebhookEvent[]>();
  const listing = new Map<number, Promise<unknown>>();

  async function fanOut(year: number) {
    await listing.get(year);
    const events = queued.get(year) ?? [];
    queued.delete(year);
    const list = store.listSubscriptions(year);
    const settled = list.catch(() => undefined);
    listing.set(year, settled);
    void settled.then(() => {
      if (listing.get(year) === settled) listing.delete(year);
    });
    const subscriptions = await list;
    for (const event of events) {
      for (const subscription of subscriptions) {
        if (subscription.events.includes(event.type)) track(attempt(subscription.id, event, 1));
      }
    }
  }

  return {
    committed(events) {
      for (const event of events) {
        const waiting = queued.get(event.edition);
        if (waiting) waiting.push(event);
        else {
          queued.set(event.edition, [event]);
          track(fanOut(event.edition));
        }
      }
    },
    idle: work.idle,
    stop: work.stop,
  };
}
