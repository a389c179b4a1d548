import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { isDeepStrictEqual } from '#shared/deep-equal.ts';
import { type Appearance, appearancesOf, type Person, personOf } from '#shared/edition/people.ts';
import {
  bySpeakerName,
  type EditionDetails,
  type EditionSummary,
  type PublishedEdition,
  type PublishedSession,
  type PublishedSpeaker,
  type Slot,
  SUMMARY_FIELDS,
  summarize,
} from '#shared/edition/published.ts';
import {
  appearanceSk,
  CATALOG_PK,
  catalogSk,
  editionPk,
  HEAD_SK,
  META_SK,
  personPk,
  SNAPSHOT_SK,
  sessionSk,
  slotSk,
  snapshotPk,
  speakerSk,
} from '../table/keys.ts';
import { batchWrite } from './batch-write.ts';

/**
 * The one module that talks to DynamoDB about editions. Single-table design:
 *
 * | entity          | pk              | sk               |
 * |-----------------|-----------------|------------------|
 * | edition summary | CATALOG         | EDITION#<year>   |
 * | edition details | EDITION#<year>  | META             |
 * | session         | EDITION#<year>  | SESSION#<id>     |
 * | slot            | EDITION#<year>  | SLOT#<id>        |   talks, panels, intros, breaks, end
 * | speaker         | EDITION#<year>  | SPEAKER#<id>     |
 * | appearance      | PERSON#<id>     | EDITION#<year>   |   a speaker's edition, name, talks
 * | snapshot        | SNAPSHOT#<year> | EDITION          |   the published edition, one gzip document
 *
 * | access pattern                          | operation                                   |
 * |-----------------------------------------|---------------------------------------------|
 * | list editions                           | Query pk = CATALOG                          |
 * | edition details                         | GetItem EDITION#<year> / META               |
 * | agenda, talks, speakers (whole edition) | Query pk = EDITION#<year>                   |
 * | one talk / one speaker                  | GetItem EDITION#<year> / SLOT#… or SPEAKER# |
 * | a person across editions                | Query pk = PERSON#<id>                      |
 * | publish an edition                      | Query pk = EDITION#<year>, then BatchWrite  |
 * |                                         | of what changed (puts and deletes)          |
 * | the edition as one document (first use) | GetItem SNAPSHOT#<year> / EDITION, consistent |
 * | store that document                     | PutItem, after the partition's writes       |
 *
 * No Scan anywhere: every read names its partition. An edition partition holds tens of small
 * items, so reading it whole is one Query page.
 *
 * A publish finds the appearances it wrote last time from the speakers stored in the partition
 * (and reads them by key). They are written before the partition: a publish cut short leaves the
 * old speakers in place, so the next publish still finds and corrects every appearance.
 */

type Entity = 'edition-summary' | 'edition' | 'session' | 'slot' | 'speaker' | 'appearance';

export interface StoredItem extends Record<string, unknown> {
  pk: string;
  sk: string;
  entity: Entity;
}

export interface PublishResult {
  written: number;
  deleted: number;
  unchanged: number;
}

/** What the read-only functions use: no write path in their bundles. */
export interface EditionReader {
  listEditions(): Promise<EditionSummary[]>;
  getEdition(year: number): Promise<EditionDetails | undefined>;
  getPublishedEdition(year: number): Promise<PublishedEdition | undefined>;
  /**
   * The published edition as the last publish stored it in one item: what the partition Query
   * gives, in one small read. Undefined when none was stored.
   */
  getSnapshot(year: number): Promise<PublishedEdition | undefined>;
  getSlot(year: number, slotId: string): Promise<Slot | undefined>;
  getSpeaker(year: number, speakerId: string): Promise<PublishedSpeaker | undefined>;
  /** A person with every edition they spoke at; undefined when none. */
  getPerson(personId: string): Promise<Person | undefined>;
}

export interface EditionStore extends EditionReader {
  /** Stores the edition as one document, exactly as a Query of its partition would read it. */
  putSnapshot(edition: PublishedEdition): Promise<void>;
  publish(edition: PublishedEdition): Promise<PublishResult>;
}

export interface EditionStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

function tableReads({ client, tableName }: EditionStoreOptions) {
  const queryAll = async (input: Omit<QueryCommandInput, 'TableName'>) => {
    const items: StoredItem[] = [];
    for await (const page of paginateQuery({ client }, { TableName: tableName, ...input })) {
      items.push(...((page.Items ?? []) as StoredItem[]));
    }
    return items;
  };
  const queryPartition = (pk: string) =>
    queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });

  const getItem = async (pk: string, sk: string) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }));
    return Item as StoredItem | undefined;
  };
  return { queryPartition, getItem };
}

