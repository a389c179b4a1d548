import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type DroppedDelay, staleDelays } from '#shared/agenda/delay-slots.ts';
import { applyDelay, type Delay } from '#shared/agenda/live.ts';
import { isDeepStrictEqual } from '#shared/deep-equal.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import { newEvent, type WebhookEvent } from '#shared/events.ts';
import type { TableAccess } from '../table/client.ts';
import { LIVE_SK, livePk } from '../table/keys.ts';
import {
  backoffDelay,
  cancellationCodes,
  conditionFailureItem,
  deadlineFrom,
  isTransient,
  sleep,
  unavailable,
  withRequestDeadline,
} from '../table/retry.ts';
import { type EventSink, eventPutItem } from '../webhooks/event-outbox.ts';
import { type AuditEntry, auditItem } from './agenda-store.ts';
import { headKey } from './edition-head.ts';
import { createLiveReader, type LiveLayer } from './live-reader.ts';

/**
 * The workshop day's live layer: one item per edition with the delays in force (one a slot, at
 * most MAX_ACTIVE_DELAYS, so the item stays far below DynamoDB's 400 KB) and a version that counts
 * every delay set. It is not a release: the released times stay as they are. The history of the
 * delays is the audit trail, written in the same transaction as each one. The transaction also
 * sets `liveVersion` on the edition head (editions/edition-head.ts), the item the public read path
 * checks within its staleness bound (published-editions.ts): the content version it keys its
 * caches on is the edition's version and the live one together, so a delay is public within
 * that bound.
 *
 * | entity | pk          | sk   |
 * |--------|-------------|------|
 * | live   | LIVE#<year> | LIVE |
 *
 * | access pattern | operation                                                                  |
 * |----------------|----------------------------------------------------------------------------|
 * | read the layer | GetItem, consistent (live-reader.ts)                                       |
 * | set delays     | TransactWriteItems: Put LIVE if the version is unchanged, Update the       |
 * |                | head's liveVersion, per delay Put its event and its audit entry if         |
 * |                | absent (up to MAX_BATCH delays merged in one write)                        |
 * | at a release   | GetItem, consistent; stale delays cleared as above (reconcileLiveLayer)    |
 */

/** Concurrent delays are merged, not refused: each conflict re-reads, re-merges and writes again. */
const MAX_ATTEMPTS = 60;
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 500;

/** At most this many delays in one write: 2 + 2 × 25 actions, TransactWriteItems takes 100. */
const MAX_BATCH = 25;

/** The positions of the transaction's actions: the layer, the head, then event and audit. */
const LIVE_ACTION = 0;
const auditAction = (index: number) => 3 + 2 * index;

export interface DelayRecords {
  /** The `agenda.delayed` event of the version the delay makes. */
  event: (version: number) => WebhookEvent;
  /** The audit entry, given the delay this one replaces on its slot. */
  audit: (replaced: Delay | undefined) => AuditEntry;
  /**
   * Set the delay only while this one is in force on its slot, and otherwise leave the layer as
   * it is (`skipped`): a release clearing a stale delay leaves a delay set since alone.
   */
  expected?: Delay;
}

export interface DelaySet extends LiveLayer {
  /**
   * The event committed with the delay; absent when an attempt whose answer was lost (a timeout)
   * had committed it: it is in the outbox all the same.
   */
  event?: WebhookEvent;
  /** Nothing was written: the delay `expected` was no longer in force. */
  skipped?: true;
}

export type LiveStore = ReturnType<typeof createLiveStore>;

/** A delay waiting for the write that carries it, and its request waiting for the answer. */
interface Pending {
  delay: Delay;
  records: DelayRecords;
  /** The request's deadline (retry.ts). */
  deadline: number;
  /** Its audit entry's key: the same in every attempt. */
  auditKey?: { pk: string; sk: string };
  resolve: (set: DelaySet) => void;
  reject: (error: unknown) => void;
}

/** What one attempt writes for a delay of the batch. */
interface Accepted {
  pending: Pending;
  version: number;
  event: WebhookEvent;
  audit: ReturnType<typeof auditItem> & { liveVersion: number };
}

