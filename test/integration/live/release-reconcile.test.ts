import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIVE_SK, livePk } from '#functions/data/table/keys.ts';
import type { Delay } from '#shared/agenda/live.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * A release reconciles the live layer on DynamoDB Local: delays whose slots it removed or moved
 * are dropped, said in its answer and the audit trail; delays named by session id.
 */

let api: Awaited<ReturnType<typeof registrationApi>>;
const delay = (body: unknown) => api.organizer('POST', '/admin/editions/2020/live/delays', body);

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  expect((await delay({ from: 'runtime-introduction-and-scope', minutes: 10 })).status).toBe(201);
  expect((await delay({ from: 'security-security-at-scale', minutes: 20 })).status).toBe(201);
});

const HISTORY_FILE = 'editions/history/hpcw-2020-online.yaml';
const historySource = () =>
  parseEditionFile(
    HISTORY_FILE,
    readFileSync(join(import.meta.dirname, '..', '..', '..', HISTORY_FILE), 'utf8'),
  );

/** Replaces the draft with a source and releases it, as `npm run edition -- release` does. */
async function releaseSource(source: EditionSource, name: string) {
  const draft = await api.organizer('GET', '/admin/editions/2020/draft');
  const put = await api.organizer('PUT', '/admin/editions/2020/draft', source, {
    'if-match': String(draft.etag),
  });
  expect(put.status).toBe(200);
  return api.organizer('POST', '/admin/editions/2020/agenda/releases', {
    name,
    comment: 'As it ran.',
    force: { reason: 'the findings are those of the file' },
  });
}

const liveLayer = async () => {
  const answer = await api.organizer('GET', '/admin/editions/2020/live');
  expect(answer.status).toBe(200);
  return answer.body as { version: number; delays: Delay[]; slots: { id: string }[] };
};

const liveStarts = async () => {
  const agenda = (await (await api.app.request('/editions/2020/agenda')).json()) as {
    slots: { id: string; liveStart?: string }[];
  };
  return Object.fromEntries(
    agenda.slots.flatMap((slot) => (slot.liveStart ? [[slot.id, slot.liveStart]] : [])),
  );
};

describe('the delays in force, listed', () => {
  it('lists the delays in force with the live slots they make', async () => {
    const layer = await liveLayer();
    expect(layer.delays).toEqual([
      expect.objectContaining({ from: 'runtime-introduction-and-scope', minutes: 10 }),
      expect.objectContaining({ from: 'security-security-at-scale', minutes: 20 }),
    ]);
    expect(layer.slots).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'security-security-at-scale' })]),
    );
    expect((await api.organizer('GET', '/admin/editions/2031/live')).status).toBe(404);
  });
});

