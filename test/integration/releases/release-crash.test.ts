import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createPublishedEditions } from '#functions/data/editions/published-editions.ts';
import type { Delay } from '#shared/agenda/live.ts';
import { appearancesOf } from '#shared/edition/people.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { ADA } from '../../support/drafts/draft-fixtures.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { editionWith, endAt, session } from '../../support/editions.ts';
import {
  person,
  REGISTRATION_OPEN_AT,
  registrationApi,
  registrationEdition,
} from '../../support/registration-app.ts';

/**
 * A release whose process is killed between any two of its writes (test/support/release-child.ts,
 * SIGKILL) on DynamoDB Local: the release exists if and only if its release.published event and
 * its audit entry do, and the next attempt finishes what follows (the edition published, the
 * speakers' appearances, the live layer, the schedule notice, the front door's cache), answered
 * as the release. Before that, a fresh public read serves the release all the same.
 */

const CHILD = join(import.meta.dirname, '..', '..', 'support', 'release-child.ts');

/** An edition with a speaker and registration, a registrant, and a delay the release drops. */
async function crashWorld() {
  const told: [number, number][] = [];
  const file = editionWith(
    [session('one', 30, [{ title: 'One talk', speakers: ['ada'] }]), endAt('10:00')],
    {
      registration: registrationEdition().registration,
      speakers: [ADA],
    },
  );
  const api = await registrationApi(
    file,
    {},
    {
      publicCache: { invalidateEdition: async (year, release) => void told.push([year, release]) },
    },
  );
  expect((await api.register(person())).status).toBe(201);
  const delayed = await api.organizer('POST', '/admin/editions/2030/live/delays', {
    from: 'one',
    minutes: 10,
  });
  expect(delayed.status, delayed.text).toBe(201);
  // The draft: the workshop ends an hour later (its session moves with it) and Ada moved on.
  const read = await api.organizer('GET', '/admin/editions/2030/draft');
  const source = read.body.source as EditionSource;
  const draft: EditionSource = {
    ...source,
    agenda: source.agenda.map((entry) =>
      entry.kind === 'end' ? { ...entry, at: '11:00' } : entry,
    ),
    speakers: source.speakers.map((speaker) => ({ ...speaker, affiliation: 'Difference Engines' })),
  };
  const put = await api.organizer('PUT', '/admin/editions/2030/draft', draft, {
    'if-match': String(read.etag),
  });
  expect(put.status, put.text).toBe(200);
  told.length = 0;
  const items = (pk: string) => partitionItems(api.table, pk);
  return { api, told, items, draft };
}

/** The release in a child process, killed before write `killBefore + 1` (never, when absent). */
function releaseInChild(tableName: string, killBefore?: number) {
  const result = spawnSync(process.execPath, [CHILD], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
      TABLE_NAME: tableName,
      RELEASE_AT: REGISTRATION_OPEN_AT.toISOString(),
      ...(killBefore === undefined ? {} : { KILL_BEFORE_WRITE: String(killBefore) }),
    },
  });
  return result;
}

type World = Awaited<ReturnType<typeof crashWorld>>;

/** What the table says of release 2: the release, its event, its audit entry. */
async function recordsOfRelease2({ items }: World) {
  const releases = (await items('RELEASES#2030')).filter((item) => item.sk === 'REL#0002');
  const events = (await items('EVENTS#2030')).filter(
    (item) =>
      item.type === 'release.published' && (item.data as { release?: number }).release === 2,
  );
  const audits = await items('AUDIT#2030');
  const released = audits.filter(
    (item) => item.action === 'release' && item.target === 'release 2',
  );
  return { releases, events, audits: released, all: audits };
}

/** The version release 2 publishes, from its item. */
const versionOf = (release: Record<string, unknown> | undefined) =>
  publishEdition(JSON.parse(String(release?.source)) as EditionSource).details.version;

