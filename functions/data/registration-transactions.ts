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
  withRequestDeadline,
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
 * | register (seat free) | put registration + email claim, take a seat (confirmed+n if that many are free and nobody waits) |
 * | register (full)      | put registration + email claim + WAIT#<ticket>, join the waiting list (waitlisted+n if full and exactly the known number wait, waitTicket = the last ticket if the first is above it) |
 * | cancel               | erase personal data, delete the email claim, and either leave the waiting list (was waiting), free the seat (nobody waits) or promote the oldest WAIT# entry to it |
 * | fill free seats      | promote the oldest WAIT# entry while a seat is free (after a capacity increase) |
 *
 * A registration costs one call: the transaction. What the counter holds is known from the
 * process's last transaction on it or from the counter a refused condition returns
 * (ReturnValuesOnConditionCheckFailure); only a process that knows nothing yet reads it, once for
 * all its concurrent registrations. A cancellation costs the read of the registration (which the
 * caller usually has) and the transaction; it looks for the head of the waiting list only when
 * someone may wait.
 *
 * Registrations are written in batches: the registrations of an edition that one process serves
 * at the same time go into one transaction (up to DynamoDB's 100 actions), the counter changed
 * once by their number; a refusal of an address rejects that registration and the others go
 * again. In Lambda an instance serves one request at a time, so a batch holds one registration;
 * the local server, which serves a whole burst in one process, writes it in a few dozen
 * transactions instead of a thousand.
 *
 * Each transaction has its own ClientRequestToken (the same on every retry of that transaction:
 * one that timed out after committing succeeds again instead of failing its own conditions). A
 * register or cancel round that lost a race tries again on what the refusal showed, or reads
 * again, until the request's deadline.
 *
 * Exact waiting-list positions: the waiting list is in commit order, not in the order of the
 * registration ids (ULIDs from functions whose clocks differ). Joins propose tickets and commit
 * only if the first is above the counter's `waitTicket`, which then becomes their last
 * (wait-tickets.ts); DynamoDB serialises the transactions on the counter, so tickets rise in
 * commit order. A join also commits only if exactly the number of people it knows of wait
 * (`waitlisted = :waiting`), so its position is known when it commits: that number plus its rank
 * in the batch. That is the count of WAIT# entries up to its own at that moment, the same a
 * consistent read right after would give if nobody left meanwhile (registration-reads.ts): exact,
 * as nobody can join ahead of it after its commit. A join that was overtaken, or that others'
 * joining or leaving made wrong, learns the counter from its failed condition and tries again at
 * once, without counting on the number waiting: with other functions joining at the same time
 * (Lambda instances) counting would lose race after race, so such a join's position is read after
 * its commit, as before (registration-store.ts).
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

/** DynamoDB's limit of actions in one transaction. */
const MAX_TRANSACTION_ACTIONS = 100;

interface Completion {
  claim: IdempotencyClaim;
  response: (outcome: RegistrationOutcome) => StoredResponse;
}

/** A registration waiting for its batch, with its request's deadline and its answer. */
interface Queued {
  input: NewRegistration;
  completion?: Completion;
  deadline: number;
  /** Batches it was in that were refused without showing why. */
  rounds: number;
  /**
   * Refused because others joined or left the list meanwhile (other functions, in Lambda): from
   * then on it joins without counting on the number waiting, and its position is read after.
   */
  contended: boolean;
  resolve(outcome: RegistrationOutcome): void;
  reject(error: unknown): void;
}

/** The actions a registration adds to a batch's transaction (the counter is counted once). */
const actionsOf = (kind: 'free' | 'waiting', queued: Queued) =>
  (kind === 'free' ? 4 : 5) + (queued.completion ? 1 : 0);

/** Removes and returns, in order, the queued registrations that `pick` takes. */
function take(queue: Queued[], pick: (queued: Queued) => boolean): Queued[] {
  const taken: Queued[] = [];
  const left: Queued[] = [];
  for (const queued of queue) (pick(queued) ? taken : left).push(queued);
  queue.splice(0, queue.length, ...left);
  return taken;
}

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

  /** Per edition, the registrations waiting for a place in a batch, oldest first. */
  const queues = new Map<number, Queued[]>();

  /**
   * Confirms when a seat is free and nobody waits, otherwise joins the waiting list at a position
   * known when it commits. The optional idempotency completion commits in the same transaction as
   * the registration, with the whole answer.
   *
   * The registrations of an edition that one process serves at the same time are written in
   * batches, one transaction at a time (in Lambda, one request per instance: a batch of one):
   * the registrations that came while a transaction was under way go together in the next one.
   */
  function register(input: NewRegistration, completion?: Completion): Promise<RegistrationOutcome> {
    return new Promise((resolve, reject) => {
      const queue = queues.get(input.year);
      const queued: Queued = {
        input,
        ...(completion ? { completion } : {}),
        deadline: deadlineFrom(),
        rounds: 0,
        contended: false,
        resolve,
        reject,
      };
      if (queue) {
        queue.push(queued);
        return;
      }
      queues.set(input.year, [queued]);
      void writeBatches(input.year);
    });
  }

  /** Writes the queued registrations of an edition, batch after batch, until none are left. */
  async function writeBatches(year: number): Promise<void> {
    const queue = queues.get(year) ?? [];
    while (queue.length > 0) {
      const now = Date.now();
      for (const late of queue.filter((queued) => queued.deadline <= now))
        late.reject(unavailable());
      const waiting = queue.filter((queued) => queued.deadline > now);
      queue.splice(0, queue.length, ...waiting);
      const head = queue[0];
      if (!head) break;
      try {
        // The batch's calls honour the deadline of its most pressed registration.
        await withRequestDeadline(head.deadline - Date.now(), () => writeOneBatch(year, queue));
      } catch (error) {
        // The counter could not be read (a 503 after the retries): the oldest gets the error,
        // the next tries again.
        if (queue[0] === head) queue.shift();
        head.reject(error);
      }
    }
    queues.delete(year);
  }

  /** Takes the next batch from the queue and tries its transaction once (with retries). */
  async function writeOneBatch(year: number, queue: Queued[]): Promise<void> {
    const limit = queue[0]?.input.waitlistLimit;
    let seats = lastSeen.get(year);
    if (seats === undefined || seats.kind === 'list-full') {
      const counts = await readCounter(year);
      if (!counts) {
        throw new Error(`No seat counter for edition ${year}: publish the edition first.`);
      }
      seats = seatsOf(counts, limit);
      lastSeen.set(year, seats);
      if (seats.kind === 'list-full') {
        // Fresh: everyone queued with this limit is refused.
        for (const queued of take(queue, (candidate) => candidate.input.waitlistLimit === limit))
          queued.reject(new WaitlistFullError('The waiting list is full.'));
        return;
      }
    }
    const room =
      seats.kind === 'free'
        ? seats.capacity - seats.confirmed
        : limit === undefined
          ? Number.POSITIVE_INFINITY
          : limit - seats.waitlisted;
    if (room <= 0) {
      // What it knew was for another limit: read again.
      lastSeen.delete(year);
      return;
    }
    const batch = takeBatch(queue, limit, room, seats.kind);
    const built = buildBatch(year, batch, seats);
    const token = randomUUID();
    try {
      await withRetries(() =>
        client.send(
          new TransactWriteCommand({ TransactItems: built.items, ClientRequestToken: token }),
        ),
      );
    } catch (error) {
      const reasons = cancellationCodes(error);
      if (reasons.length === 0) {
        // Nothing written: the batch's registrations get the error (a 503 after the retries).
        for (const queued of batch) queued.reject(error);
        return;
      }
      const retry: Queued[] = [];
      const failed = (at: number) => reasons[at] === 'ConditionalCheckFailed';
      // An address taken by this very registration: an attempt that timed out committed after
      // all (a database that froze and came back). Not a duplicate: the client's retry with its
      // Idempotency-Key gets the stored answer.
      const ownCommit = await Promise.all(
        built.members.map((member, index) =>
          failed(member.claimIndex)
            ? reads
                .getRegistration(year, (batch[index] as Queued).input.id, true)
                .then(Boolean, () => false)
            : false,
        ),
      );
      built.members.forEach((member, index) => {
        const queued = batch[index] as Queued;
        if (failed(member.claimIndex)) {
          queued.reject(
            ownCommit[index]
              ? unavailable()
              : new AlreadyRegisteredError(
                  'This email address is already registered for this edition.',
                ),
          );
        } else if (member.ownIndexes.some(failed)) {
          // One of its own items refused (its Idempotency-Key no longer in flight): it alone
          // gives up, as it would on its own; the others go again.
          queued.reject(unavailable());
        } else retry.push(queued);
      });
      // Refused by the counter, which showed itself: seats gone, overtaken, or someone left.
      // What it showed is as fresh as a read: the next batch goes on it at once.
      const found = conditionFailureItem(error, built.counterIndex);
      if (found) {
        tickets.seen(year, Number(found.waitTicket ?? 0));
        const seen = seatsOf(seatCountsOf(found), limit);
        if (seats.kind === 'waiting' && seen.kind === 'waiting')
          for (const queued of retry) queued.contended = true;
        lastSeen.set(year, seen);
        if (seen.kind === 'list-full') {
          for (const queued of retry)
            queued.reject(new WaitlistFullError('The waiting list is full.'));
          return;
        }
      } else if (retry.length === batch.length) {
        // Refused without showing why: read the counter again, after a pause.
        lastSeen.delete(year);
        for (const queued of retry) queued.rounds += 1;
        const round = Math.max(...retry.map((queued) => queued.rounds));
        queue.unshift(...retry);
        await waitBeforeNextRound(round, queue[0]?.deadline ?? Date.now());
        return;
      }
      queue.unshift(...retry);
      return;
    }
    if (built.after) lastSeen.set(year, built.after);
    else lastSeen.delete(year);
    events.committed(built.members.map((member) => member.event));
    mails.committed(built.members.map((member) => member.mail));
    for (const [index, member] of built.members.entries()) batch[index]?.resolve(member.outcome);
  }

  /**
   * The next batch, oldest first: registrations with the same waiting-list limit, distinct
   * addresses, as many as there is room for (seats, or places on the list) and as fit in one
   * transaction.
   */
  function takeBatch(
    queue: Queued[],
    limit: number | undefined,
    room: number,
    kind: 'free' | 'waiting',
  ): Queued[] {
    const addresses = new Set<string>();
    let actions = 1;
    let count = 0;
    return take(queue, (queued) => {
      const size = actionsOf(kind, queued);
      if (
        count >= room ||
        actions + size > MAX_TRANSACTION_ACTIONS ||
        queued.input.waitlistLimit !== limit ||
        addresses.has(queued.input.emailKey)
      )
        return false;
      addresses.add(queued.input.emailKey);
      actions += size;
      count += 1;
      return true;
    });
  }

  /**
   * One transaction for a batch: each registration's items, and the counter once, where a single
   * registration has it (after its registration, claim and entry): a batch of one is what one
   * registration always wrote.
   */
  function buildBatch(year: number, batch: Queued[], seats: Exclude<Seats, { kind: 'list-full' }>) {
    const proposed =
      seats.kind === 'waiting' ? batch.map(() => tickets.propose(year)) : ([] as number[]);
    // Counting on the number waiting pays while this function is alone in changing the list.
    const counted = seats.kind === 'waiting' && !batch.some((queued) => queued.contended);
    const members = batch.map((queued, index) => {
      const { input } = queued;
      const waitTicket = proposed[index] ?? 0;
      const outcome: RegistrationOutcome =
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
      const mail = queuedMail(outcome.status, input.year, input.id, input.now);
      const own = [
        {
          Put: {
            TableName: tableName,
            Item: registrationItem(input, outcome),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: emailClaimItem(input),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(outcome.status === 'waitlisted'
          ? [
              {
                Put: {
                  TableName: tableName,
                  Item: waitlistEntryItem(input, outcome.waitTicket),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]
          : []),
      ];
      const rest = [
        ...(queued.completion
          ? [
              {
                Update: idempotencyCompletion(
                  tableName,
                  queued.completion.claim,
                  queued.completion.response(outcome),
                  true,
                ),
              },
            ]
          : []),
        outbox(event),
        mailbox(mail),
      ];
      return { own, rest, outcome, event, mail };
    });
    const count = batch.length;
    const counterChange =
      seats.kind === 'free'
        ? seatChange.takeSeats(year, count, seats.capacity)
        : seatChange.joinWaitlist(year, {
            ...(counted ? { waiting: seats.waitlisted } : {}),
            count,
            firstTicket: proposed[0] ?? 0,
            lastTicket: proposed.at(-1) ?? 0,
            waitlistLimit: batch[0]?.input.waitlistLimit,
          });
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
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
        const seen = lastSeen.get(year);
        if (seatFreed && seen?.kind === 'free')
          lastSeen.set(year, { ...seen, confirmed: Math.max(0, seen.confirmed - 1) });
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
