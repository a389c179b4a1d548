import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from './client.ts';
import { announcementsPk } from './keys.ts';
import { withRetries } from './retry.ts';

/**
 * Organizer announcements: what was written, by whom, to which registrants. Each recipient's copy
 * is a message in the mail outbox (mail-outbox.ts) with an id derived from the announcement's, so
 * queueing the copies again after an interruption queues only the missing ones.
 *
 * | entity       | pk                | sk                |
 * |--------------|-------------------|-------------------|
 * | announcement | ANNOUNCE#<year>   | <announcement id> |
 *
 * | access pattern        | operation                                  |
 * |-----------------------|--------------------------------------------|
 * | send one              | Put, then the copies, then Update recipients |
 * | read one (to render)  | GetItem                                    |
 * | list, newest first    | Query ANNOUNCE#<year>, descending          |
 */

export interface Announcement {
  id: string;
  year: number;
  subject: string;
  text: string;
  /** Who receives it: the confirmed, or the waiting list as well. */
  audience: 'confirmed' | 'confirmed-and-waitlisted';
  createdAt: string;
  createdBy: string;
  /** How many copies were queued; absent while they are being queued. */
  recipients?: number;
}

export type AnnouncementStore = ReturnType<typeof createAnnouncementStore>;

const fromItem = (item: Record<string, unknown>): Announcement => {
  const { pk: _pk, sk: _sk, entity: _entity, ...announcement } = item;
  return announcement as unknown as Announcement;
};

export function createAnnouncementStore({ client, tableName }: TableAccess) {
  const key = (year: number, id: string) => ({ pk: announcementsPk(year), sk: id });
  return {
    async create(announcement: Announcement): Promise<void> {
      await withRetries(() =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...key(announcement.year, announcement.id),
              entity: 'announcement',
              ...announcement,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    async get(year: number, id: string): Promise<Announcement | undefined> {
      const { Item } = await withRetries(() =>
        client.send(new GetCommand({ TableName: tableName, Key: key(year, id) })),
      );
      return Item && fromItem(Item);
    },

    async recordRecipients(year: number, id: string, recipients: number): Promise<void> {
      await withRetries(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(year, id),
            UpdateExpression: 'SET recipients = :recipients',
            ExpressionAttributeValues: { ':recipients': recipients },
          }),
        ),
      );
    },

    async list(year: number): Promise<Announcement[]> {
      const { Items } = await withRetries(() =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': announcementsPk(year) },
            ScanIndexForward: false,
          }),
        ),
      );
      return (Items ?? []).map(fromItem);
    },
  };
}
