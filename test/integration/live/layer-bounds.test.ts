import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLiveStore } from '#functions/data/editions/live-store.ts';
import { auditPk, eventsPk, LIVE_SK, livePk } from '#functions/data/table/keys.ts';
import { withRequestDeadline } from '#functions/data/table/retry.ts';
import { publishEditionFile } from '#functions/releases/publish.ts';
import { type Delay, MAX_ACTIVE_DELAYS } from '#shared/agenda/live.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { newEvent } from '#shared/events.ts';
import { editionWith, endAt, seedEdition, session } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * The live layer stays one small item on DynamoDB Local however many delays are set: only the
 * delays in force are kept (the history is the audit trail), at most MAX_ACTIVE_DELAYS of them,
 * and delays set at once are merged, none refused.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
const slotIds = publishEdition(seedEdition())
  .slots.filter((slot) => slot.kind !== 'end')
  .map((slot) => slot.id);
const FIRST_TALK_AFTER_COFFEE = 'distribution-container-image-formats-oci-sif';
/** DynamoDB's limit on an item: names and values together. */
const ITEM_LIMIT_BYTES = 400 * 1024;
/** Separate live stores, each with its own turns, sharing the table as functions do. */
const INSTANCES = 6;
const POSTS = 10_000;
/** Posts set at once through the store: merged into writes of up to 25. */
const WAVE = 100;

beforeAll(async () => {
  api = await registrationApi(seedEdition());
});

const delay = (body: unknown, year = 2020) =>
  api.organizer('POST', `/admin/editions/${year}/live/delays`, body);

async function liveItem(year: number) {
  const { Item } = await api.table.client.send(
    new GetCommand({
      TableName: api.table.tableName,
      Key: { pk: livePk(year), sk: LIVE_SK },
      ConsistentRead: true,
    }),
  );
  return Item;
}

const putLiveItem = (year: number, version: number, delays: Delay[]) =>
  api.table.client.send(
    new PutCommand({
      TableName: api.table.tableName,
      Item: {
        pk: livePk(year),
        sk: LIVE_SK,
        entity: 'live',
        version,
        delays: JSON.stringify(delays),
        updatedAt: '2020-06-25T07:00:00.000Z',
      },
    }),
  );

/** A delay set through the store, as the route does, with its event and audit entry. */
const storePost = (
  live: ReturnType<typeof createLiveStore>,
  year: number,
  post: { from: string; minutes: number; setAt: string },
) =>
  withRequestDeadline(60_000, () =>
    live.addDelay(year, post, {
      event: (version) =>
        newEvent('agenda.delayed', year, { ...post, until: null, version }, new Date(post.setAt)),
      audit: () => ({
        at: post.setAt,
        who: 'organizer',
        action: 'delay',
        target: post.from,
        summary: '',
      }),
    }),
  );

