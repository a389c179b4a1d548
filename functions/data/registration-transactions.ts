import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AlreadyRegisteredError, WaitlistFullError } from '#shared/errors.ts';
import { newEvent, type WebhookEvent } from '#shared/events.ts';
import { type QueuedMail, queuedMail } from '#shared/mail/queued.ts';
import type { SeatCounts } from '#shared/registration/rules.ts';
import type { TableAccess } from './client.ts';
import {
  type IdempotencyClaim,
  idempotencyCompletion,
  type StoredResponse,
} from './idempotency-store.ts';
import { emailClaimSk, registrationsPk, waitlistSk } from './keys.ts';
import { type MailSink, mailPutItem } from './mail-outbox.ts';
import { type EventSink, eventPutItem } from './outbox.ts';
import {
  emailClaimItem,
  type NewRegistration,
  type RegistrationOutcome,
  type RegistrationRecord,
  registrationItem,
  registrationKey,
  transition,
  waitlistEntryItem,
  waitTicketOf,
} from './registration-items.ts';
import type { createRegistrationReads } from './registration-reads.ts';
import {
  backoffDelay,
  cancellationCodes,
  conditionFailureItem,
  deadlineFrom,
  sleep,
  unavailable,
  withRetries,
} from './retry.ts';
import {
  type createSeatCounter,
  type Seats,
  seatChanges,
  seatCountsOf,
  seatsOf,
} from './seat-counter.ts';
import { turnsByKey } from './turns.ts';
import { type WaitTickets, waitTickets } from './wait-tickets.ts';

/**
 * The changes of a registration's status: each one `TransactWriteItems` that writes the
 * registration's items, changes the seat counter on its condition (seat-counter.ts), puts the
 * webhook event in the outbox (outbox.ts) and the attendee's message in the mail outbox
 * (mail-outbox.ts): a registration never exists without its message.
 *
 * | access pattern       | operation                                                             |
 * |----------------------|-----------------------------------------------------------------------|
 * | register (seat free) | put registration + email claim, take a seat (confirmed+1 if < capacity and nobody waits) |
 * | register (full)      | put registration + email claim + WAIT#<ticket>, join the waiting list (waitlisted+1 if full, waitTicket = ticket if above it) |
 * | cancel               | erase personal data, delete the email claim, and either leave the waiting list (was waiting), free the seat (nobody waits) or promote the oldest WAIT# entry to it |
 * | fill free seats      | promote the oldest WAIT# entry while a seat is free (after a capacity increase) |
 *
 * A round reads, then tries one conditional transaction with its own ClientRequestToken (the same
 * on every retry of that round: one that timed out after committing succeeds again instead of
 * failing its own conditions). A register or cancel round that lost a race reads again, until
 * the request's deadline.
 *
 * Exact waiting-list positions: the waiting list is in commit order, not in the order of the
 * registration ids (ULIDs from functions whose clocks differ). A join proposes a ticket and
 * commits only if it is above the counter's `waitTicket`, which it then becomes (wait-tickets.ts);
 * DynamoDB serialises the transactions on the counter, so tickets rise in commit order. A join
 * that was overtaken learns the counter's ticket from its failed condition and tries again at
 * once with a higher one. The position then is a consistent count of the WAIT# entries up to its
 * own (registration-reads.ts): exact, as nobody can join ahead of it after its commit.
 */

/**
 * A round that lost a race waits a jittered backoff before it reads again, so that a storm of
 * cancellations competing for the head of the waiting list spreads out instead of colliding again
 * at once.
 */
async function waitBeforeNextRound(round: number, deadline: number): Promise<void> {
  const delay = backoffDelay(round, 10, 250);
  if (Date.now() + delay >= deadline) throw unavailable();
  await sleep(delay);
}

/** Where a confirmation's transaction has the seat counter: after the registration and claim. */
const TAKE_COUNTER_INDEX = 2;
/** Where a join's transaction has the seat counter: after the registration, claim and entry. */
const JOIN_COUNTER_INDEX = 3;

type Waiting = Extract<Seats, { kind: 'waiting' }>;

