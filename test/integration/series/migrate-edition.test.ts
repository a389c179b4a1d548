import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi } from '#functions/api.ts';
import { createStores } from '#functions/data/stores.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../scripts/lib/dynamodb-local.ts';
import { migrateEdition } from '../../../scripts/series/migrate-edition.ts';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import { freshTable, partitionItems } from '../../support/dynamodb.ts';
import { seedWithSpeakers } from '../../support/published.ts';
import { json, person, registrationApi } from '../../support/registration-app.ts';

/**
 * `npm run series:migrate` in process: an old single-edition table holding 2020 as its stack
 * left it (the file published, with two speakers; registrations, a cancellation, mail, webhooks), moved into a
 * series table and read back there through the real stores and the API.
 */

const SPRING_2020 = new Date('2020-04-01T10:00:00+02:00');
const EMAIL_HASH_KEY = 'test-email-key';
const config = () => ({
  endpoint: inject('dynamoDbEndpoint'),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

/** Every attribute type DynamoDB has, nested too, in an item of a copied kind. */
const TYPES_ITEM = {
  pk: { S: 'AUDIT#2020' },
  sk: { S: '01ZZZZZZZZTYPES' },
  text: { S: 'x' },
  number: { N: '12.5' },
  binary: { B: Uint8Array.from([0, 1, 254, 255]) },
  yes: { BOOL: true },
  nothing: { NULL: true },
  strings: { SS: ['b', 'a'] },
  numbers: { NS: ['3', '1'] },
  binaries: { BS: [Uint8Array.from([9]), Uint8Array.from([1, 2])] },
  nested: { M: { list: { L: [{ S: 'one' }, { M: { deep: { N: '2' } } }] } } },
  expiresAt: { N: '1600000000' },
};

let old: Awaited<ReturnType<typeof registrationApi>>;

async function countItems(client: DynamoDBClient, tableName: string) {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, Select: 'COUNT' }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

/** The API over a table, as the series stack's functions would serve it. */
function apiOver(table: Awaited<ReturnType<typeof freshTable>>) {
  const signIn = inProcessSignIn();
  const app = createApi({
    ...createStores({ client: table.client, tableName: table.tableName }),
    clock: () => SPRING_2020,
    publicUrl: 'http://localhost',
    emailHashKey: EMAIL_HASH_KEY,
    authenticate: signIn.authenticate,
  });
  const token = organizerToken(signIn.signer, { subject: 'test' });
  return {
    get: async (path: string, organizer = false) =>
      json(
        await app.request(
          path,
          organizer ? { headers: { authorization: `Bearer ${await token}` } } : {},
        ),
      ),
  };
}

const migrate = (target: { raw: DynamoDBClient; tableName: string }, source = old.table.raw) =>
  migrateEdition({
    source,
    target: target.raw,
    from: old.table.tableName,
    to: target.tableName,
    edition: 2020,
  });

beforeAll(async () => {
  old = await registrationApi(seedWithSpeakers());
  old.setNow(SPRING_2020);
  const registered = [];
  for (let index = 0; index < 4; index += 1) {
    const answer = await json(await old.register(person({ audience: 'software-developers' })));
    expect(answer.status).toBe(201);
    registered.push(answer.body);
  }
  const cancel = await old.app.request(`/editions/2020/registrations/${registered[0].id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${registered[0].manageToken}` },
  });
  expect(cancel.status).toBe(200);
  const hook = await old.stores.webhooks.createSubscription(
    2020,
    { url: 'https://hooks.example/in', events: ['registration.confirmed'], secret: 'whsec_x' },
    'test',
    SPRING_2020,
  );
  await old.stores.webhooks.recordDelivery(
    2020,
    hook.id,
    { eventId: 'evt_1', type: 'registration.confirmed', status: 'delivered', attempts: 1 },
    SPRING_2020,
  );
  await old.table.raw.send(
    new PutItemCommand({ TableName: old.table.tableName, Item: TYPES_ITEM }),
  );
  // Neither of 2020 nor of a known shape: both stay, reported.
  await old.table.raw.send(
    new PutItemCommand({
      TableName: old.table.tableName,
      Item: { pk: { S: 'REG#2019' }, sk: { S: 'REG#old' } },
    }),
  );
  await old.table.raw.send(
    new PutItemCommand({
      TableName: old.table.tableName,
      Item: { pk: { S: 'COUNTERS' }, sk: { S: 'GLOBAL' } },
    }),
  );
});