export function createLiveStore({ client, tableName }: TableAccess) {
  const key = (year: number) => ({ pk: livePk(year), sk: LIVE_SK });
  const reader = createLiveReader({ client, tableName });
  /** Per edition, the delays that arrived while a write was under way: the next batch. */
  const waiting = new Map<number, Pending[]>();

  /**
   * Sets a delay on the layer: it replaces the one in force on its slot, 0 minutes clears it
   * (applyDelay). Delays that arrive in one process while a write is under way are merged into
   * the next write, up to MAX_BATCH, instead of colliding with each other: each still gets its
   * own version, event and audit entry. Across processes (Lambda functions), a concurrent write
   * makes the conditional write fail: read again, merge again, write again after a full-jitter
   * wait, until the request's deadline (then 503 with Retry-After), never a 409.
   */
  function addDelay(year: number, delay: Delay, records: DelayRecords): Promise<DelaySet> {
    return new Promise((resolve, reject) => {
      const pending = { delay, records, deadline: deadlineFrom(), resolve, reject };
      const queue = waiting.get(year);
      if (queue) {
        queue.push(pending);
        return;
      }
      waiting.set(year, [pending]);
      void drain(year);
    });
  }

  async function drain(year: number) {
    for (let queue = waiting.get(year); queue?.length; queue = waiting.get(year)) {
      const batch = queue.splice(0, MAX_BATCH);
      const deadline = Math.max(...batch.map((pending) => pending.deadline));
      try {
        await withRequestDeadline(deadline - Date.now(), () => writeBatch(year, batch, deadline));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    waiting.delete(year);
  }

  /**
   * One transaction for the batch: the layer if its version is unchanged, the edition head's
   * liveVersion, and each delay's event and audit entry. The audit entries' keys stay the same
   * in every attempt and are written only if absent, so an attempt whose answer was lost but
   * which committed is found instead of applied twice. Settles every delay of the batch.
   */
  async function writeBatch(year: number, batch: Pending[], deadline: number) {
    let members = batch;
    for (let attempt = 1; ; attempt += 1) {
      const current = await reader.getLive(year, { consistent: true });
      let delays = current.delays;
      const accepted: Accepted[] = [];
      for (const pending of members) {
        const { expected } = pending.records;
        if (expected && !isDeepStrictEqual(inForce(delays, expected.from), expected)) {
          pending.resolve({ version: current.version, delays, skipped: true });
          continue;
        }
        try {
          const applied = applyDelay(delays, pending.delay);
          delays = applied.delays;
          const version = current.version + accepted.length + 1;
          const audit = auditItem(year, pending.records.audit(applied.replaced));
          pending.auditKey ??= { pk: audit.pk, sk: audit.sk };
          accepted.push({
            pending,
            version,
            event: pending.records.event(version),
            // The version too: an attempt found to have landed answers with it.
            audit: { ...audit, ...pending.auditKey, liveVersion: version },
          });
        } catch (error) {
          // Past the cap: refused on the layer as read, the others go on.
          pending.reject(error);
        }
      }
      members = accepted.map(({ pending }) => pending);
      const last = accepted.at(-1);
      if (!last) return;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...key(year),
                    entity: 'live',
                    version: last.version,
                    delays: JSON.stringify(delays),
                    updatedAt: last.pending.delay.setAt,
                  },
                  ConditionExpression:
                    current.version === 0 ? 'attribute_not_exists(pk)' : 'version = :previous',
                  ...(current.version === 0
                    ? {}
                    : { ExpressionAttributeValues: { ':previous': current.version } }),
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: headKey(year),
                  UpdateExpression: 'SET liveVersion = :version',
                  ExpressionAttributeValues: { ':version': last.version },
                },
              },
              ...accepted.flatMap(({ event, audit }) => [
                eventPutItem(tableName, event),
                {
                  Put: {
                    TableName: tableName,
                    Item: audit,
                    ConditionExpression: 'attribute_not_exists(pk)',
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                  },
                },
              ]),
            ],
          }),
        );
        for (const { pending, version, event } of accepted) {
          pending.resolve({ version, delays, event });
        }
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        const landed = accepted.map((_, index) => conditionFailureItem(error, auditAction(index)));
        if (landed.some((item) => item !== undefined)) {
          // An earlier attempt, whose answer was lost, committed the batch: its event is in the
          // outbox already, the version is the one its audit entry kept.
          const layer = await reader.getLive(year, { consistent: true });
          accepted.forEach(({ pending }, index) => {
            const version = Number(landed[index]?.liveVersion ?? layer.version);
            pending.resolve({ version, delays: layer.delays });
          });
          return;
        }
        if (isTooLarge(error, codes)) throw layerFull();
        const conflict = codes[LIVE_ACTION] === 'ConditionalCheckFailed';
        if (!conflict && !isTransient(error)) throw error;
        const wait = backoffDelay(attempt, BASE_DELAY_MS, MAX_DELAY_MS);
        if (attempt >= MAX_ATTEMPTS || Date.now() + wait >= deadline) throw unavailable(error);
        await sleep(wait);
      }
    }
  }

  return {
    getLive: reader.getLive,
    addDelay,
  };
}

