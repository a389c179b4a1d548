import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '../table/client.ts';
import {
  backoffDelay,
  cancellationCodes,
  deadlineFrom,
  sleep,
  unavailable,
  withRequestDeadline,
} from '../table/retry.ts';
import { turnsByKey } from '../table/turns.ts';

/** Turns per key (turns.ts): group commits that share them write one transaction at a time. */
export type Turns<Key> = ReturnType<typeof turnsByKey<Key>>;

/**
 * Group commit: the requests of one key (an edition) that one process serves at the same time are
 * collected and written together, one transaction per group, one group at a time per key. The
 * requests that came while a transaction was under way go together in the next one. In Lambda an
 * instance serves one request at a time, so a group holds one request; the local server, which
 * serves a whole burst in one process, writes it in a few dozen transactions instead of hundreds.
 *
 * Registrations (register.ts) and cancellations (cancel.ts) each bring their `writeGroup`: it
 * takes the next group from the queue, builds its transaction (a shared item, the seat counter,
 * changed once for the whole group) and settles each request. When the transaction is refused on
 * a condition, `blame` says which requests' own items were refused, and those fall back to what
 * one request alone would do (a registration whose address is taken is refused; a cancellation
 * whose registration changed is read again, and goes in a group of one if refused again); the
 * others go again in the next group. Group commits that share their turns (registrations and
 * cancellations of an edition, both changing its seat counter) write one transaction at a time.
 */

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** DynamoDB's limit of actions in one transaction. */
export const MAX_TRANSACTION_ACTIONS = 100;

/** A request waiting for its group, with its request's deadline and its answer. */
export interface Pending<Input, Result> {
  input: Input;
  deadline: number;
  /** Groups it was in that were refused without showing why. */
  rounds: number;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Collects the requests per key and runs `writeGroup` on the queue, one call at a time (in turn
 * with the other group commits that share `inTurn`), until the queue is empty. `writeGroup`
 * removes what it settles and puts back what goes again; requests past their deadline get a 503.
 * An error `writeGroup` throws goes to the oldest request.
 */
export function groupCommit<Key, Input, Result>(
  writeGroup: (key: Key, queue: Pending<Input, Result>[]) => Promise<void>,
  inTurn: Turns<Key> = turnsByKey<Key>(),
) {
  const queues = new Map<Key, Pending<Input, Result>[]>();

  async function drain(key: Key, queue: Pending<Input, Result>[]): Promise<void> {
    while (queue.length > 0) {
      await inTurn(key, async () => {
        const now = Date.now();
        for (const late of take(queue, (pending) => pending.deadline <= now))
          late.reject(unavailable());
        const head = queue[0];
        if (!head) return;
        try {
          // The group's calls honour the deadline of its most pressed request.
          await withRequestDeadline(head.deadline - Date.now(), () => writeGroup(key, queue));
        } catch (error) {
          if (queue[0] === head) queue.shift();
          head.reject(error);
        }
      });
    }
    queues.delete(key);
  }

  return function submit(key: Key, input: Input): Promise<Result> {
    return new Promise((resolve, reject) => {
      const pending: Pending<Input, Result> = {
        input,
        deadline: deadlineFrom(),
        rounds: 0,
        resolve,
        reject,
      };
      const queue = queues.get(key);
      if (queue) {
        queue.push(pending);
        return;
      }
      const fresh = [pending];
      queues.set(key, fresh);
      void drain(key, fresh);
    });
  };
}

/** Removes and returns, in order, the queued requests that `pick` takes. */
export function take<T>(queue: T[], pick: (queued: T) => boolean): T[] {
  const taken: T[] = [];
  const left: T[] = [];
  for (const queued of queue) (pick(queued) ? taken : left).push(queued);
  queue.splice(0, queue.length, ...left);
  return taken;
}

/**
 * Commits one group's transaction, with its own ClientRequestToken (the same on every retry: one
 * that timed out after committing succeeds again instead of failing its own conditions). Returns
 * the cancellation reasons of a refusal; any other error (a 503 after the retries) is thrown.
 */
export async function commitGroup(
  { client }: Pick<TableAccess, 'client'>,
  items: TransactItems,
): Promise<
  { committed: true } | { committed: false; error: unknown; reasons: (string | undefined)[] }
> {
  const token = randomUUID();
  try {
    await client.send(
      new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }),
    );
    return { committed: true };
  } catch (error) {
    const reasons = cancellationCodes(error);
    if (reasons.length === 0) throw error;
    return { committed: false, error, reasons };
  }
}

/**
 * `commitGroup` for a group of requests: when nothing was written (a 503 after the retries), every
 * request of the group gets the error, and the answer is undefined.
 */
export function commitFor<Input, Result>(
  table: Pick<TableAccess, 'client'>,
  items: TransactItems,
  group: Pending<Input, Result>[],
) {
  return commitGroup(table, items).catch((error: unknown) => {
    for (const pending of group) pending.reject(error);
    return undefined;
  });
}

/**
 * Which members of a refused group had one of their own items refused on a condition (by the
 * indexes of their actions in the transaction): those fall back to going alone.
 */
export function blame(reasons: (string | undefined)[], own: number[][]): boolean[] {
  return own.map((indexes) => indexes.some((at) => reasons[at] === 'ConditionalCheckFailed'));
}

/**
 * Requests whose group lost a race go again at the front of the queue after a jittered backoff
 * (their most tried one's), so that groups competing for the same items spread out instead of
 * colliding again at once.
 */
export async function again<Input, Result>(
  queue: Pending<Input, Result>[],
  retry: Pending<Input, Result>[],
): Promise<void> {
  for (const pending of retry) pending.rounds += 1;
  queue.unshift(...retry);
  const round = Math.max(0, ...retry.map((pending) => pending.rounds));
  await waitBeforeNextRound(round, queue[0]?.deadline ?? Date.now());
}

/** A jittered pause before the next round, or a 503 if it would outlast the deadline. */
async function waitBeforeNextRound(round: number, deadline: number): Promise<void> {
  const delay = backoffDelay(round, 10, 250);
  if (Date.now() + delay >= deadline) throw unavailable();
  await sleep(delay);
}
