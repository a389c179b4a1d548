import { lookup } from 'node:dns';
import type {
  Delivery,
  Subscription,
  WebhookStore,
} from '#functions/data/webhooks/webhook-store.ts';
import { log } from '#functions/log.ts';
import type { WebhookEvent } from '#shared/events.ts';
import { signatureHeader } from '#shared/webhooks/signing.ts';
import { checkDeliveryTarget, type Lookup } from './delivery-target.ts';
import { type Fetch, pinnedFetch } from './transport.ts';

/**
 * One attempt to deliver one event to one endpoint, and the backoff between attempts. The same
 * code delivers from the local server and from the queue-driven function in AWS.
 */

const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 5_000;

/** 1 s, 2 s, 4 s … up to 10 minutes, with up to 20% jitter. */
function retryDelayMs(attempt: number, baseMs = 1_000): number {
  const delay = Math.min(baseMs * 2 ** (attempt - 1), 600_000);
  return Math.round(delay * (1 + Math.random() * 0.2));
}

export interface DeliveryOptions {
  /** Sends the request; by default over node:http(s), connected to the checked addresses only. */
  fetch?: Fetch;
  /** Resolves the receiver's name (dns.lookup's signature); tests inject a fake one. */
  lookup?: Lookup;
  /** Loopback receivers: the local server's allowance, never in AWS. */
  allowLoopback?: boolean;
}

export interface AttemptResult {
  ok: boolean;
  status?: number;
  error?: string;
  /** A refusal by the URL policy: recorded as failed at once, never retried. */
  refused?: boolean;
}

const errorName = (error: unknown, signal: AbortSignal) =>
  signal.aborted
    ? 'TimeoutError'
    : error instanceof Error
      ? 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')
        ? `${error.name} ${error.code}`
        : error.name
      : 'network error';

export async function attemptDelivery(
  subscription: Subscription,
  event: WebhookEvent,
  now: Date,
  options: DeliveryOptions = {},
): Promise<AttemptResult> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  // One deadline for the name's resolution and the request.
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const target = await checkDeliveryTarget(subscription.url, {
      lookup: options.lookup ?? lookup,
      allowLoopback: options.allowLoopback ?? false,
      signal,
    });
    if (!target.allowed) {
      log.warn('webhook target refused', {
        edition: event.edition,
        webhook: subscription.id,
        event: event.id,
        addressKind: target.kind,
      });
      return { ok: false, refused: true, error: target.reason };
    }
    const send = options.fetch ?? pinnedFetch(target.addresses);
    const response = await send(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'workshop-webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(subscription, event.id, timestamp, body, now),
      },
      body,
      redirect: 'manual',
      signal,
    });
    const ok = response.status >= 200 && response.status < 300;
    return ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: errorName(error, signal) };
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
  const retry = !result.ok && !result.refused && attempt < MAX_ATTEMPTS;
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