/** The release that reconciles the layer: who made it, when, its number and name. */
export interface LayerRelease {
  number: number;
  /** Absent for a release of the edition file. */
  name?: string;
  who: string;
  at: Date;
}

/**
 * A release reconciles the live layer with its agenda: the delays in force whose `from` or
 * `until` slot it removed or moved to another day or time (staleDelays) are cleared, as a clear
 * posted by the organizer would be (a new version, an `agenda.delayed` event of 0 minutes), each
 * with an audit entry naming the release and why. A delay set on the slot since the layer was
 * read stays. Answers the delays dropped.
 */
export async function reconcileLiveLayer(
  { live, events }: { live: Pick<LiveStore, 'getLive' | 'addDelay'>; events: EventSink },
  year: number,
  sources: { before: EditionSource | undefined; after: EditionSource },
  release: LayerRelease,
): Promise<DroppedDelay[]> {
  const layer = await live.getLive(year, { consistent: true });
  if (layer.delays.length === 0) return [];
  const setAt = release.at.toISOString();
  const before = sources.before && publishEdition(sources.before);
  const outcomes = await Promise.all(
    staleDelays(before, publishEdition(sources.after), layer.delays).map(async (dropped) => {
      const clear: Delay = { from: dropped.from, minutes: 0, setAt };
      const set = await live.addDelay(year, clear, {
        event: (version) =>
          newEvent(
            'agenda.delayed',
            year,
            { from: clear.from, minutes: 0, until: null, version },
            release.at,
          ),
        audit: () => ({
          at: setAt,
          who: release.who,
          action: 'delay.drop',
          target: `slot ${dropped.from}`,
          summary: droppedSummary(dropped, release),
        }),
        // The delay as read: one set on the slot since stays.
        expected: inForce(layer.delays, dropped.from) ?? clear,
      });
      if (set.event) events.committed([set.event]);
      return set.skipped ? [] : [dropped];
    }),
  );
  return outcomes.flat();
}

function droppedSummary(dropped: DroppedDelay, release: LayerRelease): string {
  const running = `${Math.abs(dropped.minutes)} min ${dropped.minutes > 0 ? 'late' : 'early'}`;
  const why =
    dropped.reason === 'moved'
      ? `the slot ${dropped.slotId} moved to ${dropped.start?.slice(0, 10)} ${dropped.start?.slice(11, 16)}`
      : `the slot ${dropped.slotId} is not in the agenda`;
  const named = release.name === undefined ? '' : ` ("${release.name}")`;
  return `Release ${release.number}${named} dropped the delay from ${dropped.from} (${running}${dropped.until ? ` until ${dropped.until}` : ''}): ${why}`;
}

const inForce = (delays: readonly Delay[], from: string) =>
  delays.find((delay) => delay.from === from);

/**
 * DynamoDB refusing the item (over 400 KB, or any other validation of the live item). The cap
 * keeps the layer far below the limit, so this is a guard: never a 500, and nothing written.
 */
function isTooLarge(error: unknown, codes: (string | undefined)[]): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'ValidationException' || codes[LIVE_ACTION] === 'ValidationError';
}

function layerFull(): InvalidRequestError {
  return new InvalidRequestError([
    {
      name: 'from',
      in: 'body',
      detail:
        'the live layer cannot hold this delay: clear delays in force (minutes 0) and set it again',
    },
  ]);
}
