import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EditionSource } from '#shared/edition/schema.ts';
import { releaseSk, releasesPk } from '../table/keys.ts';

/**
 * The releases of an edition as they are read: the latest, the list, one by number. The public
 * function reads the history through this alone; the agenda store (agenda-store.ts) writes it.
 */

export interface ReleaseSummary {
  number: number;
  name: string;
  comment: string;
  releasedAt: string;
  releasedBy: string;
  /**
   * "file": published from the edition file on deploy; "api": released by an organizer;
   * "speaker": a speaker's materials, published at once (releases/materials.ts).
   */
  origin: 'file' | 'api' | 'speaker';
  forced: boolean;
  forceReason?: string;
}

export interface Release extends ReleaseSummary {
  source: EditionSource;
}

export type ReleaseHistory = ReturnType<typeof createReleaseHistory>;

export function createReleaseHistory({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const summaryOf = (item: Record<string, unknown>): ReleaseSummary => ({
    number: Number(item.number),
    name: String(item.name),
    comment: String(item.comment),
    releasedAt: String(item.releasedAt),
    releasedBy: String(item.releasedBy),
    origin: item.origin === 'api' || item.origin === 'speaker' ? item.origin : 'file',
    forced: Boolean(item.forced),
    ...(item.forceReason ? { forceReason: String(item.forceReason) } : {}),
  });
  const releaseOf = (item: Record<string, unknown>): Release => ({
    ...summaryOf(item),
    source: JSON.parse(String(item.source)),
  });

  async function latestRelease(year: number): Promise<Release | undefined> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': releasesPk(year) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0] && releaseOf(Items[0]);
  }

  async function listReleases(year: number): Promise<ReleaseSummary[]> {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': releasesPk(year) },
        ProjectionExpression:
          '#number, #name, #comment, releasedAt, releasedBy, origin, forced, forceReason',
        ExpressionAttributeNames: { '#number': 'number', '#name': 'name', '#comment': 'comment' },
        ScanIndexForward: false,
      }),
    );
    return (Items ?? []).map(summaryOf);
  }

  async function getRelease(year: number, number: number): Promise<Release | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: releasesPk(year), sk: releaseSk(number) },
      }),
    );
    return Item && releaseOf(Item);
  }

  return { latestRelease, listReleases, getRelease };
}
