import { newEvent } from '#shared/events.ts';
import { queuedMail } from '#shared/mail/queued.ts';
import { mailPutItem } from '../mail/mail-outbox.ts';
import { eventPutItem } from '../webhooks/event-outbox.ts';
import type { TransactItems } from './group-commit.ts';
import { type IdempotencyClaim, idempotencyCompletion } from './idempotency-store.ts';
import {
  emailClaimItem,
  type NewRegistration,
  type Placement,
  registeredOutcome,
  registrationItem,
  waitlistEntryItem,
} from './registration-items.ts';
import { type Seats, seatChanges } from './seat-counter.ts';

/**
 * The items of a batch of registrations, built without I/O: each registration's items, and the
 * seat counter once (register.ts commits them).
 */

/** A registration as it waits for its batch. */
export interface RegisterRequest {
  registration: NewRegistration;
  /** Its Idempotency-Key, completed with its outcome in the same transaction. */
  claim?: IdempotencyClaim;
  /**
   * Refused because others joined or left the list meanwhile (other functions, in Lambda): from
   * then on it joins without counting on the number waiting, and its position is read after.
   */
  contended: boolean;
}

/** The actions a registration adds to a batch's transaction (the counter is counted once). */
export const registerActions = (kind: 'free' | 'waiting', request: RegisterRequest) =>
  (kind === 'free' ? 4 : 5) + (request.claim ? 1 : 0);

/**
 * One transaction for a batch: each registration's items, and the counter once, where a single
 * registration has it (after its registration, claim and entry): a batch of one is what one
 * registration always wrote. `tickets` are the proposed waiting-list tickets, one per request,
 * when the batch joins the waiting list; `counted` whether it counts on the number waiting.
 */
export function registerBatchItems(
  tableName: string,
  year: number,
  batch: RegisterRequest[],
  seats: Exclude<Seats, { kind: 'list-full' }>,
  tickets: number[],
  counted: boolean,
) {
  const members = batch.map((request, index) => {
    const input = request.registration;
    const waitTicket = tickets[index] ?? 0;
    const outcome: Placement =
      seats.kind === 'free'
        ? { status: 'confirmed' }
        : {
            status: 'waitlisted',
            waitTicket,
            ...(counted ? { waitlistPosition: seats.waitlisted + index + 1 } : {}),
          };
    const event = newEvent(
      `registration.${outcome.status}`,
      input.year,
      { registrationId: input.id, status: outcome.status },
      input.now,
    );
    const mail = input.quiet
      ? undefined
      : queuedMail(outcome.status, input.year, input.id, input.now);
    const absent = 'attribute_not_exists(pk)';
    const own = [
      {
        Put: {
          TableName: tableName,
          Item: registrationItem(input, outcome),
          ConditionExpression: absent,
        },
      },
      { Put: { TableName: tableName, Item: emailClaimItem(input), ConditionExpression: absent } },
      ...(outcome.status === 'waitlisted'
        ? [
            {
              Put: {
                TableName: tableName,
                Item: waitlistEntryItem(input, outcome.waitTicket),
                ConditionExpression: absent,
              },
            },
          ]
        : []),
    ];
    const rest = [
      ...(request.claim
        ? [
            {
              Update: idempotencyCompletion(
                tableName,
                request.claim,
                registeredOutcome(input.id, outcome),
                true,
              ),
            },
          ]
        : []),
      eventPutItem(tableName, event),
      ...(mail ? [mailPutItem(tableName, mail)] : []),
    ];
    return { own, rest, outcome, event, mail };
  });
  const count = batch.length;
  const seatChange = seatChanges(tableName);
  const counterChange =
    seats.kind === 'free'
      ? seatChange.takeSeats(year, count, seats.capacity)
      : seatChange.joinWaitlist(year, {
          ...(counted ? { waiting: seats.waitlisted } : {}),
          count,
          firstTicket: tickets[0] ?? 0,
          lastTicket: tickets.at(-1) ?? 0,
          waitlistLimit: batch[0]?.registration.waitlistLimit,
        });
  const items: TransactItems = [];
  const placed = members.map((member, index) => {
    const first = items.length;
    items.push(...member.own);
    if (index === 0) items.push(counterChange);
    items.push(...member.rest);
    const ownIndexes = Array.from({ length: items.length - first }, (_, at) => first + at).filter(
      (at) => index !== 0 || at !== first + member.own.length,
    );
    return { ...member, claimIndex: first + 1, ownIndexes };
  });
  const after: Seats | undefined =
    seats.kind === 'free'
      ? seats.confirmed + count < seats.capacity
        ? { ...seats, confirmed: seats.confirmed + count }
        : { kind: 'waiting', waitlisted: 0 }
      : counted
        ? { kind: 'waiting', waitlisted: seats.waitlisted + count }
        : undefined;
  return { items, members: placed, counterIndex: members[0]?.own.length ?? 2, after };
}
