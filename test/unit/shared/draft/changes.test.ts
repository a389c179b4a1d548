import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgendaChanges, agendaChanges } from '#shared/draft/changes.ts';
import {
  deleteSpeaker,
  deleteTalk,
  updateBreak,
  updateTalk,
  withExplicitIds,
} from '#shared/draft/edits.ts';
import {
  type PublishedEdition,
  publishEdition,
  type Slot,
  TALK_KINDS,
} from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { editionWith, endAt, seedEdition } from '../../../support/editions.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** What changed between two releases, slot by slot, by id. */

const NO_CHANGES: AgendaChanges = {
  added: [],
  removed: [],
  moved: [],
  renamed: [],
  speakersChanged: [],
};

const at = (time: string) => `2030-06-20T${time}:00+02:00`;

/** A slot as a release has it; only what a test names differs from a 30-minute talk at 09:00. */
function slot(id: string, fields: Partial<Slot> = {}): Slot {
  return {
    id,
    position: 0,
    kind: 'talk',
    day: '2030-06-20',
    sessionId: 'a',
    segmentId: null,
    title: `Title of ${id}`,
    start: at('09:00'),
    end: at('09:30'),
    durationMinutes: 30,
    speakerIds: [],
    ...fields,
  };
}

/** A release with these slots (agendaChanges reads nothing else). */
const shell = publishEdition(editionWith([endAt('18:00')]));
const release = (...slots: Slot[]): PublishedEdition => ({ ...shell, slots });

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
    });
  });

  it('reports everything added when the first release had no slots, and everything removed back', () => {
    const full = release(slot('x'), slot('y'));
    const changes = agendaChanges(release(), full);
    expect(changes.added.map(({ id }) => id)).toEqual(['x', 'y']);
    expect(agendaChanges(full, release()).removed.map(({ id }) => id)).toEqual(['x', 'y']);
  });
});

