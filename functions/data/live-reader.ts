import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Delay } from '#shared/agenda/live.ts';
import type { TableAccess } from './client.ts';
import { LIVE_SK, livePk } from './keys.ts';
import { withRetries } from './retry.ts';

/**
 * Reads the live layer (live-store.ts writes it): apart, so that the public function, which only
 * reads, bundles no write or outbox code.
 *
 * | access pattern | operation                                                       |
 * |----------------|-----------------------------------------------------------------|
 * | read the layer | GetItem LIVE#<year> / LIVE (consistent when a version is new)   |
 */

export interface LiveLayer {
  /** 0 before the first delay. */
  version: number;
  delays: Delay[];
}

export const NO_DELAYS: LiveLayer = { version: 0, delays: [] };

export function createLiveReader({ client, tableName }: TableAccess) {
  async function getLive(year: number, consistent: boolean): Promise<LiveLayer> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: livePk(year), sk: LIVE_SK },
        ConsistentRead: consistent,
      }),
    );
    return Item
      ? { version: Number(Item.version), delays: JSON.parse(String(Item.delays)) }
      : NO_DELAYS;
  }
  return {
    getLive: (year: number, { consistent = false }: { consistent?: boolean } = {}) =>
      withRetries(() => getLive(year, consistent)),
  };
}
