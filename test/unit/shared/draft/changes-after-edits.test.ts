import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agendaChanges } from '#shared/draft/changes.ts';
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
import { NO_CHANGES } from '../../../support/drafts/changes-fixtures.ts';
import { seedEdition } from '../../../support/editions.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** What changed between two releases after real edits of drafts, and after random ones. */

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