export function createEditionReader(options: EditionStoreOptions): EditionReader {
  const { client, tableName } = options;
  const { queryPartition, getItem } = tableReads(options);
  return {
    async listEditions() {
      const items = await queryPartition(CATALOG_PK);
      return items.map((item) => fromItem<EditionSummary>(item));
    },

    async getEdition(year) {
      const item = await getItem(editionPk(year), META_SK);
      return item && fromItem<EditionDetails>(item);
    },

    async getPublishedEdition(year) {
      const items = await queryPartition(editionPk(year));
      return items.length === 0 ? undefined : assemble(items);
    },

    async getSnapshot(year) {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: snapshotPk(year), sk: SNAPSHOT_SK },
          ConsistentRead: true,
        }),
      );
      if (!(Item?.document instanceof Uint8Array)) return undefined;
      return JSON.parse(gunzipSync(Item.document).toString('utf8')) as PublishedEdition;
    },

    async getSlot(year, slotId) {
      const item = await getItem(editionPk(year), slotSk(slotId));
      return item && fromItem<Slot>(item);
    },

    async getSpeaker(year, speakerId) {
      const item = await getItem(editionPk(year), speakerSk(speakerId));
      return item && fromItem<PublishedSpeaker>(item);
    },

    async getPerson(personId) {
      const items = await queryPartition(personPk(personId));
      return personOf(items.map((item) => fromItem<Appearance>(item)));
    },
  };
}

export function createEditionStore(options: EditionStoreOptions): EditionStore {
  const { client, tableName } = options;
  const { queryPartition, getItem } = tableReads(options);
  return {
    ...createEditionReader(options),

    async putSnapshot(edition) {
      // Through the items and back, so that the document is what a Query would assemble.
      const pk = editionPk(edition.details.year);
      const read = assemble([...editionItems(edition)].filter((item) => item.pk === pk));
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: snapshotPk(edition.details.year),
            sk: SNAPSHOT_SK,
            entity: 'snapshot',
            version: edition.details.version,
            document: gzipSync(JSON.stringify(read)),
          },
        }),
      );
    },

    async publish(edition) {
      const year = edition.details.year;
      const appearances = [...appearanceItems(edition)];
      const wanted = [...appearances, ...editionItems(edition)];
      // Its items but the head (editions/edition-head.ts), which publish leaves alone.
      const partition = (await queryPartition(editionPk(year))).filter(({ sk }) => sk !== HEAD_SK);
      const previous = assemble(partition);
      const appearanceKeys = new Map(
        [...appearances, ...(previous ? appearanceItems(previous) : [])].map((item) => [
          keyOf(item),
          item,
        ]),
      );
      const existing = [
        ...(await Promise.all([...appearanceKeys.values()].map(({ pk, sk }) => getItem(pk, sk)))),
        ...partition,
        await getItem(CATALOG_PK, catalogSk(year)),
      ].filter((item) => item !== undefined);
      const existingByKey = new Map(existing.map((item) => [keyOf(item), item]));
      const wantedKeys = new Set(wanted.map(keyOf));
      const puts = wanted.filter(
        (item) => !isDeepStrictEqual(existingByKey.get(keyOf(item)), item),
      );
      const deletes = existing.filter((item) => !wantedKeys.has(keyOf(item)));
      await batchWrite(client, tableName, [
        ...puts.map((item) => ({ PutRequest: { Item: item } })),
        ...deletes.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
      ]);
      return {
        written: puts.length,
        deleted: deletes.length,
        unchanged: wanted.length - puts.length,
      };
    },
  };
}

/**
 * A JSON round trip drops undefined fields, as DynamoDB would, so comparisons with stored items
 * are exact.
 */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Every item an edition is stored as, the catalog entry first. */
export function* editionItems(edition: PublishedEdition): Generator<StoredItem> {
  const pk = editionPk(edition.details.year);
  yield {
    pk: CATALOG_PK,
    sk: catalogSk(edition.details.year),
    entity: 'edition-summary',
    ...plain(summarize(edition.details)),
  };
  yield { pk, sk: META_SK, entity: 'edition', ...plain(edition.details) };
  for (const session of edition.sessions) {
    yield { pk, sk: sessionSk(session.id), entity: 'session', ...plain(session) };
  }
  for (const slot of edition.slots) {
    yield { pk, sk: slotSk(slot.id), entity: 'slot', ...plain(slot) };
  }
  for (const speaker of edition.speakers) {
    yield { pk, sk: speakerSk(speaker.id), entity: 'speaker', ...plain(speaker) };
  }
}

/** The edition's speakers as appearances of their persons. */
export function* appearanceItems(edition: PublishedEdition): Generator<StoredItem> {
  for (const appearance of appearancesOf(edition)) {
    yield {
      pk: personPk(appearance.personId),
      sk: appearanceSk(appearance.year),
      entity: 'appearance',
      ...plain(appearance),
    };
  }
}

