import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Delay } from '#shared/agenda/live.ts';
import { ConflictError } from '#shared/errors.ts';
import type { WebhookEvent } from '#shared/events.ts';
import type { TableAccess } from './client.ts';
import { LIVE_SK, livePk } from './keys.ts';
import { createLiveReader, type LiveLayer } from './live-reader.ts';
import { eventPutItem } from './outbox.ts';
import { seatCounterKey } from './seat-counter.ts';

/**
 * The workshop day's live layer: one item per edition with every delay organizers set and a
 * version that counts them. It is not a release: the released times stay as they are. The same
 * transaction sets `liveVersion` on the seat counter, the item the public read path checks within
 * its staleness bound (published-editions.ts): the content version it keys its caches on is the
 * edition's version and the live one together, so a delay is public within that bound.
 *
 * | entity | pk          | sk   |
 * |--------|-------------|------|
 * | live   | LIVE#<year> | LIVE |
 *
 * | access pattern | operation                                                                  |
 * |----------------|----------------------------------------------------------------------------|
 * | read the layer | GetItem, consistent (live-reader.ts)                                       |
 * | add a delay    | TransactWriteItems: Put LIVE if the version is unchanged, Update the seat  |
 * |                | counter's liveVersion, Put the event                                       |
 */

export type LiveStore = ReturnType<typeof createLiveStore>;

export function createLiveStore({ client, tableName }: TableAccess) {
  const key = (year: number) => ({ pk: livePk(year), sk: LIVE_SK });
  const reader = createLiveReader({ client, tableName });

  /** Appends a delay; a concurrent one makes this one read again and retry. */
  async function addDelay(
    year: number,
    delay: Delay,
    event: (version: number) => WebhookEvent,
  ): Promise<LiveLayer> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await reader.getLive(year, { consistent: true });
      const next = { version: current.version + 1, delays: [...current.delays, delay] };
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
                    version: next.version,
                    delays: JSON.stringify(next.delays),
                    updatedAt: delay.setAt,
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
                  Key: seatCounterKey(year),
                  UpdateExpression: 'SET liveVersion = :version',
                  ExpressionAttributeValues: { ':version': next.version },
                },
              },
              eventPutItem(tableName, event(next.version)),
            ],
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      }
    }
    throw new ConflictError('Delays kept being set concurrently; please retry.');
  }

  return {
    getLive: reader.getLive,
    addDelay,
  };
}
