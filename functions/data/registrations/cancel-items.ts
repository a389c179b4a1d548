import { newEvent, type WebhookEvent } from '#shared/events.ts';
import { type QueuedMail, queuedMail } from '#shared/mail/queued.ts';
import { mailPutItem } from '../mail/mail-outbox.ts';
import { emailClaimSk, registrationsPk, waitlistSk } from '../table/keys.ts';
import { eventPutItem } from '../webhooks/event-outbox.ts';
import type { TransactItems } from './group-commit.ts';
import {
  type RegistrationRecord,
  registrationKey,
  transition,
  waitTicketOf,
} from './registration-items.ts';
import { type Seats, seatChanges } from './seat-counter.ts';

/**
 * The items of cancellations and promotions, built without I/O (cancel.ts and
 * registration-transactions.ts commit them). A group of cancellations changes the seat counter
 * once: the seats it frees, and the people who leave the waiting list (the waiting who cancel, and
 * the heads promoted to the seats of the confirmed who cancel).
 */

/** The head of the waiting list: its WAIT# entry and the registration it names. */
export interface WaitlistHead {
  sk: string;
  registrationId: string;
}

/** What a change adds to a transaction: its items, and the event and message it announces. */
export interface ChangeItems {
  items: TransactItems;
  events: WebhookEvent[];
  mails: QueuedMail[];
}

/**
 * A cancellation of a confirmed or waiting registration, on the condition that its status is
 * still the one read: erase name, email and affiliation, free the address, leave the waiting list
 * (the counter changes elsewhere). The address goes with the message, which the same transaction
 * erases from the registration.
 */
function cancelItems(
  tableName: string,
  current: RegistrationRecord,
  now: Date,
  quiet = false,
): ChangeItems {
  const { year, id } = current;
  const at = now.toISOString();
  const cancelled = transition('cancelled', year, at);
  const items: TransactItems = [
    {
      Update: {
        TableName: tableName,
        Key: registrationKey(year, id),
        UpdateExpression: `SET ${cancelled.set}, cancelledAt = :at REMOVE #name, email, affiliation, emailKey`,
        ConditionExpression: '#status = :was',
        ExpressionAttributeNames: { '#status': 'status', '#name': 'name' },
        ExpressionAttributeValues: { ...cancelled.values, ':at': at, ':was': current.status },
      },
    },
  ];
  if (current.emailKey) {
    items.push({
      Delete: {
        TableName: tableName,
        Key: { pk: registrationsPk(year), sk: emailClaimSk(current.emailKey) },
      },
    });
  }
  if (current.status === 'waitlisted') {
    items.push({
      Delete: {
        TableName: tableName,
        Key: { pk: registrationsPk(year), sk: waitlistSk(waitTicketOf(current)) },
      },
    });
  }
  const events = [
    newEvent(
      'registration.cancelled',
      year,
      { registrationId: id, previousStatus: current.status },
      now,
    ),
  ];
  // Quiet: an organizer cancelling spam or a duplicate tells nobody (the event still fires).
  const mails =
    current.name && current.email && !quiet
      ? [
          queuedMail('cancelled', year, id, now, {
            to: { name: current.name, email: current.email },
          }),
        ]
      : [];
  items.push(...events.map((event) => eventPutItem(tableName, event)));
  items.push(...mails.map((mail) => mailPutItem(tableName, mail)));
  return { items, events, mails };
}

/** The actions `cancelItems` makes for a registration. */
export const cancelActions = (current: RegistrationRecord) =>
  2 +
  (current.emailKey ? 1 : 0) +
  (current.status === 'waitlisted' ? 1 : 0) +
  (current.name && current.email ? 1 : 0);

/** The actions a promotion adds: the WAIT# entry, the registration, its event and its message. */
export const PROMOTION_ACTIONS = 4;

/**
 * The oldest waiting registration takes a seat: its WAIT# entry goes (it must still be there), its
 * status goes from waitlisted to confirmed, and its event and message are queued (the counter
 * changes elsewhere).
 */
