import type { SeatCounts } from '#shared/registration/rules.ts';
import type { MailSink } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import { waitlistSk } from '../table/keys.ts';
import { backoffDelay, deadlineFrom, sleep, unavailable } from '../table/retry.ts';
import { turnsByKey } from '../table/turns.ts';
import type { EventSink } from '../webhooks/event-outbox.ts';
import { cancellations } from './cancel.ts';
import { promotedRecord, promotionItems } from './cancel-items.ts';
import { commitGroup } from './group-commit.ts';
import type { IdempotencyClaim } from './idempotency-store.ts';
import { registrations } from './register.ts';
import {
  type NewRegistration,
  type Placement,
  type RegistrationRecord,
  waitTicketOf,
} from './registration-items.ts';
import type { createRegistrationReads } from './registration-reads.ts';
import { type createSeatCounter, type Seats, seatChanges } from './seat-counter.ts';
import { type WaitTickets, waitTickets } from './wait-tickets.ts';

/**
 * The changes of a registration's status: each one `TransactWriteItems` that writes the
 * registration's items, changes the seat counter on its condition (seat-counter.ts), puts the
 * webhook event in the outbox (webhooks/event-outbox.ts) and the attendee's message in the mail outbox
 * (mail-outbox.ts): a registration never exists without its message.
 *
 * | access pattern       | operation                                                             |
 * |----------------------|-----------------------------------------------------------------------|
 * | register (seat free) | put registration + email claim, take a seat (confirmed+n if that many are free and nobody waits) |
 * | register (full)      | put registration + email claim + WAIT#<ticket>, join the waiting list (waitlisted+n if full and exactly the known number wait, waitTicket = the last ticket if the first is above it) |
 * | cancel               | erase personal data, delete the email claim, and either leave the waiting list (was waiting), free the seat (nobody waits) or promote the oldest WAIT# entry to it |
 * | fill free seats      | promote the oldest WAIT# entry while a seat is free (after a capacity increase) |
 *
 * The modules in registrations/: group-commit.ts collects the requests of an edition that one
 * process serves at the same time and commits them in one transaction, the seat counter changed
 * once (in Lambda, one request per instance: a group of one); register.ts and cancel.ts write
 * registrations and cancellations so, from the items register-items.ts and cancel-items.ts build
 * without I/O.
 *
 * A registration costs one call: the transaction. What the counter holds is known from the
 * process's last transaction on it or from the counter a refused condition returns
 * (ReturnValuesOnConditionCheckFailure); only a process that knows nothing yet reads it, once for
 * all its concurrent registrations. A cancellation costs the read of the registration (which the
 * caller usually has) and the transaction; its group looks for the heads of the waiting list only
 * when someone may wait.
 *
 * Each transaction has its own ClientRequestToken (the same on every retry of that transaction:
 * one that timed out after committing succeeds again instead of failing its own conditions). A
 * group that lost a race tries again on what the refusal showed, or reads again, until the
 * request's deadline.
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

/** What an organizer's promotion of one waiting registration ended as. */
export type PromoteOutcome =
  | { result: 'promoted'; record: RegistrationRecord }
  | { result: 'not-waiting' | 'no-seat'; record: RegistrationRecord }
  | { result: 'unknown' };

export interface RegistrationTransactionDependencies extends TableAccess {
  /** Told about the webhook events each committed change wrote to the outbox. */
  events: EventSink;
  /** Told about the attendee messages each committed change wrote to the mail outbox. */
  mails: MailSink;
  counter: Pick<ReturnType<typeof createSeatCounter>, 'getSeatCounts'>;
  reads: Pick<
    ReturnType<typeof createRegistrationReads>,
    'getRegistration' | 'waitlistHead' | 'waitlistHeads'
  >;
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
  /**
   * What this process last knew of each edition's counter: seats free, or full with exactly
   * `waitlisted` people waiting (as its last join committed it, or a refusal showed it). It only
   * saves reads: the conditions in the transaction decide, and a refusal corrects it.
   */
  const lastSeen = new Map<number, Seats>();
  /** Concurrent registrations of an edition that know nothing share one read of the counter. */
  const counterReads = new Map<number, Promise<SeatCounts | undefined>>();

