import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEditionStore, type EditionStore } from '#functions/data/editions/edition-store.ts';
import { createTable } from '#functions/data/table/table.ts';
import { withLiveTimes } from '#shared/agenda/live.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import { type PublishedEdition, publishEdition } from '#shared/edition/published.ts';
import { freshTable } from '../../support/dynamodb.ts';
import { editionWith, endAt, onlineEdition, session } from '../../support/editions.ts';
import { seedWithSpeakers } from '../../support/published.ts';

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

/** Every fixture (test/fixtures/*.yaml) and every edition file (editions/**\/*.yaml). */
const ROOT = join(import.meta.dirname, '..', '..', '..');

function everyEditionFile(): string[] {
  const under = (folder: string, deep: boolean): string[] =>
    readdirSync(join(ROOT, folder), { withFileTypes: true })
      .flatMap((entry) => {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) return deep ? under(path, deep) : [];
        return /\.ya?ml$/.test(entry.name) ? [path] : [];
      })
      .sort();
  return [...under('test/fixtures', false), ...under('editions', true)];
}

/** What DynamoDB can keep of a value: undefined fields go, as they do on any write. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('the stored edition keeps every field', () => {
  const files = everyEditionFile();

  it('finds the fixtures and the edition files, the history folder included', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'test/fixtures/hpcw-2020-online.yaml',
        'editions/hpcw-2020.yaml',
        'editions/history/hpcw-2020-online.yaml',
      ]),
    );
  });

  // One table for all, published one after the other: a republish must leave nothing behind.
  it.each(files)('publishes %s and reads back exactly the published edition', async (file) => {
    const published = publishEdition(
      parseEditionFile(file, readFileSync(join(ROOT, file), 'utf8')),
    );
    const { year } = published.details;
    await store.publish(published);
    await store.putSnapshot(published);
    expect(await store.getPublishedEdition(year)).toStrictEqual(plain(published));
    expect(await store.getSnapshot(year)).toStrictEqual(plain(published));
    expect(await store.getEdition(year)).toStrictEqual(plain(published.details));
    for (const slot of published.slots) {
      expect(await store.getSlot(year, slot.id)).toStrictEqual(plain(slot));
    }
    for (const speaker of published.speakers) {
      expect(await store.getSpeaker(year, speaker.id)).toStrictEqual(plain(speaker));
    }
  });

  it('keeps a field the model gains, without being told of it', async () => {
    const grown = plain(publishEdition(editionWith([session('one', 30), endAt('10:00')])));
    Object.assign(grown.details, { newDetail: { nested: ['kept'] } });
    Object.assign(grown.sessions[0] ?? {}, { newSessionField: 1 });
    Object.assign(grown.slots[0] ?? {}, { newSlotField: true });
    await store.publish(grown);
    await store.putSnapshot(grown);
    expect(await store.getPublishedEdition(2030)).toStrictEqual(plain(grown));
    expect(await store.getSnapshot(2030)).toStrictEqual(plain(grown));
  });

  it('keeps the 17:45 panel of the online file at 17:45 under a 20 min delay before it', async () => {
    const published = publishEdition(onlineEdition());
    await store.publish(published);
    await store.putSnapshot(published);
    const panel = published.slots.find(
      (slot) => slot.sessionId === 'runtime' && slot.kind === 'panel',
    );
    expect(panel?.start).toBe('2020-06-16T17:45:00+02:00');
    const before = published.slots[(panel?.position ?? 0) - 1];
    const delay = { from: before?.id ?? '', minutes: 20, setAt: '2020-06-16T15:40:00.000Z' };
    for (const read of [
      published,
      await store.getPublishedEdition(2020),
      await store.getSnapshot(2020),
    ]) {
      const live = withLiveTimes(read as PublishedEdition, { version: 1, delays: [delay] });
      const readPanel = live.slots.find((slot) => slot.id === panel?.id);
      // Read from the store without fixedStart, the panel moved to 18:05.
      expect(readPanel).not.toHaveProperty('liveStart');
      expect(readPanel).toMatchObject({ start: '2020-06-16T17:45:00+02:00', fixedStart: true });
      expect(live.slots.find((slot) => slot.id === before?.id)).toMatchObject({
        liveStart: '2020-06-16T17:55:00+02:00',
      });
    }
  });
});
