import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EditionSource } from '#shared/edition/schema.ts';
import { monotonicUlid } from '#shared/ulid.ts';
import { auditPk, DRAFT_SK, draftPk, releaseSk, releasesPk } from '../table/keys.ts';
import { nextPosition, type Page, startAfter } from '../table/page.ts';
import { cancellationCodes, withoutRetries } from '../table/retry.ts';
import { createReleaseHistory, type Release } from './release-history.ts';

/**
 * Organizer editing: one draft per edition, numbered releases, and the audit trail. The draft and
 * each release hold the whole edition source as JSON (tens of KB, far under DynamoDB's 400 KB):
 * edits are read-modify-write on the draft with a revision condition, so two organizers can never
 * overwrite each other's change unseen.
 *
 * | entity  | pk              | sk                 |
 * |---------|-----------------|--------------------|
 * | draft   | DRAFT#<year>    | DRAFT              |
 * | release | RELEASES#<year> | REL#<number, 4 digits> |
 * | audit   | AUDIT#<year>    | <monotonic ULID>   |
 *
 * | access pattern            | operation                                                  |
 * |---------------------------|------------------------------------------------------------|
 * | read / write the draft    | GetItem (consistent) / PutItem if revision unchanged (a transaction with its private URLs on PUT …/draft) |
 * | latest release            | Query RELEASES#<year>, newest first, Limit 1               |
 * | list releases             | Query RELEASES#<year> without the sources                  |
 * | one release               | GetItem                                                    |
 * | new release               | PutItem REL#<latest+1> if absent, in a transaction with its records (releases/release.ts) |
 * | audit trail               | PutItem; Query AUDIT#<year> newest first, paged            |
 */

export interface Draft {
  source: EditionSource;
  revision: number;
}

export interface AuditEntry {
  at: string;
  who: string;
  action: string;
  target: string;
  summary: string;
}

/**
 * A write that goes with the draft's, in one transaction (the draft's private URLs), or with a
 * release's (its schedule notice).
 */
export type DraftCompanion = { Put: { TableName: string; Item: Record<string, unknown> } };

/** A write in a release's transaction (releases/release.ts): its event, audit entry, head, notice. */
export type ReleaseCompanion = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An audit entry as an item: appended alone, or in the transaction of the change it records. */
export function auditItem(year: number, entry: AuditEntry) {
  // A monotonic ULID: entries of the same millisecond keep their order.
  return { pk: auditPk(year), sk: monotonicUlid(new Date(entry.at)), entity: 'audit', ...entry };
}

/** Another write changed the draft between our read and our write. */
export class DraftChangedError extends Error {
  override readonly name = 'DraftChangedError';
}

export type AgendaStore = ReturnType<typeof createAgendaStore>;