/** Everything a finished release 2 leaves, checked on the table. */
async function expectFinished(world: World, { cacheTold = true } = {}) {
  const { api, items, told, draft } = world;
  const records = await recordsOfRelease2(world);
  expect(records.releases).toHaveLength(1);
  const version = versionOf(records.releases[0]);
  expect(records.events).toHaveLength(1);
  expect(records.audits).toHaveLength(1);
  // The head names release 2 and marks it done.
  const [head] = (await items('EDITION#2030')).filter((item) => item.sk === 'HEAD');
  expect(head).toMatchObject({ release: 2, completed: 2 });
  expect(String(head?.version)).toBe(version);
  // The snapshot and the partition are release 2's: a fresh public function reads the snapshot.
  expect((await api.stores.editions.getSnapshot(2030))?.details.version).toBe(version);
  expect((await api.stores.editions.getPublishedEdition(2030))?.details.version).toBe(version);
  // Ada's appearance says where she is now.
  const [appearance] = appearancesOf(publishEdition(draft));
  const ada = await api.stores.editions.getPerson(String(appearance?.personId));
  expect(ada?.editions[0]).toMatchObject({ affiliation: 'Difference Engines' });
  // The delay on the session the release moved is dropped, once.
  const layer = await api.stores.live.getLive(2030, { consistent: true });
  expect(layer.delays.map((delay: Delay) => delay.from)).toEqual([]);
  expect(records.all.filter((item) => item.action === 'delay.drop')).toHaveLength(1);
  // The schedule notice is queued, once, with its audit entry; none waits.
  expect(records.all.filter((item) => item.action === 'schedule.notice')).toHaveLength(1);
  expect(await items('NOTICE#2030')).toEqual([]);
  expect((await items('MAIL#2030')).filter((item) => item.sk === 'fanout_schedule_2')).toHaveLength(
    1,
  );
  // The front door was told.
  if (cacheTold) expect(told).toContainEqual([2030, 2]);
}

describe('a release killed between its steps', () => {
  it('runs to the end in a child process, which counts its writes', async () => {
    const world = await crashWorld();
    const run = releaseInChild(world.api.table.tableName);
    expect(run.status, run.stderr).toBe(0);
    const { release, writes } = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(release).toBe(2);
    // The transaction, the partition and the snapshot, the seat counter, the live layer, the
    // notice with its audit entry, the head marked done.
    expect(writes).toBeGreaterThanOrEqual(7);
    // The child has no front door to tell.
    await expectFinished(world, { cacheTold: false });
  });

  it('loses no event at any step boundary: the release exists iff its event and audit entry do, and the next attempt finishes the rest', async () => {
    const counted = await crashWorld();
    const dry = releaseInChild(counted.api.table.tableName);
    expect(dry.status, dry.stderr).toBe(0);
    const { writes } = JSON.parse(dry.stdout.trim().split('\n').at(-1) ?? '{}') as {
      writes: number;
    };
    for (let killBefore = 0; killBefore < writes; killBefore += 1) {
      const world = await crashWorld();
      const run = releaseInChild(world.api.table.tableName, killBefore);
      expect(run.signal, `killed before write ${killBefore + 1}: ${run.stderr}`).toBe('SIGKILL');
      const records = await recordsOfRelease2(world);
      const committed = records.releases.length;
      expect(committed, `killed before write ${killBefore + 1}`).toBe(killBefore === 0 ? 0 : 1);
      expect(records.events).toHaveLength(committed);
      expect(records.audits).toHaveLength(committed);
      if (committed) {
        // A fresh public function serves release 2 already, whatever the steps left undone.
        const published = createPublishedEditions({
          store: world.api.stores.editions,
          heads: world.api.stores.heads,
          releases: world.api.stores.agenda,
        });
        const current = await published.current(2030);
        expect(current?.version).toBe(versionOf(records.releases[0]));
        expect(current?.edition.details.endsAt).toMatch(/T11:00/);
      }
      // The retry: the same release, finished and answered as that release (or made, if none was).
      const retry = await world.api.organizer('POST', '/admin/editions/2030/agenda/releases', {
        name: 'later',
        comment: 'Again.',
      });
      expect(retry.status, `killed before write ${killBefore + 1}: ${retry.text}`).toBe(201);
      expect(retry.body.release.number).toBe(2);
      await expectFinished(world);
      // Nothing is left to do: the next attempt has nothing to release.
      const again = await world.api.organizer('POST', '/admin/editions/2030/agenda/releases', {
        name: 'later',
        comment: 'Once more.',
      });
      expect(again.status).toBe(409);
    }
  }, 600_000);
});
