import type { MailSink } from '../mail/mail-outbox.ts';
import type { TableAccess } from '../table/client.ts';
import type { EventSink } from '../webhooks/event-outbox.ts';
import {
  cancelActions,
  cancelGroupItems,
  cancelledRecord,
  PROMOTION_ACTIONS,
  promotedRecord,
  seatsAfter,
  type WaitlistHead,
} from './cancel-items.ts';
import {
  again,
  blame,
  commitFor,
  groupCommit,
  MAX_TRANSACTION_ACTIONS,
  type Pending,
  type Turns,
  take,
} from './group-commit.ts';
import type { RegistrationRecord } from './registration-items.ts';
import type { createRegistrationReads } from './registration-reads.ts';
import type { Seats } from './seat-counter.ts';

/** A cancellation as it waits for its group. */
interface CancelRequest {
  id: string;
  now: Date;
  /** The registration as read; none until it is read (consistently). */
  known?: RegistrationRecord;
  /** `known` is from a consistent read made for its group. */
  fresh: boolean;
  /** Its own items were refused on a fresh read too: it goes alone. */
  alone: boolean;
  /** No cancellation message to the person (an organizer's choice). */
  quiet: boolean;
}

type Queued = Pending<CancelRequest, RegistrationRecord | undefined>;

export interface CancelDependencies extends TableAccess {
  events: EventSink;
  mails: MailSink;
  reads: Pick<ReturnType<typeof createRegistrationReads>, 'getRegistration' | 'waitlistHeads'>;
  /** What this process last knew of each edition's counter (shared with registrations). */
  lastSeen: Map<number, Seats>;
  /** Shared with registrations: one transaction on an edition's counter at a time. */
  turns: Turns<number>;
}

/** How long a cancellation this process committed answers its repeats without a read. */
const RECENT_MS = 60_000;
const RECENT_MAX = 10_000;
/**
 * The most actions in a group of cancellations: half of DynamoDB's 100, as DynamoDB Local writes
 * as many items a second in transactions of 50 as of 100, and a busy one takes the time of a
 * request's timeout (client.ts) for 100.
 */
const GROUP_ACTIONS = MAX_TRANSACTION_ACTIONS / 2;
/** The most actions a cancellation adds: its own, and a promotion. */
const MOST_ACTIONS = 5 + PROMOTION_ACTIONS;

/**
 * Cancellations in groups (group-commit.ts), as registrations are: the cancellations of an
 * edition that one process serves at the same time go into one transaction with the promotions
 * they cause (the heads of the waiting list, oldest first), the seat counter changed once. A
 * cancellation whose own item is refused (its status changed meanwhile) goes again alone, on a
 * consistent read; the others go again in the next group. A repeat of a cancellation under way
 * waits for it and answers the same.
 */