  function readCounter(year: number): Promise<SeatCounts | undefined> {
    const pending = counterReads.get(year);
    if (pending) return pending;
    const read = counter.getSeatCounts(year, true).finally(() => counterReads.delete(year));
    counterReads.set(year, read);
    return read;
  }

  const table = { client, tableName };
  // Registrations and cancellations of an edition take turns: one transaction on its counter at
  // a time in this process, instead of failing each other's conditions.
  const turns = turnsByKey<number>();
  const submitRegistration = registrations({
    ...table,
    events,
    mails,
    reads,
    tickets,
    lastSeen,
    readCounter,
    turns,
  });

  /**
   * Confirms when a seat is free and nobody waits, otherwise joins the waiting list at a position
   * known when it commits. The optional Idempotency-Key claim is completed in the same transaction
   * as the registration, with its outcome.
   */
  function register(input: NewRegistration, claim?: IdempotencyClaim): Promise<Placement> {
    return submitRegistration(input.year, {
      registration: input,
      ...(claim ? { claim } : {}),
      contended: false,
    });
  }

  const cancel = cancellations({ ...table, events, mails, reads, lastSeen, turns });

  /** Gives free seats (after a capacity increase) to the waiting list, oldest first. */
  async function fillFreeSeats(year: number, now: Date): Promise<number> {
    let promoted = 0;
    for (;;) {
      const counts = await counter.getSeatCounts(year, true);
      if (!counts || counts.confirmed >= counts.capacity || counts.waitlisted === 0)
        return promoted;
      const head = await reads.waitlistHead(year);
      if (!head) return promoted;
      const promotion = promotionItems(tableName, year, head, now);
      const { items } = promotion;
      // The counter between the promotion's own items and its event, as it always was.
      items.splice(2, 0, seatChanges(tableName).fillSeat(year));
      const result = await commitGroup(table, items);
      if (result.committed) {
        promoted += 1;
        events.committed(promotion.events);
        mails.committed(promotion.mails);
      }
    }
  }

  /**
   * An organizer moves this waiting registration to a free seat, out of the list's order: its
   * promotion's items and the counter's `fillSeat` (a seat free, someone waiting) in one
   * transaction. Refused by the counter: no seat is free, unless a read says one is (a race
   * with another change of the counter: again after a pause, until the request's deadline). Its
   * own items refused: it changed meanwhile, read again.
   */
  async function promote(year: number, id: string, now: Date): Promise<PromoteOutcome> {
    for (let attempt = 0; ; attempt++) {
      const record = await reads.getRegistration(year, id, true);
      if (!record) return { result: 'unknown' };
      if (record.status !== 'waitlisted') return { result: 'not-waiting', record };
      const head = { sk: waitlistSk(waitTicketOf(record)), registrationId: id };
      const promotion = promotionItems(tableName, year, head, now);
      const { items } = promotion;
      items.splice(2, 0, seatChanges(tableName).fillSeat(year));
      const result = await commitGroup(table, items);
      if (result.committed) {
        lastSeen.delete(year);
        events.committed(promotion.events);
        mails.committed(promotion.mails);
        return { result: 'promoted', record: promotedRecord(record, now) };
      }
      if (result.reasons[2] === 'ConditionalCheckFailed') {
        const counts = await counter.getSeatCounts(year, true);
        if (!counts || counts.confirmed >= counts.capacity) return { result: 'no-seat', record };
      }
      const delay = backoffDelay(attempt, 10, 250);
      if (Date.now() + delay >= deadlineFrom()) throw unavailable();
      await sleep(delay);
    }
  }

  return { register, cancel, fillFreeSeats, promote };
}