describe('moving the 2020 edition into a series table', { timeout: 120_000 }, () => {
  it('copies every item of the edition, the counts per kind equal, and serves it from there', async () => {
    const series = await freshTable();
    const report = await migrate(series);

    expect(report.mismatches).toEqual([]);
    for (const row of report.counts.filter((count) => count.action !== 'skip')) {
      expect(row, row.kind).toMatchObject({ target: row.source });
    }
    const kinds = Object.fromEntries(report.counts.map((count) => [count.kind, count]));
    expect(kinds['REG#<year> / REG#*']?.source).toBe(4);
    expect(kinds['REG#<year> / EMAIL#*']?.source).toBe(3);
    expect(kinds['EDITION#<year> / HEAD']?.target).toBe(1);
    expect(kinds['CATALOG / EDITION#<year>']).toMatchObject({ action: 'merge', target: 1 });
    expect(kinds['PERSON#* / EDITION#<year>']).toMatchObject({ action: 'merge', target: 2 });
    expect(kinds['MAIL#<year> / *']?.target).toBeGreaterThan(0);
    expect(kinds['DELIVERIES#<year>#* / *']?.target).toBe(1);
    expect(kinds['WEBHOOKS#<year> / *']?.target).toBe(1);
    // Events are delivered already: the series stream would send them again.
    expect(kinds['EVENTS#<year> / *']).toMatchObject({ action: 'skip' });
    expect(kinds['EVENTS#<year> / *']?.source).toBeGreaterThan(0);
    expect(report.otherEditions).toEqual({ 2019: 1 });
    expect(report.unknown).toEqual(['COUNTERS GLOBAL']);

    const copied = report.counts.reduce(
      (sum, count) => sum + (count.action === 'skip' ? 0 : count.source),
      0,
    );
    expect(report.written).toBe(copied);
    expect(await countItems(series.raw, series.tableName)).toBe(copied);

    // Byte for byte: every attribute type, the TTL attribute too.
    const { Item } = await series.raw.send(
      new GetItemCommand({
        TableName: series.tableName,
        Key: { pk: TYPES_ITEM.pk, sk: TYPES_ITEM.sk },
      }),
    );
    expect(Item?.binary?.B).toEqual(TYPES_ITEM.binary.B);
    expect(Item?.binaries?.BS?.map((bytes) => [...bytes]).sort()).toEqual([[1, 2], [9]]);
    expect(Item?.strings?.SS?.sort()).toEqual(['a', 'b']);
    expect(Item?.numbers?.NS?.sort()).toEqual(['1', '3']);
    expect(Item?.nested).toEqual(TYPES_ITEM.nested);
    expect(Item?.expiresAt).toEqual(TYPES_ITEM.expiresAt);

    // Read back through the real stores: the same answers from both tables.
    const before = apiOver(old.table);
    const after = apiOver(series);
    for (const [path, organizer] of [
      ['/editions/2020/agenda', false],
      ['/editions', false],
      ['/speakers/ada-lovelace', false],
      ['/admin/editions/2020/registrations', true],
      ['/admin/editions/2020/webhooks', true],
    ] as const) {
      const [was, is] = [await before.get(path, organizer), await after.get(path, organizer)];
      expect(is.status, path).toBe(200);
      expect(is.body, path).toEqual(was.body);
    }
    const listed = await after.get('/admin/editions/2020/registrations', true);
    expect(listed.body.items).toHaveLength(4);
    const stores = createStores({ client: series.client, tableName: series.tableName });
    expect((await stores.agenda.latestRelease(2020))?.number).toBe(1);

    // Run again: nothing to write, everything there.
    const again = await migrate(series);
    expect(again).toMatchObject({ written: 0, alreadyThere: copied, mismatches: [] });
  });

  it('finishes a copy that failed half-way when run again', async () => {
    const series = await freshTable();
    const failing = new DynamoDBClient(config());
    let puts = 0;
    failing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand' && ++puts > 30) {
          throw new Error('injected: the connection dropped');
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    await expect(migrate({ raw: failing, tableName: series.tableName })).rejects.toThrow(
      'injected',
    );
    const partial = await countItems(series.raw, series.tableName);
    expect(partial).toBe(30);

    const finished = await migrate(series);
    expect(finished.mismatches).toEqual([]);
    const copied = finished.written + finished.alreadyThere;
    expect(finished.alreadyThere).toBe(30);
    expect(await countItems(series.raw, series.tableName)).toBe(copied);
    for (const row of finished.counts.filter((count) => count.action !== 'skip')) {
      expect(row, row.kind).toMatchObject({ target: row.source });
    }
  });

  it('merges the catalog entry and the appearances beside those of the other years', async () => {
    const series = await freshTable();
    // Another year already in the series: its catalog entry shares the CATALOG partition.
    await series.raw.send(
      new PutItemCommand({
        TableName: series.tableName,
        Item: { pk: { S: 'CATALOG' }, sk: { S: 'EDITION#2021' }, year: { N: '2021' } },
      }),
    );
    await series.raw.send(
      new PutItemCommand({
        TableName: series.tableName,
        Item: { pk: { S: 'PERSON#ada-lovelace' }, sk: { S: 'EDITION#2021' }, year: { N: '2021' } },
      }),
    );
    const report = await migrate(series);
    expect(report.mismatches).toEqual([]);
    const ada = await partitionItems(series, 'PERSON#ada-lovelace');
    expect(ada.map((item) => item.sk)).toEqual(['EDITION#2020', 'EDITION#2021']);
    const catalog = await series.raw.send(
      new GetItemCommand({
        TableName: series.tableName,
        Key: { pk: { S: 'CATALOG' }, sk: { S: 'EDITION#2021' } },
      }),
    );
    expect(catalog.Item?.year).toEqual({ N: '2021' });
  });

  it('reports an item written meanwhile with other content, and leaves it as it is', async () => {
    const series = await freshTable();
    const racing = new DynamoDBClient(config());
    let raced = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Item?: Record<string, { S?: string }> };
        if (context.commandName === 'PutItemCommand' && !raced && input.Item) {
          raced = true;
          // Someone else writes this key first, with other content.
          await series.raw.send(
            new PutItemCommand({
              TableName: series.tableName,
              Item: { ...input.Item, entity: { S: 'someone-else' } } as never,
            }),
          );
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    await expect(migrate({ raw: racing, tableName: series.tableName })).rejects.toThrow(
      /was written there by someone else during the migration, with different content/,
    );
    const items = await series.raw.send(new ScanCommand({ TableName: series.tableName }));
    expect(items.Items?.filter((item) => item.entity?.S === 'someone-else')).toHaveLength(1);
  });

  it('warns when the series table does not expire items the old one expires', async () => {
    const source = await freshTable();
    await source.raw.send(
      new UpdateTimeToLiveCommand({
        TableName: source.tableName,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    const series = await freshTable();
    const report = await migrateEdition({
      source: source.raw,
      target: series.raw,
      from: source.tableName,
      to: series.tableName,
      edition: 2020,
    });
    expect(report.warnings).toEqual([
      `--to ${series.tableName} has no time to live on expiresAt: the copied items keep their expiresAt, but nothing deletes them when it passes.`,
    ]);
  });
});
