import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditionStore } from '#functions/data/editions/edition-store.ts';
import { createDocumentClient } from '#functions/data/table/client.ts';
import { storedItems } from '../../../support/published.ts';

const TABLE = 'workshop-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const store = createEditionStore({
  client: createDocumentClient({ region: 'local' }),
  tableName: TABLE,
});
const seed = storedItems();
const itemCount = seed.partition.length + seed.catalog.length + seed.appearances.length;

/** GetItem answers from these stored items, by key. */
const storedByKey = (items: { pk: string; sk: string }[]) => (input: GetCommandInput) => ({
  Item: items.find((item) => item.pk === input.Key?.pk && item.sk === input.Key?.sk),
});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
});

describe('publish', () => {
  it('writes every item of a new edition in batches of at most 25', async () => {
    const result = await store.publish(seed.published);
    expect(result).toEqual({ written: itemCount, deleted: 0, unchanged: 0 });
    const batches = dynamo
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE] ?? []);
    expect(batches.map((batch) => batch.length)).toEqual([25, 25, itemCount - 50]);
    // Appearances first: a publish cut short still finds them from the old speakers.
    expect(batches[0]?.slice(0, seed.appearances.length)).toEqual(
      seed.appearances.map((item) => ({ PutRequest: { Item: item } })),
    );
    expect(batches.flat().every((request) => 'PutRequest' in request)).toBe(true);
  });

  it('writes nothing when the stored items are the same', async () => {
    dynamo.on(QueryCommand).resolves({ Items: seed.partition });
    dynamo.on(GetCommand).callsFake(storedByKey([...seed.catalog, ...seed.appearances]));
    expect(await store.publish(seed.published)).toEqual({
      written: 0,
      deleted: 0,
      unchanged: itemCount,
    });
    expect(dynamo).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('deletes items the edition no longer has and rewrites only what changed', async () => {
    const stale = {
      pk: 'EDITION#2020',
      sk: 'SLOT#dropped-talk',
      entity: 'slot',
      id: 'dropped-talk',
    };
    const renamed = { ...seed.item('SESSION#runtime'), title: 'OLD NAME' };
    dynamo.on(QueryCommand).resolves({
      Items: [...seed.partition.filter((item) => item.sk !== 'SESSION#runtime'), renamed, stale],
    });
    dynamo.on(GetCommand).callsFake(storedByKey([...seed.catalog, ...seed.appearances]));
    expect(await store.publish(seed.published)).toEqual({
      written: 1,
      deleted: 1,
      unchanged: itemCount - 1,
    });
    expect(dynamo).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [TABLE]: [
          { PutRequest: { Item: seed.item('SESSION#runtime') } },
          { DeleteRequest: { Key: { pk: 'EDITION#2020', sk: 'SLOT#dropped-talk' } } },
        ],
      },
    });
  });

  it('deletes the appearance of a speaker the edition no longer has, before the speaker', async () => {
    const gone = {
      pk: 'EDITION#2020',
      sk: 'SPEAKER#gone',
      entity: 'speaker',
      id: 'gone',
      name: 'Gone',
      talkIds: [],
    };
    const goneAppearance = { pk: 'PERSON#gone', sk: 'EDITION#2020', entity: 'appearance' };
    dynamo.on(QueryCommand).resolves({ Items: [...seed.partition, gone] });
    dynamo
      .on(GetCommand)
      .callsFake(storedByKey([...seed.catalog, ...seed.appearances, goneAppearance]));
    expect(await store.publish(seed.published)).toMatchObject({ written: 0, deleted: 2 });
    expect(dynamo).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [TABLE]: [
          { DeleteRequest: { Key: { pk: 'PERSON#gone', sk: 'EDITION#2020' } } },
          { DeleteRequest: { Key: { pk: 'EDITION#2020', sk: 'SPEAKER#gone' } } },
        ],
      },
    });
  });

  it('retries the items DynamoDB leaves unprocessed', async () => {
    const first = seed.catalog[0];
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: first } }] } })
      .resolves({ UnprocessedItems: {} });
    await store.publish(seed.published);
    const calls = dynamo.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(4);
    expect(calls[1]?.args[0].input.RequestItems?.[TABLE]).toEqual([
      { PutRequest: { Item: first } },
    ]);
  });

  it('gives up with an error after bounded retries', async () => {
    vi.useFakeTimers();
    dynamo.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    const publishing = expect(store.publish(seed.published)).rejects.toThrow(
      /unprocessed after 8 attempts/,
    );
    await vi.runAllTimersAsync();
    await publishing;
    expect(dynamo).toHaveReceivedCommandTimes(BatchWriteCommand, 8);
    vi.useRealTimers();
  });
});

describe('reads', () => {
  it('follows Query pages until the partition is read', async () => {
    const half = Math.floor(seed.partition.length / 2);
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: seed.partition.slice(0, half),
        LastEvaluatedKey: { pk: 'EDITION#2020', sk: 'x' },
      })
      .resolves({ Items: seed.partition.slice(half) });
    const edition = await store.getPublishedEdition(2020);
    expect(dynamo).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      ExclusiveStartKey: { pk: 'EDITION#2020', sk: 'x' },
    });
    expect(edition).toEqual(seed.published);
  });

  it('returns undefined for an edition without items', async () => {
    expect(await store.getPublishedEdition(1999)).toBeUndefined();
    expect(await store.getSlot(1999, 'x')).toBeUndefined();
  });
});
