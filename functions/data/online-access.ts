import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OnlineAccess } from '#shared/edition/online.ts';
import type { TableAccess } from './client.ts';
import { ONLINE_ACCESS_SK, onlineAccessPk } from './keys.ts';
import { withRetries } from './retry.ts';

/**
 * The private part of an edition's location: the stream or meeting URLs that only confirmed
 * registrants get. It lives in a partition of its own, so that no read of the public function
 * (the edition partition's Query, its GetItems, the seat counter) ever returns it, and the
 * release history keeps the edition source without it (`withoutOnlineUrls`).
 *
 * | entity        | pk            | sk     |
 * |---------------|---------------|--------|
 * | online access | ONLINE#<year> | ACCESS |
 *
 * | access pattern                                     | who                    | operation                                     |
 * |----------------------------------------------------|------------------------|-----------------------------------------------|
 * | a confirmed registrant reads their own record      | registration function  | GetItem                                       |
 * | publish the edition file (even once the API owns the agenda) | seeder, local server | GetItem, then PutItem if changed, DeleteItem when none is left |
 * | organizers replace the draft with a source (PUT …/draft) | organizer function | the same |
 */

export type OnlineAccessStore = ReturnType<typeof createOnlineAccessStore>;

const key = (year: number) => ({ pk: onlineAccessPk(year), sk: ONLINE_ACCESS_SK });

export function createOnlineAccessStore({ client, tableName }: TableAccess) {
  async function get(year: number): Promise<OnlineAccess | undefined> {
    const { Item } = await withRetries(() =>
      client.send(new GetCommand({ TableName: tableName, Key: key(year) })),
    );
    if (!Item) return undefined;
    // Copied field by field: nothing else stored on the item leaves this module.
    const room = (value: { url: string; room?: string }) => ({
      url: String(value.url),
      ...(value.room === undefined ? {} : { room: String(value.room) }),
    });
    return {
      ...(Item.edition ? { edition: room(Item.edition) } : {}),
      sessions: ((Item.sessions ?? []) as OnlineAccess['sessions']).map((session) => ({
        sessionId: String(session.sessionId),
        title: String(session.title),
        ...room(session),
      })),
    };
  }

  /** Stores what the edition file says; removes the item when the edition has no online part. */
  async function put(year: number, access: OnlineAccess): Promise<void> {
    const empty = !access.edition && access.sessions.length === 0;
    const stored = await get(year);
    if (empty) {
      if (stored) {
        await withRetries(() =>
          client.send(new DeleteCommand({ TableName: tableName, Key: key(year) })),
        );
      }
      return;
    }
    if (JSON.stringify(stored) === JSON.stringify(access)) return;
    const item = { ...key(year), entity: 'online-access', ...JSON.parse(JSON.stringify(access)) };
    await withRetries(() => client.send(new PutCommand({ TableName: tableName, Item: item })));
  }

  return { get, put };
}
