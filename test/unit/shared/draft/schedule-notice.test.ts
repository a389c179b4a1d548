import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDITIONS_DIR, loadEditionFile } from '#editions/load.ts';
import { scheduleNotice } from '#shared/draft/schedule-notice.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';

/**
 * What a release moved for the people who come, slot by slot (by id): the days, the place, the
 * way of joining, a talk's time. Titles, abstracts, speakers and added talks move nobody.
 */

const HISTORY = join(EDITIONS_DIR, 'history', 'hpcw-2020-online.yaml');

const small = (overrides: Parameters<typeof editionWith>[1] = {}, first = 30) =>
  editionWith(
    [
      session('one', first, [{ title: 'Opening talk' }]),
      session('two', 30, [{ title: 'Second talk' }]),
      endAt('11:00'),
    ],
    { startsAt: '09:00', ...overrides },
  );

const notice = (before: EditionSource, after: EditionSource) =>
  scheduleNotice(publishEdition(before), publishEdition(after));

describe('scheduleNotice', () => {
  it('is null between a release and itself', () => {
    expect(notice(seedEdition(), seedEdition())).toBeNull();
  });

  it('is null for a title typo, a new abstract, another speaker or an added talk', () => {
    const before = small();
    const renamed = structuredClone(before);
    const first = renamed.agenda[0];
    if (first?.kind !== 'session') throw new Error('a session first');
    const item = first.items[0];
    if (!item) throw new Error('an item');
    item.title = 'Openning talk';
    item.abstract = 'Now with an abstract.';
    expect(notice(before, renamed)).toBeNull();
    // A talk added at the end of a session that had time left moves no other.
    const added = editionWith(
      [
        session('one', 30, [{ title: 'Opening talk' }]),
        session('two', 30, [{ title: 'Second talk' }]),
        session('three', 15, [{ title: 'Third talk' }]),
        endAt('11:00'),
      ],
      { startsAt: '09:00' },
    );
    expect(notice(before, added)).toBeNull();
  });

  it('lists a talk that moved, with its old and new times, zone and place', () => {
    // The first session runs 15 minutes longer: the second talk starts 15 minutes later.
    const moved = notice(small(), small({}, 45));
    expect(moved?.edition).toBeNull();
    expect(moved?.moved.map((talk) => talk.id)).toEqual(['one-opening-talk', 'two-second-talk']);
    expect(moved?.moved[1]).toEqual({
      id: 'two-second-talk',
      title: 'Second talk',
      from: {
        start: '2030-06-20T09:30:00+02:00',
        end: '2030-06-20T10:00:00+02:00',
        zone: 'CEST',
        place: 'Test Venue',
        mode: 'in-person',
      },
      to: expect.objectContaining({ zone: 'CEST', place: 'Test Venue', mode: 'in-person' }),
    });
    const talk = moved?.moved[1];
    expect(Date.parse(talk?.to.start ?? '') - Date.parse(talk?.from.start ?? '')).toBe(15 * 60_000);
  });

  it('tells a change of place or way of joining even when no time moved', () => {
    const hall = notice(small(), small({ venue: 'Other Venue' }));
    expect(hall?.edition).toEqual({
      from: { dates: ['2030-06-20'], place: 'Test Venue', mode: 'in-person' },
      to: { dates: ['2030-06-20'], place: 'Other Venue', mode: 'in-person' },
    });
    const online = notice(
      small(),
      small({
        venue: undefined,
        location: { mode: 'online', stream: { url: 'https://meet.example/x', room: 'Stream' } },
      }),
    );
    expect(online?.edition?.to).toEqual({ dates: ['2030-06-20'], place: 'Stream', mode: 'online' });
    expect(online?.moved.map((talk) => [talk.from.mode, talk.to.mode])).toEqual([
      ['in-person', 'online'],
      ['in-person', 'online'],
    ]);
    expect(JSON.stringify(online)).not.toContain('meet.example');
  });

  it('tells the 2020 proposal moved online to June 16-18 by the history file', () => {
    const moved = notice(seedEdition(), loadEditionFile(HISTORY).edition);
    expect(moved?.edition).toEqual({
      from: { dates: ['2020-06-25'], place: 'ISC High Performance', mode: 'in-person' },
      to: {
        dates: ['2020-06-16', '2020-06-17', '2020-06-18'],
        place: 'HPCW 2020 live stream',
        mode: 'online',
      },
    });
    expect(moved?.moved).toContainEqual({
      id: 'runtime-container-runtimes-overview',
      title: 'Container Runtime Overview',
      from: expect.objectContaining({ start: expect.stringMatching(/^2020-06-25T/), zone: 'CEST' }),
      to: {
        start: '2020-06-16T17:05:00+02:00',
        end: '2020-06-16T17:15:00+02:00',
        zone: 'CEST',
        place: 'HPCW 2020 live stream',
        mode: 'online',
      },
    });
    // Talks of the online file that the proposal did not have are new, not moved.
    expect(moved?.moved.map((talk) => talk.id)).not.toContain('runtime-the-podman-runtime');
  });
});
