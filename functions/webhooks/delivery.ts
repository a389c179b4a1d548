import type { Delivery, Subscription, WebhookStore } from '#functions/data/webhook-store.ts';
import { log } from '#functions/http/log.ts';
import type { WebhookEvent } from './events.ts';
import { signature } from './signing.ts';

/**
 * One attempt to deliver one event to one endpoint, and the backoff between attempts. The same
 * code delivers from the local server and from the queue-driven function in AWS.
 */

export const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 5_000;

/** 1 s, 2 s, 4 s … up to 10 minutes, with up to 20% jitter. */
export function retryDelayMs(attempt: number, baseMs = 1_000): number {
  const delay = Math.min(baseMs * 2 ** (attempt - 1), 600_000);
  return Math.round(delay * (1 + Math.random() * 0.2));
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface AttemptResult {
  ok: boolean;
  status?: number;
  error?: string;
}

export async function attemptDelivery(
  subscription: Subscription,
  event: WebhookEvent,
  now: Date,
  fetchImpl: Fetch = fetch,
): Promise<AttemptResult> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const response = await fetchImpl(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'workshop-webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(subscription.secret, event.id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.name : 'network error' };
  }
}

/** Records an attempt's outcome; returns the delay before the next attempt, or undefined when done. */
export async function recordAttempt(
  store: WebhookStore,
  subscription: Subscription,
  event: WebhookEvent,
  attempt: number,
  result: AttemptResult,
  now: Date,
  baseDelayMs?: number,
): Promise<number | undefined> {
  const retry = !result.ok && attempt < MAX_ATTEMPTS;
  const delay = retry ? retryDelayMs(attempt, baseDelayMs) : undefined;
  const delivery: Delivery = {
    eventId: event.id,
    type: event.type,
    status: result.ok ? 'delivered' : retry ? 'pending' : 'failed',
    attempts: attempt,
    ...(result.status === undefined ? {} : { lastStatus: result.status }),
    ...(result.error === undefined ? {} : { lastError: result.error }),
    ...(result.ok ? { deliveredAt: now.toISOString() } : {}),
    ...(delay === undefined
      ? {}
      : { nextAttemptAt: new Date(now.getTime() + delay).toISOString() }),
  };
  await store.recordDelivery(event.edition, subscription.id, delivery, now);
  log.info('webhook delivery', {
    edition: event.edition,
    webhook: subscription.id,
    event: event.id,
    attempt,
    status: delivery.status,
    httpStatus: result.status,
  });
  return delay;
}