describe('a release reconciles the live layer', () => {
  let versionBefore: number;

  it('drops the June 25 delays when the workshop moves to June 16-18, saying which and why', async () => {
    versionBefore = (await api.stores.live.getLive(2020, { consistent: true })).version;
    const released = await releaseSource(historySource(), 'as-it-ran');
    expect(released.status).toBe(201);
    expect(released.body.liveDelaysDropped).toEqual([
      {
        from: 'runtime-introduction-and-scope',
        minutes: 10,
        slotId: 'runtime-introduction-and-scope',
        reason: 'moved',
        start: '2020-06-16T17:00:00+02:00',
      },
      {
        from: 'security-security-at-scale',
        minutes: 20,
        slotId: 'security-security-at-scale',
        reason: 'removed',
      },
    ]);
    // Cleared as an organizer would clear them: a new version each, none left in force.
    expect(await liveLayer()).toMatchObject({ version: versionBefore + 2, delays: [], slots: [] });
    const audit = await api.organizer('GET', '/admin/editions/2020/audit?limit=10');
    const drops = (audit.body.items as { action: string; who: string; summary: string }[])
      .filter((entry) => entry.action === 'delay.drop')
      .map(({ who, summary }) => ({ who, summary }));
    expect(drops).toEqual(
      expect.arrayContaining([
        {
          who: 'test',
          summary:
            'Release 2 ("as-it-ran") dropped the delay from runtime-introduction-and-scope (10 min late): the slot runtime-introduction-and-scope moved to 2020-06-16 17:00',
        },
        {
          who: 'test',
          summary:
            'Release 2 ("as-it-ran") dropped the delay from security-security-at-scale (20 min late): the slot security-security-at-scale is not in the agenda',
        },
      ]),
    );
    expect(drops).toHaveLength(2);
  });

  it('shows no "running late" on the new days, nor live times anywhere', async () => {
    api.setNow(new Date('2020-06-16T17:02:00+02:00'));
    const page = await (await api.app.request('/2020')).text();
    expect(page).not.toContain('Running 10 min late');
    expect(page).not.toContain('id="late"');
    expect(await liveStarts()).toEqual({});
  });

  it('takes a session id in from: its first slot, and the delay stops at the item with its own time', async () => {
    const answer = await delay({ from: 'runtime', minutes: 20 });
    expect(answer.status).toBe(201);
    expect(answer.body.delay).toMatchObject({
      from: 'runtime-introduction-and-scope',
      minutes: 20,
    });
    expect(answer.body.slots.map((slot: { id: string }) => slot.id)).toEqual([
      'runtime-introduction-and-scope',
      'runtime-container-runtimes-overview',
      'runtime-the-podman-runtime',
      'runtime-state-of-singularity',
      'runtime-state-of-sarus',
    ]);
    expect(answer.body.findings).toEqual([
      expect.objectContaining({ code: 'DELAY_OVERLAPS_FIXED_TIME', minutes: 20 }),
    ]);
    // Served from the store: the 17:45 panel keeps its time.
    const starts = await liveStarts();
    expect(starts['runtime-state-of-sarus']).toBe('2020-06-16T17:55:00+02:00');
    expect(starts).not.toHaveProperty('runtime-panel-discussion');
    const audit = await api.organizer('GET', '/admin/editions/2020/audit?limit=1');
    expect(audit.body.items[0].summary).toBe(
      'Running 20 min late from runtime-introduction-and-scope (posted as from the session runtime)',
    );
  });

  it('takes a session id in until: the delay ends with that session', async () => {
    const answer = await delay({ from: 'build-test', minutes: 5, until: 'build-test' });
    expect(answer.status).toBe(201);
    // The day's last session: no slot after it that day, so the day's end stops the delay.
    expect(answer.body.delay).toEqual({
      from: 'build-test-introduction-and-scope',
      minutes: 5,
      setAt: expect.any(String),
    });
    const same = await delay({
      from: 'runtime-container-runtimes-overview',
      minutes: 5,
      until: 'runtime',
    });
    expect(same.status).toBe(201);
    expect(same.body.delay).toMatchObject({
      from: 'runtime-container-runtimes-overview',
      until: 'build-test-introduction-and-scope',
    });
  });

  it.each([
    [
      { from: 'runtime', minutes: 5, until: 'distribution' },
      'until',
      /on 2020-06-17 and "runtime" on 2020-06-16/,
    ],
    [
      { from: 'runtime-state-of-sarus', minutes: 5, until: 'runtime-the-podman-runtime' },
      'until',
      /must come after/,
    ],
    [{ from: 'no-such-session', minutes: 5 }, 'from', /no slot or session/],
  ])('refuses %j with 400 naming %s, writing nothing', async (body, field, detail) => {
    const before = await liveLayer();
    const answer = await delay(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: [{ name: field, in: 'body', detail: expect.stringMatching(detail) }],
    });
    expect((await liveLayer()).version).toBe(before.version);
  });

  it('clears a delay on a slot the agenda lost, and drops it when the id comes back', async () => {
    // A layer written before releases reconciled it: a delay on a slot no longer in the agenda.
    const layer = await api.stores.live.getLive(2020, { consistent: true });
    const orphan = {
      from: 'security-security-at-scale',
      minutes: 15,
      setAt: '2020-06-16T14:00:00.000Z',
    };
    const withOrphan = ({ version, delays }: { version: number; delays: Delay[] }) =>
      api.table.client.send(
        new PutCommand({
          TableName: api.table.tableName,
          Item: {
            pk: livePk(2020),
            sk: LIVE_SK,
            entity: 'live',
            version: version + 1,
            delays: JSON.stringify([...delays, orphan]),
            updatedAt: orphan.setAt,
          },
        }),
      );
    await withOrphan(layer);
    expect((await delay({ from: 'security-security-at-scale', minutes: 0 })).status).toBe(201);
    const cleared = await api.stores.live.getLive(2020, { consistent: true });
    expect(cleared.delays.map((one) => one.from)).not.toContain('security-security-at-scale');
    // Set again, then the proposal (which has the slot) released once more: it does not come back.
    await withOrphan(cleared);
    const released = await releaseSource(seedEdition(), 'the-proposal-again');
    expect(released.status).toBe(201);
    expect(released.body.liveDelaysDropped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'security-security-at-scale', reason: 'removed' }),
        // The RUNTIME delay of June 16 goes back to June 25 09:00 with its session: moved.
        expect.objectContaining({
          from: 'runtime-introduction-and-scope',
          reason: 'moved',
          start: '2020-06-25T09:00:00+02:00',
        }),
      ]),
    );
    expect((await liveLayer()).delays).toEqual([]);
    expect(await liveStarts()).toEqual({});
  });
});
