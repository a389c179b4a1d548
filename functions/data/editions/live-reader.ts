import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { activeDelays, type Delay } from '#shared/agenda/live.ts';
import type { TableAccess } from '../table/client.ts';
import { LIVE_SK, livePk } from '../table/keys.ts';

/**
 * Reads the live layer (live-store.ts writes it): apart, so that the public function, which only
 * reads, bundles no write or outbox code.
 *
 * | access pattern | operation                                                       |
 * |----------------|-----------------------------------------------------------------|
 * | read the layer | GetItem LIVE#<year> / LIVE (consistent when a version is new)   |
 */

export interface LiveLayer {
  /** 0 before the first delay; one more with every delay set, a clear included. */
  version: number;
  /** The delays in force: one a slot, none of 0 minutes (live-store.ts keeps no more). */
  delays: Delay[];
}

const NO_DELAYS: LiveLayer = { version: 0, delays: [] };

export function createLiveReader({ client, tableName }: TableAccess) {
  async function getLive(year: number, consistent: boolean): Promise<LiveLayer> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: livePk(year), sk: LIVE_SK },
        ConsistentRead: consistent,
      }),
    );
    if (!Item) return NO_DELAYS;
    // A layer written before it was bounded holds every delay ever set: reduced to those in force.
    const delays: Delay[] = JSON.parse(String(Item.delays));
    return { version: Number(Item.version), delays: [...activeDelays(delays).values()] };
  }
  return {
    getLive: (year: number, { consistent = false }: { consistent?: boolean } = {}) =>
      getLive(year, consistent),
  };
}