export function assemble(items: StoredItem[]): PublishedEdition | undefined {
  const of = <T>(entity: Entity) =>
    items.filter((item) => item.entity === entity).map((item) => fromItem<T>(item));
  const [details] = of<EditionDetails>('edition');
  if (!details) return undefined;
  const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;
  return {
    details,
    sessions: of<PublishedSession>('session').sort(byPosition),
    slots: of<Slot>('slot').sort(byPosition),
    speakers: of<PublishedSpeaker>('speaker').sort(bySpeakerName),
  };
}

const keyOf = (item: { pk: string; sk: string }) => `${item.pk}\u0000${item.sk}`;

/**
 * The attributes an item carries beside the model: the only ones a read drops. Every other
 * attribute is the model's and comes back, whether or not ORDERS names it.
 */
const STORAGE_KEYS: ReadonlySet<string> = new Set(['pk', 'sk', 'entity']);

/**
 * The order the API shows the model's fields in (DynamoDB keeps no attribute order), with nested
 * shapes as [field, order]. It orders and never filters: a field it does not name comes after
 * those it names, in alphabetical order, so that every read of an item answers the same bytes.
 */
type Order = readonly (string | readonly [string, Order])[];

const MATERIAL_ORDER = ['id', 'kind', 'title', 'url'] as const;
const LOCATION_ORDER: Order = ['mode', 'venue', 'room', ['stream', ['room']]];
const SUMMARY_ORDER: Order = SUMMARY_FIELDS.map((field) =>
  field === 'location' ? (['location', LOCATION_ORDER] as const) : field,
);

const ORDERS: Record<Entity, Order> = {
  'edition-summary': SUMMARY_ORDER,
  edition: [
    ...SUMMARY_ORDER,
    'abstract',
    'topicAreas',
    ['keywords', ['topics', 'technologies']],
    'targetAudience',
    'format',
    ['displayTimeZones', ['timeZone', 'label']],
    ['segments', ['id', 'name', 'description']],
    ['days', ['date', 'startsAt', 'endsAt']],
    [
      'registration',
      [
        'capacity',
        'opensAt',
        'closesAt',
        'waitlistLimit',
        'retentionDays',
        ['audiences', ['id', 'label']],
        'reminderBefore',
      ],
    ],
    ['checkIn', ['opensBefore']],
  ],
  session: [
    'id',
    'position',
    'day',
    'title',
    'segmentId',
    'start',
    'end',
    'durationMinutes',
    'slotIds',
    ['materials', MATERIAL_ORDER],
    ['location', LOCATION_ORDER],
  ],
  slot: [
    'id',
    'position',
    'kind',
    'day',
    'sessionId',
    'segmentId',
    'title',
    'start',
    'end',
    'durationMinutes',
    'speakerIds',
    'abstract',
    ['materials', MATERIAL_ORDER],
    'fixedStart',
  ],
  speaker: ['id', 'name', 'affiliation', 'bio', 'photoUrl', ['links', ['title', 'url']], 'talkIds'],
  appearance: [
    'personId',
    'year',
    'editionTitle',
    'name',
    'affiliation',
    [
      'talks',
      ['id', 'kind', 'title', 'day', 'start', 'end', 'sessionId', ['materials', MATERIAL_ORDER]],
    ],
  ],
};

type Arrange = (value: unknown) => unknown;

const NOTHING_DROPPED: ReadonlySet<string> = new Set();

/**
 * An order turned into a plain copying loop once: reading an edition copies every item (hot
 * path). It copies every own field but those of `dropped`, the named ones first.
 */
function compileOrder(order: Order, dropped = NOTHING_DROPPED): Arrange {
  const fields = order.map((field): [string, Arrange | undefined] =>
    typeof field === 'string' ? [field, undefined] : [field[0], compileOrder(field[1])],
  );
  const named = new Set(fields.map(([name]) => name));
  const arrangeOne = (source: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {};
    for (const [name, nested] of fields) {
      if (!Object.hasOwn(source, name)) continue;
      const value = source[name];
      copy[name] = nested ? nested(value) : value;
    }
    const others = Object.keys(source).filter((name) => !named.has(name) && !dropped.has(name));
    for (const name of others.sort()) copy[name] = arrangeUnnamed(source[name]);
    return copy;
  };
  const arrange: Arrange = (value) => {
    if (Array.isArray(value)) return value.map(arrange);
    if (typeof value !== 'object' || value === null) return value;
    return arrangeOne(value as Record<string, unknown>);
  };
  return arrange;
}

/** A field no order names: copied whole, its own fields in alphabetical order. */
const arrangeUnnamed: Arrange = compileOrder([]);

const ARRANGERS = Object.fromEntries(
  Object.entries(ORDERS).map(([entity, order]) => [entity, compileOrder(order, STORAGE_KEYS)]),
) as Record<Entity, Arrange>;

/**
 * Items come back as this module wrote them: reading one is dropping the storage keys and putting
 * the model's fields in order. Nothing else is dropped, so no field can be lost on the way.
 */
function fromItem<T>(item: StoredItem): T {
  return ARRANGERS[item.entity](item) as T;
}
