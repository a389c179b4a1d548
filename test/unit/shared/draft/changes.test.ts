import { describe, expect, it } from 'vitest';
import { type AgendaChanges, agendaChanges } from '#shared/draft/changes.ts';
import { publishEdition, type Slot } from '#shared/edition/published.ts';
import { at, NO_CHANGES, release, slot } from '../../../support/drafts/changes-fixtures.ts';
import { seedEdition } from '../../../support/editions.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** What changed between two releases, slot by slot, by id. */

describe('agendaChanges between two releases', () => {
  it('reports nothing between a release and itself', () => {
    const published = publishEdition(seedWithSpeakers());
    expect(agendaChanges(published, published)).toEqual(NO_CHANGES);
  });

  it('reports nothing between two publications of the same edition', () => {
    expect(agendaChanges(publishEdition(seedEdition()), publishEdition(seedEdition()))).toEqual(
      NO_CHANGES,
    );
  });

  it('reports nothing for a talk that changes only what the changes do not cover', () => {
    const before = release(slot('x'));
    const after = release(
      slot('x', { position: 7, kind: 'panel', sessionId: 'b', abstract: 'Now with an abstract.' }),
    );
    expect(agendaChanges(before, after)).toEqual(NO_CHANGES);
  });

  it.each<[string, Slot[], Slot[], Partial<AgendaChanges>]>([
    [
      'a slot added, with its title and times',
      [slot('x')],
      [slot('x'), slot('y', { title: 'Why', start: at('09:30'), end: at('10:00') })],
      { added: [{ id: 'y', title: 'Why', start: at('09:30'), end: at('10:00') }] },
    ],
    [
      'a slot removed, with the title it had',
      [slot('x'), slot('y', { title: 'Why' })],
      [slot('x')],
      { removed: [{ id: 'y', title: 'Why' }] },
    ],
    [
      'a slot that starts and ends later as moved',
      [slot('x')],
      [slot('x', { start: at('10:00'), end: at('10:30') })],
      {
        moved: [
          {
            id: 'x',
            title: 'Title of x',
            from: { start: at('09:00'), end: at('09:30') },
            to: { start: at('10:00'), end: at('10:30') },
          },
        ],
      },
    ],
    [
      'a slot that only ends later as moved',
      [slot('x')],
      [slot('x', { end: at('09:45'), durationMinutes: 45 })],
      {
        moved: [
          {
            id: 'x',
            title: 'Title of x',
            from: { start: at('09:00'), end: at('09:30') },
            to: { start: at('09:00'), end: at('09:45') },
          },
        ],
      },
    ],
    [
      'a slot that only starts earlier as moved',
      [slot('x')],
      [slot('x', { start: at('08:45'), durationMinutes: 45 })],
      {
        moved: [
          {
            id: 'x',
            title: 'Title of x',
            from: { start: at('09:00'), end: at('09:30') },
            to: { start: at('08:45'), end: at('09:30') },
          },
        ],
      },
    ],
    [
      'a new title as a rename',
      [slot('x', { title: 'Old' })],
      [slot('x', { title: 'New' })],
      { renamed: [{ id: 'x', from: 'Old', to: 'New' }] },
    ],
    [
      'a speaker given to a talk',
      [slot('x')],
      [slot('x', { speakerIds: ['ada'] })],
      { speakersChanged: [{ id: 'x', title: 'Title of x', from: [], to: ['ada'] }] },
    ],
    [
      'a speaker taken off a talk',
      [slot('x', { speakerIds: ['ada', 'grace'] })],
      [slot('x', { speakerIds: ['grace'] })],
      {
        speakersChanged: [{ id: 'x', title: 'Title of x', from: ['ada', 'grace'], to: ['grace'] }],
      },
    ],
    [
      'a speaker replaced by another',
      [slot('x', { speakerIds: ['ada'] })],
      [slot('x', { speakerIds: ['grace'] })],
      { speakersChanged: [{ id: 'x', title: 'Title of x', from: ['ada'], to: ['grace'] }] },
    ],
    [
      'the same speakers in another order as changed speakers (clients print them in order)',
      [slot('x', { speakerIds: ['ada', 'grace'] })],
      [slot('x', { speakerIds: ['grace', 'ada'] })],
      {
        speakersChanged: [
          { id: 'x', title: 'Title of x', from: ['ada', 'grace'], to: ['grace', 'ada'] },
        ],
      },
    ],
    [
      'speaker ids that join alike as different speakers',
      [slot('x', { speakerIds: ['ada-grace'] })],
      [slot('x', { speakerIds: ['ada', 'grace'] })],
      {
        speakersChanged: [
          { id: 'x', title: 'Title of x', from: ['ada-grace'], to: ['ada', 'grace'] },
        ],
      },
    ],
  ])('reports %s, and nothing else', (_case, before, after, expected) => {
    expect(agendaChanges(release(...before), release(...after))).toEqual({
      ...NO_CHANGES,
      ...expected,
    });
  });

  it('reports the same speakers in the same order as no change', () => {
    expect(
      agendaChanges(
        release(slot('x', { speakerIds: ['ada', 'grace'] })),
        release(slot('x', { speakerIds: ['ada', 'grace'] })),
      ),
    ).toEqual(NO_CHANGES);
  });

  it('reports a slot renamed, moved and given speakers at once under each, with its new title', () => {
    const before = release(slot('x', { title: 'Old' }));
    const after = release(
      slot('x', { title: 'New', start: at('11:00'), end: at('11:30'), speakerIds: ['ada'] }),
    );
    expect(agendaChanges(before, after)).toEqual({
      ...NO_CHANGES,
      moved: [
        {
          id: 'x',
          title: 'New',
          from: { start: at('09:00'), end: at('09:30') },
          to: { start: at('11:00'), end: at('11:30') },
        },
      ],
      renamed: [{ id: 'x', from: 'Old', to: 'New' }],
      speakersChanged: [{ id: 'x', title: 'New', from: [], to: ['ada'] }],
    });
  });

  it('reports changes to several slots at once, each where it belongs', () => {
    const before = release(
      slot('kept'),
      slot('gone-1', { title: 'Gone 1' }),
      slot('renamed', { title: 'Before' }),
      slot('gone-2', { title: 'Gone 2' }),
      slot('moved'),
    );
    const after = release(
      slot('new-2', { title: 'New 2' }),
      slot('moved', { start: at('12:00'), end: at('12:30') }),
      slot('kept'),
      slot('renamed', { title: 'After' }),
      slot('new-1', { title: 'New 1' }),
    );
    expect(agendaChanges(before, after)).toEqual({
      // In the order of the release each list comes from.
      added: [
        { id: 'new-2', title: 'New 2', start: at('09:00'), end: at('09:30') },
        { id: 'new-1', title: 'New 1', start: at('09:00'), end: at('09:30') },
      ],
      removed: [
        { id: 'gone-1', title: 'Gone 1' },
        { id: 'gone-2', title: 'Gone 2' },
      ],
      moved: [
        {
          id: 'moved',
          title: 'Title of moved',
          from: { start: at('09:00'), end: at('09:30') },
          to: { start: at('12:00'), end: at('12:30') },
        },
      ],
      renamed: [{ id: 'renamed', from: 'Before', to: 'After' }],
      speakersChanged: [],
      materialsChanged: [],
      locationChanged: null,
      daysChanged: null,
    });
  });

  it('reports everything added when the first release had no slots, and everything removed back', () => {
    const full = release(slot('x'), slot('y'));
    const changes = agendaChanges(release(), full);
    expect(changes.added.map(({ id }) => id)).toEqual(['x', 'y']);
    expect(agendaChanges(full, release()).removed.map(({ id }) => id)).toEqual(['x', 'y']);
  });

  it('reports links added to a talk and to a session, with before and after', () => {
    const slides = {
      id: 'slides',
      kind: 'slides' as const,
      title: 'Slides',
      url: 'https://x.example/s.pdf',
    };
    const recording = {
      id: 'rec',
      kind: 'recording' as const,
      title: 'Recording',
      url: 'https://x.example/r',
    };
    const session = {
      id: 'a',
      position: 0,
      day: '2030-06-20',
      title: 'A',
      segmentId: null,
      start: at('09:00'),
      end: at('09:30'),
      durationMinutes: 30,
      slotIds: ['x'],
    };
    const before = { ...release(slot('x')), sessions: [session] };
    const after = {
      ...release(slot('x', { materials: [slides] })),
      sessions: [{ ...session, materials: [recording] }],
    };
    expect(agendaChanges(before, after).materialsChanged).toEqual([
      { id: 'x', title: 'Title of x', from: [], to: [slides] },
      { id: 'a', title: 'A', from: [], to: [recording] },
    ]);
    expect(agendaChanges(after, before).materialsChanged).toEqual([
      { id: 'x', title: 'Title of x', from: [slides], to: [] },
      { id: 'a', title: 'A', from: [recording], to: [] },
    ]);
  });

  it('reports the edition moving online and onto other days', () => {
    const before = release(slot('x'));
    const online = { mode: 'online' as const, stream: { room: 'Zoom' } };
    const after = {
      ...before,
      details: {
        ...before.details,
        location: online,
        days: [
          { date: '2030-06-16', startsAt: at('17:00'), endsAt: at('18:00') },
          { date: '2030-06-17', startsAt: at('17:00'), endsAt: at('18:00') },
        ],
      },
    };
    expect(agendaChanges(before, after)).toMatchObject({
      locationChanged: { from: { mode: 'in-person', venue: 'Test Venue' }, to: online },
      daysChanged: { from: ['2030-06-20'], to: ['2030-06-16', '2030-06-17'] },
    });
  });
});
