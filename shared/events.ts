import { monotonicUlid } from './ulid.ts';

/**
 * What webhooks announce. Ids and statuses only: never a name, an email or a token. An event's id
 * is the delivery id receivers deduplicate on.
 */

export const WEBHOOK_EVENT_TYPES = [
  'release.published',
  'agenda.delayed',
  'registration.confirmed',
  'registration.waitlisted',
  'registration.promoted',
  'registration.cancelled',
  'submission.decided',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  edition: number;
  occurredAt: string;
  data: Record<string, string | number | boolean | null>;
}

export function newEvent(
  type: WebhookEventType,
  edition: number,
  data: WebhookEvent['data'],
  now: Date,
): WebhookEvent {
  return { id: `evt_${monotonicUlid(now)}`, type, edition, occurredAt: now.toISOString(), data };
}