export interface RegistrationTransactionDependencies extends TableAccess {
  /** Told about the webhook events each committed change wrote to the outbox. */
  events: EventSink;
  /** Told about the attendee messages each committed change wrote to the mail outbox. */
  mails: MailSink;
  counter: Pick<ReturnType<typeof createSeatCounter>, 'getSeatCounts'>;
  reads: Pick<ReturnType<typeof createRegistrationReads>, 'getRegistration' | 'waitlistHead'>;
  /** Where joins of the waiting list take their tickets; one per process. */
  tickets?: WaitTickets;
}

export function createRegistrationTransactions({
  client,
  tableName,
  events,
  mails,
  counter,
  reads,
  tickets = waitTickets(),
}: RegistrationTransactionDependencies) {
  const outbox = (event: WebhookEvent) => eventPutItem(tableName, event);
  const mailbox = (mail: QueuedMail) => mailPutItem(tableName, mail);
  const seatChange = seatChanges(tableName);
  /**
   * What this process last knew of each edition's counter: seats free, or full with exactly
   * `waitlisted` people waiting (as its last join committed it, or a refusal showed it). It only
   * saves reads: the conditions in the transaction decide, and a refusal corrects it.
   */
  const lastSeen = new Map<number, Seats>();
  /** Concurrent registrations of an edition that know nothing share one read of the counter. */
  const counterReads = new Map<number, Promise<SeatCounts | undefined>>();
  const cancelTurns = turnsByKey<number>();

  function readCounter(year: number): Promise<SeatCounts | undefined> {
    const pending = counterReads.get(year);
    if (pending) return pending;
    const read = withRetries(() => counter.getSeatCounts(year, true)).finally(() =>
      counterReads.delete(year),
    );
    counterReads.set(year, read);
    return read;
  }

  /**
   * Confirms when a seat is free and nobody waits, otherwise joins the waiting list at a position
   * known when it commits. The optional idempotency completion commits in the same transaction as
   * the registration, with the whole answer.
   */
  async function register(
    input: NewRegistration,
    completion?: {
      claim: IdempotencyClaim;
      response: (outcome: RegistrationOutcome) => StoredResponse;
    },
  ): Promise<RegistrationOutcome> {
    const emailClaim = {
      Put: {
        TableName: tableName,
        Item: emailClaimItem(input),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const extra = (outcome: RegistrationOutcome) =>
      completion
        ? [
            {
              Update: idempotencyCompletion(
                tableName,
                completion.claim,
                completion.response(outcome),
                true,
              ),
            },
          ]
        : [];

    const deadline = deadlineFrom();
    /** One round's transaction, with its own token: the same on each retry of the round. */
    async function commit(outcome: RegistrationOutcome): Promise<RegistrationOutcome> {
      const event = newEvent(
        `registration.${outcome.status}`,
        input.year,
        { registrationId: input.id, status: outcome.status },
        input.now,
      );
      const mail = queuedMail(outcome.status, input.year, input.id, input.now);
      // In this order: a refusal by the counter is read at COUNTER_INDEX of each kind.
      const transaction = [
        {
          Put: {
            TableName: tableName,
            Item: registrationItem(input, outcome),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        emailClaim,
        ...(outcome.status === 'confirmed'
          ? [seatChange.takeSeat(input.year)]
          : [
              {
                Put: {
                  TableName: tableName,
                  Item: waitlistEntryItem(input, outcome.waitTicket),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              seatChange.joinWaitlist(
                input.year,
                input.waitlistLimit,
                outcome.waitTicket,
                outcome.waitlistPosition - 1,
              ),
            ]),
        ...extra(outcome),
        outbox(event),
        mailbox(mail),
      ];
      const token = randomUUID();
      await withRetries(
        () =>
          client.send(
            new TransactWriteCommand({ TransactItems: transaction, ClientRequestToken: token }),
          ),
        { deadline },
      );
      events.committed([event]);
      mails.committed([mail]);
      return outcome;
    }

    /** Joins behind the people this process knows to wait, with a ticket, in its turn. */
    const join = (seen: Waiting) =>
      tickets.inTurn(input.year, async (waitTicket) => {
        // An earlier turn may have learnt better: its join committed, or a refusal showed more.
        const latest = lastSeen.get(input.year);
        const waiting = latest?.kind === 'waiting' ? latest.waitlisted : seen.waitlisted;
        try {
          const outcome = await commit({
            status: 'waitlisted',
            waitTicket,
            waitlistPosition: waiting + 1,
          });
          lastSeen.set(input.year, { kind: 'waiting', waitlisted: waiting + 1 });
          return outcome;
        } catch (error) {
          // Learnt before the next turn proposes its ticket and counts who waits.
          learn(error, JOIN_COUNTER_INDEX);
          throw error;
        }
      });

    /** What a refusal by the counter showed of it, kept for the next round; undefined if none. */
    function learn(error: unknown, index: number): Seats | undefined {
      const found = conditionFailureItem(error, index);
      if (!found) return undefined;
      tickets.seen(input.year, Number(found.waitTicket ?? 0));
      const seats = seatsOf(seatCountsOf(found), input.waitlistLimit);
      lastSeen.set(input.year, seats);
      return seats;
    }

    for (let round = 1; ; round += 1) {
      let seats = lastSeen.get(input.year);
      if (seats === undefined || seats.kind === 'list-full') {
        const counts = await readCounter(input.year);
        if (!counts) {
          throw new Error(`No seat counter for edition ${input.year}: publish the edition first.`);
        }
        seats = seatsOf(counts, input.waitlistLimit);
        if (seats.kind === 'list-full') throw new WaitlistFullError('The waiting list is full.');
        lastSeen.set(input.year, seats);
      }
      const current: Exclude<Seats, { kind: 'list-full' }> = seats;
      try {
        return current.kind === 'free'
          ? await commit({ status: 'confirmed' })
          : await join(current);
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes.length === 0) throw error;
        if (codes[1] === 'ConditionalCheckFailed') {
          throw new AlreadyRegisteredError(
            'This email address is already registered for this edition.',
          );
        }
        // Refused by the counter, which showed itself: seats gone, overtaken, or someone left.
        // What it showed is as fresh as a read: try again at once on it.
        const found = learn(
          error,
          current.kind === 'free' ? TAKE_COUNTER_INDEX : JOIN_COUNTER_INDEX,
        );
        if (found?.kind === 'list-full') throw new WaitlistFullError('The waiting list is full.');
        if (found) {
          if (Date.now() >= deadline) throw unavailable();
          continue;
        }
        // Refused without showing the counter: read it again.
        lastSeen.delete(input.year);
      }
      await waitBeforeNextRound(round, deadline);
    }
  }

  function promotion(year: number, head: { sk: string; registrationId: string }, at: string) {
    const promoted = transition('confirmed', year, at);
    return [
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
    ];
  }

  /**
   * Cancels and erases name, email and affiliation. A confirmed seat goes to the oldest waiting
   * registration in the same transaction. Cancelling twice is a no-op.
   */
  async function cancel(year: number, id: string, now: Date, known?: RegistrationRecord) {
    const at = now.toISOString();
    const deadline = deadlineFrom();
    /** One round: the registration (and the head of the list) read, one transaction tried. */
    async function attempt(
      round: number,
    ): Promise<{ done: false } | { done: true; record: RegistrationRecord | undefined }> {
      // A turn waited for may have outlasted the request.
      if (Date.now() >= deadline) throw unavailable();
      // A record the caller just read saves a read: if it is stale, the transaction's condition on
      // the status fails and the next round reads consistently.
      const current =
        round === 1 && known
          ? known
          : await withRetries(() => reads.getRegistration(year, id, true), { deadline });
      if (!current || current.status === 'cancelled') return { done: true, record: current };
      const cancelled = transition('cancelled', year, at);
      const announced = [
        newEvent(
          'registration.cancelled',
          year,
          { registrationId: id, previousStatus: current.status },
          now,
        ),
      ];
      // The address goes with the message: the same transaction erases it from the registration.
      const messages =
        current.name && current.email
          ? [
              queuedMail('cancelled', year, id, now, {
                to: { name: current.name, email: current.email },
              }),
            ]
          : [];
      let seatFreed = false;
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
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
        items.push(
          {
            Delete: {
              TableName: tableName,
              Key: { pk: registrationsPk(year), sk: waitlistSk(waitTicketOf(current)) },
            },
          },
          seatChange.leaveWaitlist(year),
        );
      } else {
        // Nobody waited when this process last looked: free the seat without looking for a head
        // (the counter's condition checks that nobody waits; if someone does, the next round looks).
        const seen = lastSeen.get(year);
        const nobodyWaits =
          round === 1 &&
          (seen?.kind === 'free' || (seen?.kind === 'waiting' && seen.waitlisted === 0));
        const head = nobodyWaits
          ? undefined
          : await withRetries(() => reads.waitlistHead(year), { deadline });
        if (head) {
          announced.push(
            newEvent(
              'registration.promoted',
              year,
              { registrationId: head.registrationId, status: 'confirmed' },
              now,
            ),
          );
          messages.push(queuedMail('promoted', year, head.registrationId, now));
        }
        items.push(
          ...(head
            ? [...promotion(year, head, at), seatChange.leaveWaitlist(year)]
            : [seatChange.freeSeat(year)]),
        );
        seatFreed = !head;
      }
      items.push(...announced.map(outbox), ...messages.map(mailbox));
      const token = randomUUID();
      try {
        await withRetries(
          () =>
            client.send(
              new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }),
            ),
          { deadline },
        );
        // A seat freed with nobody waiting is free now; any other change leaves the count unknown.
        if (seatFreed) lastSeen.set(year, { kind: 'free' });
        else lastSeen.delete(year);
        events.committed(announced);
        mails.committed(messages);
        // What the transaction wrote: the personal data gone, the status and its history updated.
        const {
          name: _name,
          email: _email,
          affiliation: _affiliation,
          emailKey: _emailKey,
          ...kept
        } = current;
        return {
          done: true,
          record: {
            ...kept,
            status: 'cancelled' as const,
            cancelledAt: at,
            history: [...current.history, { status: 'cancelled' as const, at }],
          },
        };
      } catch (error) {
        if (cancellationCodes(error).length === 0) throw error;
        // Someone else changed the registration, the head of the list or the counter: retry.
        lastSeen.delete(year);
        return { done: false };
      }
    }

    for (let round = 1; ; round += 1) {
      // Cancellations in one process take turns: each would otherwise race the others for the
      // head of the waiting list and the counter, and back off.
      const result = await cancelTurns(year, () => attempt(round));
      if (result.done) return result.record;
      await waitBeforeNextRound(round, deadline);
    }
  }

  /** Gives free seats (after a capacity increase) to the waiting list, oldest first. */
  async function fillFreeSeats(year: number, now: Date): Promise<number> {
    let promoted = 0;
    for (;;) {
      const counts = await withRetries(() => counter.getSeatCounts(year, true));
      if (!counts || counts.confirmed >= counts.capacity || counts.waitlisted === 0)
        return promoted;
      const head = await withRetries(() => reads.waitlistHead(year));
      if (!head) return promoted;
      const event = newEvent(
        'registration.promoted',
        year,
        { registrationId: head.registrationId, status: 'confirmed' },
        now,
      );
      const mail = queuedMail('promoted', year, head.registrationId, now);
      const token = randomUUID();
      try {
        await withRetries(() =>
          client.send(
            new TransactWriteCommand({
              ClientRequestToken: token,
              TransactItems: [
                ...promotion(year, head, now.toISOString()),
                seatChange.fillSeat(year),
                outbox(event),
                mailbox(mail),
              ],
            }),
          ),
        );
        promoted += 1;
        events.committed([event]);
        mails.committed([mail]);
      } catch (error) {
        if (cancellationCodes(error).length === 0) throw error;
      }
    }
  }

  return { register, cancel, fillFreeSeats };
}