async function queryAll(pk: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await api.table.client.send(
      new QueryCommand({
        TableName: api.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('a live layer that cannot grow without bound', () => {
  it(`takes ${POSTS} delays, ${WAVE} at a time, in one small item, clears included`, async () => {
    const live = createLiveStore(api.table);
    const YEAR = 2041;
    /** What should be in force: the last minutes set on each slot, 0 clearing it. */
    const model = new Map<string, number>();
    let largest = 0;
    for (let wave = 0; wave < POSTS; wave += WAVE) {
      const posts = Array.from({ length: Math.min(WAVE, POSTS - wave) }, (_, offset) => {
        const index = wave + offset;
        return {
          from: slotIds[(index * 7) % slotIds.length] as string,
          minutes: index % 5 === 0 ? 0 : ((index % 61) - 20) * 2,
          setAt: new Date(Date.UTC(2041, 5, 25, 7, 0, 0, index)).toISOString(),
        };
      });
      const layers = await Promise.all(posts.map((post) => storePost(live, YEAR, post)));
      // Merged in the order set: each its own version.
      expect(layers.map((layer) => layer.version)).toEqual(
        posts.map((_, offset) => wave + offset + 1),
      );
      for (const { from, minutes } of posts) {
        if (minutes === 0) model.delete(from);
        else model.set(from, minutes);
      }
      largest = Math.max(largest, Buffer.byteLength(String((await liveItem(YEAR))?.delays)));
    }
    const final = await live.getLive(YEAR, { consistent: true });
    expect(final.version).toBe(POSTS);
    expect(new Map(final.delays.map(({ from, minutes }) => [from, minutes]))).toEqual(model);
    // One delay a slot at most: the item is as large after 10,000 delays as after 50.
    expect(largest).toBeLessThan(slotIds.length * 120);
    expect(largest).toBeGreaterThan(0);
    // The history is the audit trail's, one entry a delay.
    expect(await queryAll(auditPk(YEAR))).toHaveLength(POSTS);
  }, 900_000);

  it('takes a delay on a layer kept before it was bounded, near 400 KB of history, and clears it', async () => {
    const history: Delay[] = [];
    for (let bytes = 0, index = 0; bytes < ITEM_LIMIT_BYTES - 1_000; index += 1) {
      const minutes = index % 4 === 3 ? 0 : (index % 30) + 1;
      const setAt = new Date(Date.UTC(2020, 5, 25, 6, 0, 0, index)).toISOString();
      history.push({ from: FIRST_TALK_AFTER_COFFEE, minutes, setAt });
      bytes += JSON.stringify(history.at(-1)).length + 1;
    }
    history.push({ from: FIRST_TALK_AFTER_COFFEE, minutes: 25, setAt: '2020-06-25T08:00:00.000Z' });
    // Filled to 50 bytes below the limit, names and values counted, by a delay cleared since:
    // no delay more would have fitted.
    const others = 'pkLIVE#2020skLIVEentityliveversion1234updatedAt2020-06-25T07:00:00.000Zdelays'
      .length;
    const filler = (until: string) => [
      ...history,
      { from: 'an-old-slot', minutes: 5, until, setAt: '2020-06-25T08:00:01.000Z' },
      { from: 'an-old-slot', minutes: 0, setAt: '2020-06-25T08:00:02.000Z' },
    ];
    const used = others + JSON.stringify(filler('')).length;
    const full = filler('x'.repeat(ITEM_LIMIT_BYTES - 50 - used));
    await putLiveItem(2020, full.length, full);

    const set = await delay({ from: 'security-security-at-scale', minutes: 20 });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ version: full.length + 1 });
    const item = await liveItem(2020);
    expect(JSON.parse(String(item?.delays))).toEqual([
      expect.objectContaining({ from: FIRST_TALK_AFTER_COFFEE, minutes: 25 }),
      expect.objectContaining({ from: 'security-security-at-scale', minutes: 20 }),
    ]);

    for (const from of [FIRST_TALK_AFTER_COFFEE, 'security-security-at-scale']) {
      expect((await delay({ from, minutes: 0 })).status).toBe(201);
    }
    expect(JSON.parse(String((await liveItem(2020))?.delays))).toEqual([]);
  });

  it(`answers 400 naming from for a delay on one more slot past ${MAX_ACTIVE_DELAYS} in force`, async () => {
    const inForce = Array.from({ length: MAX_ACTIVE_DELAYS }, (_, index) => ({
      from: `a-slot-of-an-earlier-release-${index}`,
      minutes: 5,
      setAt: '2020-06-25T07:00:00.000Z',
    }));
    const version = Number((await liveItem(2020))?.version ?? 0) + 1;
    await putLiveItem(2020, version, inForce);
    const answer = await delay({ from: FIRST_TALK_AFTER_COFFEE, minutes: 10 });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ name: 'from', in: 'body' })],
    });
    expect(await liveItem(2020)).toMatchObject({ version });
    // Clearing is always possible, a full layer or not.
    expect((await delay({ from: FIRST_TALK_AFTER_COFFEE, minutes: 0 })).status).toBe(201);
    await putLiveItem(2020, version + 1, []);
  });

  it('records in the audit trail what each delay replaced', async () => {
    await delay({ from: 'security-runtime-security', minutes: 15 });
    await delay({ from: 'security-runtime-security', minutes: 5, until: 'lunch-break-1300' });
    await delay({ from: 'security-runtime-security', minutes: 0 });
    const audit = await api.organizer('GET', '/admin/editions/2020/audit?limit=3');
    expect(
      (audit.body as { items: { summary: string }[] }).items.map((entry) => entry.summary),
    ).toEqual([
      'Cleared the delay from security-runtime-security (was 5 min late until lunch-break-1300)',
      'Running 5 min late from security-runtime-security until lunch-break-1300 (was 15 min late)',
      'Running 15 min late from security-runtime-security',
    ]);
  });
});