describe('agendaChanges after edits of the 2020 draft', () => {
  const draft = () => withExplicitIds(seedWithSpeakers());
  const slotOf = (published: PublishedEdition, id: string) => {
    const found = published.slots.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no slot ${id}`);
    return found;
  };

  it('reports a talk renamed through an edit as a rename, not a removal and an addition', () => {
    const before = draft();
    const after = updateTalk(before, 'security-security-at-scale', {
      title: 'Security at Exascale',
    });
    expect(agendaChanges(publishEdition(before), publishEdition(after))).toEqual({
      ...NO_CHANGES,
      renamed: [
        { id: 'security-security-at-scale', from: 'Security at Scale', to: 'Security at Exascale' },
      ],
    });
  });

  it('reports a title changed where the id is not pinned as one talk removed and another added', () => {
    const before = seedEdition();
    const after = seedEdition();
    const security = after.agenda.find((entry) => entry.id === 'security');
    if (security?.kind !== 'session') throw new Error('no security session');
    (security.items[1] as { title: string }).title = 'Security at Exascale';
    const changes = agendaChanges(publishEdition(before), publishEdition(after));
    expect(changes.renamed).toEqual([]);
    expect(changes.removed).toEqual([
      { id: 'security-security-at-scale', title: 'Security at Scale' },
    ]);
    expect(changes.added).toEqual([
      expect.objectContaining({
        id: 'security-security-at-exascale',
        title: 'Security at Exascale',
      }),
    ]);
  });

  it('reports a break moved to a later time under its old id, with what moved after it', () => {
    const before = publishEdition(draft());
    const after = publishEdition(updateBreak(draft(), 'lunch-break-1300', { at: '13:30' }));
    const changes = agendaChanges(before, after);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.moved).toContainEqual({
      id: 'lunch-break-1300',
      title: 'Lunch Break',
      from: {
        start: slotOf(before, 'lunch-break-1300').start,
        end: slotOf(before, 'lunch-break-1300').end,
      },
      to: {
        start: slotOf(after, 'lunch-break-1300').start,
        end: slotOf(after, 'lunch-break-1300').end,
      },
    });
    // Sessions run on from the break until the next fixed time: the coffee at 16:00.
    const movedIds = changes.moved.map(({ id }) => id);
    const afternoon = before.sessions
      .filter((session) => ['orchestration-2', 'hpc-specifics'].includes(session.id))
      .flatMap((session) => session.slotIds);
    expect(movedIds).toEqual(['lunch-break-1300', ...afternoon]);
  });

  it('reports a break moved in a draft without written-out ids as removed and added', () => {
    const source = seedEdition();
    const changes = agendaChanges(
      publishEdition(source),
      publishEdition(updateBreak(source, 'lunch-break-1300', { at: '13:30' })),
    );
    expect(changes.removed).toEqual([{ id: 'lunch-break-1300', title: 'Lunch Break' }]);
    expect(changes.added.map(({ id }) => id)).toEqual(['lunch-break-1330']);
  });

  it('reports a talk moved to another session as moved, with the times of its new place', () => {
    const source = draft();
    const before = publishEdition(source);
    const talk = 'use-cases-mellanox-nvidia-journey';
    const after = publishEdition(
      updateTalk(source, talk, { sessionId: 'future-directions', position: 0 }),
    );
    const changes = agendaChanges(before, after);
    expect(changes).toMatchObject({ added: [], removed: [], renamed: [], speakersChanged: [] });
    const target = before.sessions.find((session) => session.id === 'future-directions');
    expect(changes.moved).toContainEqual({
      id: talk,
      title: 'Mellanox/NVIDIA Journey',
      from: { start: slotOf(before, talk).start, end: slotOf(before, talk).end },
      to: { start: target?.start, end: slotOf(after, talk).end },
    });
    // Only the two sessions' talks share their time anew; the rest of the day stays.
    const touched = before.sessions
      .filter((session) => ['use-cases', 'future-directions'].includes(session.id))
      .flatMap((session) => session.slotIds);
    for (const { id } of changes.moved) expect(touched).toContain(id);
  });

  it('reports a talk removed from a session, and the talks of that session taking its time', () => {
    const source = draft();
    const before = publishEdition(source);
    const changes = agendaChanges(
      before,
      publishEdition(deleteTalk(source, 'security-runtime-security')),
    );
    expect(changes.removed).toEqual([
      { id: 'security-runtime-security', title: 'Runtime Security' },
    ]);
    expect(changes.added).toEqual([]);
    const security = before.sessions.find((session) => session.id === 'security');
    for (const { id } of changes.moved) expect(security?.slotIds).toContain(id);
  });

  it('reports a speaker removed as changed speakers on each of their talks', () => {
    const source = draft();
    const changes = agendaChanges(
      publishEdition(source),
      publishEdition(deleteSpeaker(source, 'ada-lovelace')),
    );
    expect(changes).toEqual({
      ...NO_CHANGES,
      speakersChanged: [
        {
          id: 'runtime-container-runtimes-overview',
          title: 'Container Runtimes Overview',
          from: ['ada-lovelace'],
          to: [],
        },
        {
          id: 'runtime-panel-discussion',
          title: 'Panel Discussion',
          from: ['ada-lovelace', 'grace-hopper'],
          to: ['grace-hopper'],
        },
      ],
    });
  });
});

describe('agendaChanges after random edits (properties)', () => {
  const base = () => withExplicitIds(seedWithSpeakers());
  const published = publishEdition(base());
  const talkSlots = published.slots.filter((slot) => TALK_KINDS.includes(slot.kind));
  // Publishing times every slot in the venue's zone: a few dozen runs are enough here.
  const runs = { numRuns: 40 };
  const speakerIds = ['ada-lovelace', 'grace-hopper'];

  /** Each picked talk gets a new title and/or a new list of speakers. */
  const edits = fc.uniqueArray(
    fc.record({
      talk: fc.constantFrom(...talkSlots),
      title: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,20}$/), { nil: undefined }),
      speakers: fc.option(fc.subarray(speakerIds), { nil: undefined }),
    }),
    { selector: (edit) => edit.talk.id, maxLength: 8 },
  );

  function edited(
    list: { talk: Slot; title: string | undefined; speakers: string[] | undefined }[],
  ): EditionSource {
    let source = base();
    for (const { talk, title, speakers } of list) {
      source = updateTalk(source, talk.id, {
        ...(title === undefined ? {} : { title: `Renamed: ${title}` }),
        ...(speakers === undefined ? {} : { speakers }),
      });
    }
    return source;
  }

  const inSlotOrder = <T extends { id: string }>(list: T[]) =>
    [...list].sort(
      (one, other) =>
        talkSlots.findIndex((slot) => slot.id === one.id) -
        talkSlots.findIndex((slot) => slot.id === other.id),
    );

  it('reports exactly the renames and speaker changes the edits made, and no move', () => {
    fc.assert(
      fc.property(edits, (list) => {
        const changes = agendaChanges(published, publishEdition(edited(list)));
        const expectedRenames = inSlotOrder(
          list
            .filter(({ title }) => title !== undefined)
            .map(({ talk, title }) => ({ id: talk.id, from: talk.title, to: `Renamed: ${title}` })),
        );
        const expectedSpeakers = inSlotOrder(
          list
            .filter(
              ({ talk, speakers }) =>
                speakers !== undefined && speakers.join() !== talk.speakerIds.join(),
            )
            .map(({ talk, title, speakers }) => ({
              id: talk.id,
              title: title === undefined ? talk.title : `Renamed: ${title}`,
              from: talk.speakerIds,
              to: speakers,
            })),
        );
        expect(changes).toEqual({
          ...NO_CHANGES,
          renamed: expectedRenames,
          speakersChanged: expectedSpeakers,
        });
      }),
      runs,
    );
  });

  it('reports nothing between an edited release and itself', () => {
    fc.assert(
      fc.property(edits, (list) => {
        const release = publishEdition(edited(list));
        expect(agendaChanges(release, release)).toEqual(NO_CHANGES);
      }),
      runs,
    );
  });

  it('reports the changes backwards when the releases are swapped', () => {
    const talk = fc.constantFrom(...talkSlots.map((slot) => slot.id));
    const moved = fc.record({
      deleted: fc.uniqueArray(talk, { maxLength: 3 }),
      lunchAt: fc.constantFrom('12:45', '13:00', '13:15', '13:30'),
    });
    fc.assert(
      fc.property(edits, moved, (list, { deleted, lunchAt }) => {
        let source = updateBreak(edited(list), 'lunch-break-1300', { at: lunchAt });
        for (const id of deleted) {
          try {
            source = deleteTalk(source, id);
          } catch {
            // The last talk of a session stays.
          }
        }
        const one = published;
        const other = publishEdition(source);
        const forward = agendaChanges(one, other);
        const backward = agendaChanges(other, one);
        expect(backward.added.map(({ id }) => id)).toEqual(forward.removed.map(({ id }) => id));
        expect(backward.removed.map(({ id }) => id)).toEqual(forward.added.map(({ id }) => id));
        expect(backward.renamed).toEqual(
          forward.renamed.map(({ id, from, to }) => ({ id, from: to, to: from })),
        );
        expect(backward.moved.map(({ id, from, to }) => ({ id, from: to, to: from }))).toEqual(
          forward.moved.map(({ id, from, to }) => ({ id, from, to })),
        );
        expect(
          backward.speakersChanged.map(({ id, from, to }) => ({ id, from: to, to: from })),
        ).toEqual(forward.speakersChanged.map(({ id, from, to }) => ({ id, from, to })));
      }),
      runs,
    );
  });
});