export function cancellations({
  client,
  tableName,
  events,
  mails,
  reads,
  lastSeen,
  turns,
}: CancelDependencies) {
  /** Cancellations under way, by edition and id: a repeat gets the same answer. */
  const underWay = new Map<string, Promise<RegistrationRecord | undefined>>();
  /** Cancellations this process committed lately: a repeat read before the commit is stale. */
  const recent = new Map<string, { record: RegistrationRecord; at: number }>();

  function remember(record: RegistrationRecord): void {
    const now = Date.now();
    recent.set(`${record.year}#${record.id}`, { record, at: now });
    for (const [key, entry] of recent) {
      if (entry.at > now - RECENT_MS && recent.size <= RECENT_MAX) break;
      recent.delete(key);
    }
  }

  /**
   * The next group: distinct registrations, oldest first, as many as fit one transaction (one not
   * read yet counts as the most a cancellation can add). One refused twice goes alone.
   */
  function takeGroup(queue: Queued[]): Queued[] {
    if (queue[0]?.input.alone) return queue.splice(0, 1);
    const ids = new Set<string>();
    let actions = 1;
    return take(queue, ({ input }) => {
      if (input.alone || ids.has(input.id)) return false;
      const size = input.known
        ? cancelActions(input.known) + (input.known.status === 'confirmed' ? PROMOTION_ACTIONS : 0)
        : MOST_ACTIONS;
      if (actions + size > GROUP_ACTIONS) return false;
      ids.add(input.id);
      actions += size;
      return true;
    });
  }

  /** The heads of the waiting list for `seats` seats, none of them cancelling in this group. */
  async function headsFor(
    year: number,
    group: RegistrationRecord[],
    seats: number,
  ): Promise<WaitlistHead[]> {
    if (seats === 0) return [];
    const waiting = group.filter((record) => record.status === 'waitlisted');
    // Nobody waited when this process last looked: free the seats without looking (the counter's
    // condition checks that nobody waits; if someone does, the next round looks).
    const seen = lastSeen.get(year);
    const nobodyWaits =
      waiting.length === 0 &&
      (seen?.kind === 'free' || (seen?.kind === 'waiting' && seen.waitlisted === 0));
    if (nobodyWaits) return [];
    const ids = new Set(group.map((record) => record.id));
    const entries = await reads.waitlistHeads(year, seats + waiting.length);
    return entries.filter((entry) => !ids.has(entry.registrationId)).slice(0, seats);
  }

  /** Takes the next group from the queue and tries its transaction once (with retries). */
  async function writeOneGroup(year: number, queue: Queued[]): Promise<void> {
    const taken = takeGroup(queue);
    // What was not read yet, or must be read again, is read consistently.
    const records = await Promise.all(
      taken.map(({ input }) => input.known ?? reads.getRegistration(year, input.id, true)),
    );
    const group: Queued[] = [];
    taken.forEach((queued, index) => {
      const record = records[index];
      // Gone, or cancelled already (a repeat): nothing to write, the answer is what is stored.
      if (!record || record.status === 'cancelled') queued.resolve(record);
      else {
        if (!queued.input.known) queued.input.fresh = true;
        queued.input.known = record;
        group.push(queued);
      }
    });
    if (group.length === 0) return;
    const current = group.map((queued) => queued.input.known as RegistrationRecord);
    const seats = current.filter((record) => record.status === 'confirmed').length;
    const heads = await headsFor(year, current, seats);
    const built = cancelGroupItems(
      tableName,
      year,
      group.map((queued) => ({
        current: queued.input.known as RegistrationRecord,
        now: queued.input.now,
        quiet: queued.input.quiet,
      })),
      heads,
    );
    const result = await commitFor({ client }, built.items, group);
    if (!result) return;
    if (!result.committed) {
      // Someone else changed a registration, the head of the list or the counter.
      lastSeen.delete(year);
      // A cancellation whose registration changed is read again (consistently) and goes again;
      // refused on a fresh read too, it goes alone. The others go again at once.
      const refused = blame(result.reasons, built.own);
      group.forEach(({ input }, index) => {
        if (!refused[index]) return;
        if (input.fresh) input.alone = true;
        delete input.known;
        input.fresh = false;
      });
      if (group.length > 1 && refused.some(Boolean)) {
        queue.unshift(...group);
        return;
      }
      // Refused by the head of the list or the counter (or alone): after a pause.
      await again(queue, group);
      return;
    }
    const after = seatsAfter(lastSeen.get(year), built);
    if (after) lastSeen.set(year, after);
    else lastSeen.delete(year);
    events.committed(built.events);
    mails.committed(built.mails);
    // Someone promoted here who is about to cancel too cancels a confirmed seat now.
    for (const { head, now } of built.promotions) {
      for (const { input } of queue) {
        if (input.id === head.registrationId && input.known?.status === 'waitlisted')
          input.known = promotedRecord(input.known, now);
      }
    }
    for (const queued of group) {
      const record = cancelledRecord(queued.input.known as RegistrationRecord, queued.input.now);
      remember(record);
      queued.resolve(record);
    }
  }

  const submit = groupCommit(writeOneGroup, turns);

  /**
   * Cancels and erases name, email and affiliation. A confirmed seat goes to the oldest waiting
   * registration in the same transaction. Cancelling twice is a no-op that answers the same.
   * `known` is the registration as the caller just read it: if it is stale, the transaction's
   * condition on the status fails and the cancellation goes again on a consistent read. `quiet`:
   * no cancellation message (organizers cancelling spam); a promotion it causes is mailed.
   */
  function cancel(
    year: number,
    id: string,
    now: Date,
    known?: RegistrationRecord,
    options: { quiet?: boolean } = {},
  ): Promise<RegistrationRecord | undefined> {
    if (known?.status === 'cancelled') return Promise.resolve(known);
    const key = `${year}#${id}`;
    const done = recent.get(key);
    if (done && done.at > Date.now() - RECENT_MS) return Promise.resolve(done.record);
    const pending = underWay.get(key);
    if (pending) return pending;
    const cancelling = submit(year, {
      id,
      now,
      ...(known ? { known } : {}),
      fresh: false,
      alone: false,
      quiet: options.quiet ?? false,
    }).finally(() => {
      if (underWay.get(key) === cancelling) underWay.delete(key);
    });
    underWay.set(key, cancelling);
    return cancelling;
  }

  return cancel;
}