describe('delays set at once', () => {
  it('applies all 30, none refused, each in the final layer with its event and audit entry', async () => {
    const before = Number((await liveItem(2020))?.version ?? 0);
    const posts = slotIds.slice(0, 30).map((from, index) => ({ from, minutes: index + 1 }));
    const answers = await Promise.all(posts.map((body) => delay(body)));

    expect(answers.map((answer) => answer.status)).toEqual(posts.map(() => 201));
    const versions = answers.map((answer) => (answer.body as { version: number }).version);
    expect(new Set(versions).size).toBe(30);
    expect(Math.max(...versions)).toBe(before + 30);
    const layer = await createLiveStore(api.table).getLive(2020, { consistent: true });
    expect(layer.version).toBe(before + 30);
    expect(new Map(layer.delays.map(({ from, minutes }) => [from, minutes]))).toEqual(
      new Map(posts.map(({ from, minutes }) => [from, minutes])),
    );
    const events = (await queryAll(eventsPk(2020))).filter(
      (event) =>
        event.type === 'agenda.delayed' &&
        Number((event.data as { version: number }).version) > before,
    );
    expect(
      events.map((event) => (event.data as { version: number }).version).sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 30 }, (_, index) => before + index + 1));
    const audit = await api.organizer('GET', '/admin/editions/2020/audit?limit=30');
    expect(
      new Set((audit.body as { items: { target: string }[] }).items.map((entry) => entry.target)),
    ).toEqual(new Set(posts.map(({ from }) => `slot ${from}`)));
  });
});

describe('delays set at once by separate instances (Lambda functions)', () => {
  it(`merges all 30 from ${INSTANCES} instances: each retries its conditional write until it lands`, async () => {
    const YEAR = 2042;
    const posts = slotIds.slice(0, 30).map((from, index) => ({
      from,
      minutes: -(index + 1),
      setAt: new Date(Date.UTC(2042, 5, 25, 7, 0, 0, index)).toISOString(),
    }));
    const instances = Array.from({ length: INSTANCES }, () => createLiveStore(api.table));
    const layers = await Promise.all(
      instances.map(async (live, instance) => {
        const versions: number[] = [];
        // One request at a time per instance, as in Lambda.
        for (const post of posts.filter((_, index) => index % INSTANCES === instance)) {
          const layer = await storePost(live, YEAR, post);
          versions.push(layer.version);
        }
        return versions;
      }),
    );
    expect(new Set(layers.flat()).size).toBe(30);
    const final = await instances[0]?.getLive(YEAR, { consistent: true });
    expect(final?.version).toBe(30);
    expect(new Map(final?.delays.map(({ from, minutes }) => [from, minutes]))).toEqual(
      new Map(posts.map(({ from, minutes }) => [from, minutes])),
    );
    expect(await queryAll(auditPk(YEAR))).toHaveLength(30);
    expect(await queryAll(eventsPk(YEAR))).toHaveLength(30);
  });
});

describe('a release of the edition file', () => {
  it('drops the delays whose slots the new file removed or moved, in the audit trail', async () => {
    const YEAR = 2043;
    const file = (agenda: Parameters<typeof editionWith>[0]) =>
      editionWith(agenda, { year: YEAR, date: '2043-06-20' });
    await publishEditionFile(
      api.stores,
      file([session('one', 30), session('two', 30), session('three', 30), endAt('10:30')]),
      new Date('2043-06-20T06:00:00Z'),
    );
    const live = createLiveStore(api.table);
    for (const from of ['one-one-talk', 'two-two-talk', 'three-three-talk']) {
      await storePost(live, YEAR, { from, minutes: 5, setAt: '2043-06-20T07:00:00.000Z' });
    }
    // The second session goes; the day still ends at 10:30, so the first starts at 09:30 now
    // and the third keeps its 10:00.
    await publishEditionFile(
      api.stores,
      file([session('one', 30), session('three', 30), endAt('10:30')]),
      new Date('2043-06-20T07:10:00Z'),
    );
    const layer = await live.getLive(YEAR, { consistent: true });
    expect(layer.delays.map((delay) => delay.from)).toEqual(['three-three-talk']);
    const drops = (await queryAll(auditPk(YEAR))).filter((entry) => entry.action === 'delay.drop');
    expect(drops.map(({ who, summary }) => ({ who, summary }))).toEqual(
      expect.arrayContaining([
        {
          who: 'edition-file',
          summary:
            'Release 2 dropped the delay from two-two-talk (5 min late): the slot two-two-talk is not in the agenda',
        },
        {
          who: 'edition-file',
          summary:
            'Release 2 dropped the delay from one-one-talk (5 min late): the slot one-one-talk moved to 2043-06-20 09:30',
        },
      ]),
    );
    expect(drops).toHaveLength(2);
  });
});
