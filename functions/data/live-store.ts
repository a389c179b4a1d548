import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Delay } from '#shared/agenda/live.ts';
import { ConflictError } from '#shared/errors.ts';
import type { WebhookEvent } from '#shared/events.ts';
import type { TableAccess } from './client.ts';
import { LIVE_SK, livePk } from './keys.ts';
import { eventPutItem } from './outbox.ts';
import { withRetries } from './retry.ts';

/**
 * The workshop day's live layer: one item per edition with every delay organizers set and a
 * version that counts them. It is not a release: the released times stay as they are, and the
 * public read path keys its caches on the edition's version and this one together.
 *
 * | entity | pk          | sk   |
 * |--------|-------------|------|
 * | live   | LIVE#<year> | LIVE |
 *
 * | access pattern | operation                                                                  |
 * |----------------|----------------------------------------------------------------------------|
 * | read the layer | GetItem (consistent for organizers, eventually consistent for the public)  |
 * | add a delay    | TransactWriteItems: Put LIVE if the version is unchanged + the event's Put |
 */

export interface LiveLayer {
  /** 0 before the first delay. */
  version: number;
  delays: Delay[];
}

export const NO_DELAYS: LiveLayer = { version: 0, delays: [] };

export type LiveStore = ReturnType<typeof createLiveStore>;

export function createLiveStore({ client, tableName }: TableAccess) {
  const key = (year: number) => ({ pk: livePk(year), sk: LIVE_SK });

  async function getLive(year: number, consistent: boolean): Promise<LiveLayer> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key(year), ConsistentRead: consistent }),
    );
    return Item
      ? { version: Number(Item.version), delays: JSON.parse(String(Item.delays)) }
      : NO_DELAYS;
  }

  /** Appends a delay; a concurrent one makes this one read again and retry. */
  async function addDelay(
    year: number,
    delay: Delay,
    event: (version: number) => WebhookEvent,
  ): Promise<LiveLayer> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await getLive(year, true);
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
    getLive: (year: number, { consistent = false } = {}) =>
      withRetries(() => getLive(year, consistent)),
    addDelay,
  };
}
