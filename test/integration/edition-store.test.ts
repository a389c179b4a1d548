import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEditionStore, type EditionStore } from '#functions/data/edition-store.ts';
import { createTable } from '#functions/data/table.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { freshTable } from '../support/dynamodb.ts';
import { editionWith, endAt, session } from '../support/editions.ts';
import { seedWithSpeakers } from '../support/published.ts';

let store: EditionStore;
let table: Awaited<ReturnType<typeof freshTable>>;
const seed = publishEdition(seedWithSpeakers());
// Catalog entry, details, sessions, slots, speakers, and each speaker's appearance by person.
const seedItemCount = 1 + 1 + seed.sessions.length + seed.slots.length + 2 * seed.speakers.length;

beforeAll(async () => {
  table = await freshTable();
  store = createEditionStore({ client: table.client, tableName: table.tableName });
});

describe('the edition store on DynamoDB Local', () => {
  it('creates the table with the pk/sk key schema, and leaves an existing one alone', async () => {
    await createTable(table.raw, table.tableName);
    const { Table } = await table.raw.send(
      new DescribeTableCommand({ TableName: table.tableName }),
    );
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });

  it('publishes an edition and reads back exactly what was published', async () => {
    expect(await store.publish(seed)).toEqual({ written: seedItemCount, deleted: 0, unchanged: 0 });
    expect(await store.getPublishedEdition(2020)).toEqual(seed);
    expect(await store.getEdition(2020)).toEqual(seed.details);
  });

  it('writes nothing when the same edition is published again', async () => {
    expect(await store.publish(seed)).toEqual({ written: 0, deleted: 0, unchanged: seedItemCount });
  });

  it('reads one talk and one speaker by id', async () => {
    const talk = seed.slots.find((slot) => slot.id === 'runtime-container-runtimes-overview');
    expect(await store.getSlot(2020, 'runtime-container-runtimes-overview')).toEqual(talk);
    expect(await store.getSpeaker(2020, 'ada-lovelace')).toEqual(seed.speakers[0]);
    expect(await store.getSlot(2020, 'no-such-talk')).toBeUndefined();
    expect(await store.getSpeaker(2020, 'nobody')).toBeUndefined();
  });

  it('reads a person by id, and restores an appearance lost between publishes', async () => {
    const ada = seed.speakers[0];
    const person = await store.getPerson('ada-lovelace');
    expect(person).toMatchObject({ id: 'ada-lovelace', name: ada?.name });
    expect(person?.editions.map((edition) => edition.year)).toEqual([2020]);
    expect(await store.getPerson('nobody')).toBeUndefined();

    await table.client.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk: 'PERSON#ada-lovelace', sk: 'EDITION#2020' },
      }),
    );
    expect(await store.getPerson('ada-lovelace')).toBeUndefined();
    expect(await store.publish(seed)).toMatchObject({ written: 1, deleted: 0 });
    expect(await store.getPerson('ada-lovelace')).toEqual(person);
  });

  it('lists every published edition from the catalog', async () => {
    const other = publishEdition(editionWith([session('one', 30), endAt('10:00')]));
    await store.publish(other);
    const years = (await store.listEditions()).map((edition) => edition.year);
    expect(years).toEqual([2020, 2030]);
    expect(await store.getPublishedEdition(2030)).toEqual(other);
  });

  it('removes what a republished edition no longer has, leaving other editions alone', async () => {
    const smaller = publishEdition(editionWith([session('two', 30), endAt('10:00')]));
    const result = await store.publish(smaller);
    expect(result.deleted).toBe(2);
    expect(await store.getPublishedEdition(2030)).toEqual(smaller);
    expect(await store.getSlot(2030, 'one-one-talk')).toBeUndefined();
    expect(await store.getPublishedEdition(2020)).toEqual(seed);
  });

  it('returns undefined for an edition that was never published', async () => {
    expect(await store.getPublishedEdition(1999)).toBeUndefined();
    expect(await store.getEdition(1999)).toBeUndefined();
  });
});