export function promotionItems(
  tableName: string,
  year: number,
  head: WaitlistHead,
  now: Date,
): ChangeItems {
  const at = now.toISOString();
  const promoted = transition('confirmed', year, at);
  const events = [
    newEvent(
      'registration.promoted',
      year,
      { registrationId: head.registrationId, status: 'confirmed' },
      now,
    ),
  ];
  const mails = [queuedMail('promoted', year, head.registrationId, now)];
  return {
    items: [
      {
        Delete: {
          TableName: tableName,
          Key: { pk: registrationsPk(year), sk: head.sk },
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: registrationKey(year, head.registrationId),
          UpdateExpression: `SET ${promoted.set}, confirmedAt = :at`,
          ConditionExpression: '#status = :waitlisted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...promoted.values, ':at': at, ':waitlisted': 'waitlisted' },
        },
      },
      ...events.map((event) => eventPutItem(tableName, event)),
      ...mails.map((mail) => mailPutItem(tableName, mail)),
    ],
    events,
    mails,
  };
}

/** A registration as a committed cancellation left it: personal data gone, history updated. */
export function cancelledRecord(current: RegistrationRecord, now: Date): RegistrationRecord {
  const at = now.toISOString();
  const {
    name: _name,
    email: _email,
    affiliation: _affiliation,
    emailKey: _emailKey,
    ...kept
  } = current;
  return {
    ...kept,
    status: 'cancelled',
    cancelledAt: at,
    history: [...current.history, { status: 'cancelled', at }],
  };
}

/** A waiting registration as its promotion left it: confirmed, its history updated. */
export function promotedRecord(waiting: RegistrationRecord, now: Date): RegistrationRecord {
  const at = now.toISOString();
  return {
    ...waiting,
    status: 'confirmed',
    confirmedAt: at,
    history: [...waiting.history, { status: 'confirmed', at }],
  };
}

/**
 * One transaction for a group of cancellations (distinct registrations, each with the status it
 * was read with) and the heads of the waiting list promoted to the seats the confirmed ones free,
 * oldest first, one head per confirmed cancellation at most (none of them among the group). Seats
 * no head takes are freed, on the condition that nobody waits then. `own[i]` holds the indexes of
 * the i-th cancellation's actions.
 */
export function cancelGroupItems(
  tableName: string,
  year: number,
  group: { current: RegistrationRecord; now: Date; quiet?: boolean }[],
  heads: WaitlistHead[],
) {
  const items: TransactItems = [];
  const events: WebhookEvent[] = [];
  const mails: QueuedMail[] = [];
  const add = (change: ChangeItems) => {
    const first = items.length;
    items.push(...change.items);
    events.push(...change.events);
    mails.push(...change.mails);
    return Array.from({ length: change.items.length }, (_, at) => first + at);
  };
  const own = group.map(({ current, now, quiet }) =>
    add(cancelItems(tableName, current, now, quiet)),
  );
  const seatsGiven = group.filter(({ current }) => current.status === 'confirmed');
  const promotions = heads.slice(0, seatsGiven.length).map((head, index) => ({
    head,
    now: (seatsGiven[index] as { now: Date }).now,
  }));
  for (const { head, now } of promotions) add(promotionItems(tableName, year, head, now));
  const freed = seatsGiven.length - promotions.length;
  const left = group.length - seatsGiven.length + promotions.length;
  items.push(seatChanges(tableName).cancelGroup(year, { freed, left }));
  return { items, events, mails, own, freed, left, promotions };
}

/**
 * What the counter holds after a committed group, from what the process knew before: a full
 * edition stays full with `left` fewer waiting when no seat was freed; seats freed with nobody
 * waiting are free. Anything else is unknown (read again).
 */
export function seatsAfter(
  seen: Seats | undefined,
  { freed, left }: { freed: number; left: number },
): Seats | undefined {
  if (seen?.kind === 'waiting' && freed === 0 && seen.waitlisted >= left)
    return { kind: 'waiting', waitlisted: seen.waitlisted - left };
  if (seen?.kind === 'free' && left === 0 && seen.confirmed >= freed)
    return { ...seen, confirmed: seen.confirmed - freed };
  return undefined;
}