export function createAgendaStore({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const draftKey = (year: number) => ({ pk: draftPk(year), sk: DRAFT_SK });

  async function getDraft(year: number): Promise<Draft | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: draftKey(year), ConsistentRead: true }),
    );
    return Item && { source: JSON.parse(Item.source), revision: Item.revision };
  }

  async function saveDraft(
    year: number,
    source: EditionSource,
    previousRevision: number | null,
    by: string,
    now: Date,
    also: DraftCompanion[] = [],
  ) {
    const revision = (previousRevision ?? 0) + 1;
    const put = {
      TableName: tableName,
      Item: {
        ...draftKey(year),
        entity: 'draft',
        source: JSON.stringify(source),
        revision,
        updatedAt: now.toISOString(),
        updatedBy: by,
      },
      ConditionExpression:
        previousRevision === null ? 'attribute_not_exists(pk)' : 'revision = :previous',
      ...(previousRevision === null
        ? {}
        : { ExpressionAttributeValues: { ':previous': previousRevision } }),
    };
    try {
      if (also.length === 0) await client.send(new PutCommand(put));
      else await client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...also] }));
    } catch (error) {
      const changed =
        error instanceof Error &&
        (error.name === 'ConditionalCheckFailedException' ||
          cancellationCodes(error)[0] === 'ConditionalCheckFailed');
      if (changed) {
        throw new DraftChangedError('The draft changed while this edit was applied.');
      }
      throw error;
    }
    return revision;
  }

  const history = createReleaseHistory({ client, tableName });

  /** Numbers the release after the latest one; a concurrent release makes this one retry. */
  async function createRelease(
    year: number,
    release: Omit<Release, 'number'>,
    /** Written in the release's transaction, given its number. */
    companions?: (number: number) => ReleaseCompanion[],
    /** The release this one is made from: another one made since fails it (DraftChangedError). */
    after?: number,
  ): Promise<Release> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const number = ((await history.latestRelease(year))?.number ?? 0) + 1;
      if (after !== undefined && number !== after + 1) {
        throw new DraftChangedError(`Release ${number - 1} was made since release ${after}.`);
      }
      try {
        const put = {
          TableName: tableName,
          Item: {
            pk: releasesPk(year),
            sk: releaseSk(number),
            entity: 'release',
            number,
            name: release.name,
            comment: release.comment,
            releasedAt: release.releasedAt,
            releasedBy: release.releasedBy,
            origin: release.origin,
            forced: release.forced,
            ...(release.forceReason ? { forceReason: release.forceReason } : {}),
            source: JSON.stringify(release.source),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        };
        const also = companions?.(number) ?? [];
        // Attempted once: a retry of a write that landed unseen would take the next number.
        await withoutRetries(async () => {
          if (also.length === 0) await client.send(new PutCommand(put));
          else
            await client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...also] }));
        });
        return { ...release, number };
      } catch (error) {
        const taken =
          error instanceof Error &&
          (error.name === 'ConditionalCheckFailedException' ||
            cancellationCodes(error)[0] === 'ConditionalCheckFailed');
        if (!taken) throw error;
      }
    }
    throw new DraftChangedError('Releases kept being made concurrently; please retry.');
  }

  async function appendAudit(year: number, entry: AuditEntry) {
    await client.send(new PutCommand({ TableName: tableName, Item: auditItem(year, entry) }));
  }

  /** Audit entries newest first, after the entry `after` (the `last` of the previous page). */
  async function listAudit(
    year: number,
    { limit, after }: { limit: number; after?: string },
  ): Promise<Page<AuditEntry>> {
    const start = startAfter(after, (sk) => ({ pk: auditPk(year), sk }));
    const { Items, LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditPk(year) },
        ScanIndexForward: false,
        Limit: limit,
        ...start,
      }),
    );
    return {
      items: (Items ?? []).map(
        (item): AuditEntry => ({
          at: String(item.at),
          who: String(item.who),
          action: String(item.action),
          target: String(item.target),
          summary: String(item.summary),
        }),
      ),
      // An audit entry's position is its sort key, a ULID.
      last: nextPosition(LastEvaluatedKey, (sk) => sk),
    };
  }

  /**
   * The audit entries about one target (a registration), oldest first: a Query of the edition's
   * whole audit trail filtered on `target` (read capacity by the trail's size, a few units for
   * thousands of entries; no index for a screen opened one person at a time).
   */
  async function auditOf(year: number, target: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    const input = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'target = :target',
      ExpressionAttributeValues: { ':pk': auditPk(year), ':target': target },
    };
    for await (const page of paginateQuery({ client }, input)) {
      for (const item of page.Items ?? [])
        entries.push({
          at: String(item.at),
          who: String(item.who),
          action: String(item.action),
          target: String(item.target),
          summary: String(item.summary),
        });
    }
    return entries;
  }

  return {
    auditOf,
    getDraft,
    saveDraft,
    ...history,
    createRelease,
    appendAudit,
    /** An audit entry's item, to write in the transaction of the change it records. */
    auditCompanion: (year: number, entry: AuditEntry): DraftCompanion => ({
      Put: { TableName: tableName, Item: auditItem(year, entry) },
    }),
    listAudit,
  };
}
