import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OnlineAccess } from '#shared/edition/online.ts';
import type { TableAccess } from '../table/client.ts';
import {
  ONLINE_ACCESS_SK,
  ONLINE_DRAFT_SK,
  ONLINE_UNANNOUNCED_SK,
  onlineAccessPk,
} from '../table/keys.ts';

/**
 * The private part of an edition's location: the stream or meeting URLs that only confirmed
 * registrants get. It lives in a partition of its own, so that no read of the public function
 * (the edition partition's Query, its GetItems, the seat counter) ever returns it, and the
 * release history keeps the edition source without it (`withoutOnlineUrls`).
 *
 * The released URLs (ACCESS) change only with a release: what a draft says (DRAFT) waits for the
 * next one. A release that changed them marks them UNANNOUNCED until every confirmed registrant's
 * message is queued, so that a release interrupted in between finishes the queueing next time.
 *
 * | entity               | pk            | sk          |
 * |----------------------|---------------|-------------|
 * | online access        | ONLINE#<year> | ACCESS      |
 * | the draft's URLs     | ONLINE#<year> | DRAFT       |
 * | change not yet mailed| ONLINE#<year> | UNANNOUNCED |
 *
 * | access pattern                                     | who                    | operation                                     |
 * |----------------------------------------------------|------------------------|-----------------------------------------------|
 * | a confirmed registrant reads their own record      | registration function  | GetItem                                       |
 * | publish the edition file while the file owns the edition | seeder, local server | GetItem, then PutItem if changed, DeleteItem when none is left |
 * | organizers replace the draft with a source (PUT …/draft) | organizer function | Put DRAFT in the draft's transaction |
 * | a release applies the draft's URLs                 | organizer function     | GetItem DRAFT, then as a file publish; Put/Delete UNANNOUNCED around the mails |
 */

export type OnlineAccessStore = ReturnType<typeof createOnlineAccessStore>;

const key = (year: number, sk = ONLINE_ACCESS_SK) => ({ pk: onlineAccessPk(year), sk });

/** Copied field by field: nothing else stored on the item leaves this module. */
function accessOf(item: Record<string, unknown>): OnlineAccess {
  const room = (value: { url: string; room?: string }) => ({
    url: String(value.url),
    ...(value.room === undefined ? {} : { room: String(value.room) }),
  });
  return {
    ...(item.edition ? { edition: room(item.edition as { url: string; room?: string }) } : {}),
    sessions: ((item.sessions ?? []) as OnlineAccess['sessions']).map((session) => ({
      sessionId: String(session.sessionId),
      title: String(session.title),
      ...room(session),
    })),
  };
}

const stored = (access: OnlineAccess) => JSON.parse(JSON.stringify(access)) as OnlineAccess;

export function createOnlineAccessStore({ client, tableName }: TableAccess) {
  /** Organizer-side reads are consistent: a release decides on them. */
  async function read(year: number, sk: string, consistent = true) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key(year, sk), ConsistentRead: consistent }),
    );
    return Item;
  }

  async function get(year: number, consistent = false): Promise<OnlineAccess | undefined> {
    const item = await read(year, ONLINE_ACCESS_SK, consistent);
    return item && accessOf(item);
  }

  /**
   * Stores what the edition file or a release says; removes the item when the edition has no
   * online part. True when it changed anything.
   */
  async function put(year: number, access: OnlineAccess): Promise<boolean> {
    const empty = !access.edition && access.sessions.length === 0;
    const current = await get(year, true);
    if (empty) {
      if (!current) return false;
      await client.send(new DeleteCommand({ TableName: tableName, Key: key(year) }));
      return true;
    }
    if (JSON.stringify(current) === JSON.stringify(access)) return false;
    const item = { ...key(year), entity: 'online-access', ...stored(access) };
    await client.send(new PutCommand({ TableName: tableName, Item: item }));
    return true;
  }

  return {
    get,
    put,
    /** The draft's URLs, to write in the transaction that saves the draft (agenda-store saveDraft). */
    pendingPut(year: number, access: OnlineAccess) {
      return {
        Put: {
          TableName: tableName,
          Item: { ...key(year, ONLINE_DRAFT_SK), entity: 'online-access-draft', ...stored(access) },
        },
      };
    },
    /** What the draft says (PUT …/draft), undefined when no draft has said anything. */
    async getPending(year: number): Promise<OnlineAccess | undefined> {
      const item = await read(year, ONLINE_DRAFT_SK);
      return item && accessOf(item);
    },
    /** The release whose change of URLs is not mailed to everyone yet, if any. */
    async unannounced(year: number): Promise<number | undefined> {
      const item = await read(year, ONLINE_UNANNOUNCED_SK);
      return item ? Number(item.release) : undefined;
    },
    async markUnannounced(year: number, release: number): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key(year, ONLINE_UNANNOUNCED_SK), entity: 'online-access-news', release },
        }),
      );
    },
    async markAnnounced(year: number): Promise<void> {
      await client.send(
        new DeleteCommand({ TableName: tableName, Key: key(year, ONLINE_UNANNOUNCED_SK) }),
      );
    },
  };
}
