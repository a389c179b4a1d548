import { AlreadyRegisteredError, ConflictError, WaitlistFullError } from '#shared/errors.ts';
import type { SeatCounts } from '#shared/registration/rules.ts';
import type { MailSink } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import { conditionFailureItem, unavailable } from '../table/retry.ts';
import type { EventSink } from '../webhooks/event-outbox.ts';
import {
  again,
  commitFor,
  groupCommit,
  MAX_TRANSACTION_ACTIONS,
  type Pending,
  type Turns,
  take,
} from './group-commit.ts';
import { type RegisterRequest, registerActions, registerBatchItems } from './register-items.ts';
import type { Placement } from './registration-items.ts';
import type { createRegistrationReads } from './registration-reads.ts';
import { type Seats, seatCountsOf, seatsOf } from './seat-counter.ts';
import type { WaitTickets } from './wait-tickets.ts';

type Queued = Pending<RegisterRequest, Placement>;

export interface RegisterDependencies extends TableAccess {
  events: EventSink;
  mails: MailSink;
  reads: Pick<ReturnType<typeof createRegistrationReads>, 'getRegistration'>;
  tickets: WaitTickets;
  /** What this process last knew of each edition's counter (shared with cancellations). */
  lastSeen: Map<number, Seats>;
  /** The counter, read once for all concurrent requests of an edition. */
  readCounter: (year: number) => Promise<SeatCounts | undefined>;
  /** Shared with cancellations: one transaction on an edition's counter at a time. */
  turns: Turns<number>;
}

/**
 * Registrations in batches (group-commit.ts): the registrations of an edition that one process
 * serves at the same time go into one transaction (up to DynamoDB's 100 actions), the counter
 * changed once by their number; a refusal of an address rejects that registration and the others
 * go again.
 */
export function registrations({
  client,
  tableName,
  events,
  mails,
  reads,
  tickets,
  lastSeen,
  readCounter,
  turns,
}: RegisterDependencies) {
  const listFull = () => new WaitlistFullError('The waiting list is full.');
  const statusRefused = (kind: Seats['kind']) =>
    new ConflictError(
      kind === 'free'
        ? 'A seat is free: this registration would be confirmed, not waitlisted (leave out status).'
        : 'No seat is free: raise the capacity first (PUT /admin/editions/{year}/capacity), or leave out status.',
      'status',
    );
  /** Whether a queued registration requires another status than these seats give it. */
  const refusesSeats = (queued: Queued, kind: Seats['kind']) => {
    const { require } = queued.input.registration;
    return (
      require !== undefined &&
      (kind === 'free' ? require !== 'confirmed' : require !== 'waitlisted')
    );
  };

  /** Takes the next batch from the queue and tries its transaction once (with retries). */
  async function writeOneBatch(year: number, queue: Queued[]): Promise<void> {
    const limit = queue[0]?.input.registration.waitlistLimit;
    const sameLimit = (queued: Queued) => queued.input.registration.waitlistLimit === limit;
    let seats = lastSeen.get(year);
    // A required status is judged on a fresh read only: what this process knew may be stale.
    const judging = queue.some((queued) => queued.input.registration.require !== undefined);
    if (seats === undefined || seats.kind === 'list-full' || judging) {
      const counts = await readCounter(year);
      if (!counts) {
        throw new Error(`No seat counter for edition ${year}: publish the edition first.`);
      }
      seats = seatsOf(counts, limit);
      lastSeen.set(year, seats);
      if (seats.kind === 'list-full') {
        // Fresh: everyone queued with this limit is refused.
        for (const queued of take(queue, sameLimit))
          queued.reject(
            queued.input.registration.require === 'confirmed'
              ? statusRefused('waiting')
              : listFull(),
          );
        return;
      }
      const kind = seats.kind;
      for (const queued of take(queue, (one) => refusesSeats(one, kind)))
        queued.reject(statusRefused(kind));
      if (queue.length === 0) return;
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
    const proposed = seats.kind === 'waiting' ? batch.map(() => tickets.propose(year)) : [];
    // Counting on the number waiting pays while this function is alone in changing the list.
    const counted = seats.kind === 'waiting' && !batch.some((queued) => queued.input.contended);
    const built = registerBatchItems(
      tableName,
      year,
      batch.map((queued) => queued.input),
      seats,
      proposed,
      counted,
    );
    const result = await commitFor({ client }, built.items, batch);
    if (!result) return;
    if (!result.committed) {
      const { error, reasons } = result;
      const retry: Queued[] = [];
      const failed = (at: number) => reasons[at] === 'ConditionalCheckFailed';
      // An address taken by this very registration: an attempt that timed out committed after
      // all (a database that froze and came back). Not a duplicate: the client's retry with its
      // Idempotency-Key gets the stored answer.
      const ownCommit = await Promise.all(
        built.members.map((member, index) =>
          failed(member.claimIndex)
            ? reads
                .getRegistration(year, (batch[index] as Queued).input.registration.id, true)
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
          for (const queued of retry) queued.input.contended = true;
        lastSeen.set(year, seen);
        if (seen.kind === 'list-full') {
          for (const queued of retry) queued.reject(listFull());
          return;
        }
      } else if (retry.length === batch.length) {
        // Refused without showing why: read the counter again, after a pause.
        lastSeen.delete(year);
        await again(queue, retry);
        return;
      }
      queue.unshift(...retry);
      return;
    }
    if (built.after) lastSeen.set(year, built.after);
    else lastSeen.delete(year);
    events.committed(built.members.map((member) => member.event));
    mails.committed(built.members.flatMap((member) => (member.mail ? [member.mail] : [])));
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
      const size = registerActions(kind, queued.input);
      const { registration } = queued.input;
      if (
        count >= room ||
        actions + size > MAX_TRANSACTION_ACTIONS ||
        registration.waitlistLimit !== limit ||
        addresses.has(registration.emailKey)
      )
        return false;
      addresses.add(registration.emailKey);
      actions += size;
      count += 1;
      return true;
    });
  }

  return groupCommit(writeOneBatch, turns);
}
