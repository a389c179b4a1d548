import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { talkIdOf } from '#shared/agenda/ids.ts';
import { addTalk, deleteSpeaker, deleteTalk, updateTalk } from '#shared/draft/edits.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { ConflictError, InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { draft, expectValid, idsOf } from '../../../support/drafts/draft-fixtures.ts';

/** Random sequences of draft edits: refused with a domain error, or a valid draft with unique ids. */

describe('a sequence of edits (property)', () => {
  const talkIdsOf = (source: EditionSource) =>
    source.agenda.flatMap((entry) =>
      entry.kind === 'session' ? entry.items.map((item) => talkIdOf(entry, item)) : [],
    );
  const sessionIds = ['a', 'b', 'c', 'z'];
  const speakerIds = ['ada', 'grace', 'linus'];

  /** An edit picks its talk by index, so that it targets a talk the draft has at that point. */
  const edit = fc.oneof(
    fc.record({
      op: fc.constant('rename' as const),
      pick: fc.nat(),
      title: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 &?]{0,30}$/),
    }),
    fc.record({
      op: fc.constant('move' as const),
      pick: fc.nat(),
      sessionId: fc.option(fc.constantFrom(...sessionIds), { nil: undefined }),
      position: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
    }),
    fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
    fc.record({
      op: fc.constant('add' as const),
      sessionId: fc.constantFrom(...sessionIds),
      title: fc.constantFrom('One', 'New Talk', 'Q&A', '!?'),
      position: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
    }),
    fc.record({
      op: fc.constant('speakers' as const),
      pick: fc.nat(),
      speakers: fc.subarray(speakerIds),
    }),
    fc.record({ op: fc.constant('unspeak' as const), speakerId: fc.constantFrom(...speakerIds) }),
  );

  type Step = typeof edit extends fc.Arbitrary<infer T> ? T : never;

  function apply(source: EditionSource, step: Step) {
    const talks = talkIdsOf(source);
    const talk = talks[('pick' in step ? step.pick : 0) % talks.length] as string;
    switch (step.op) {
      case 'rename':
        return updateTalk(source, talk, { title: step.title });
      case 'move':
        return updateTalk(source, talk, {
          ...(step.sessionId === undefined ? {} : { sessionId: step.sessionId }),
          ...(step.position === undefined ? {} : { position: step.position }),
        });
      case 'delete':
        return deleteTalk(source, talk);
      case 'add':
        return addTalk(source, step.sessionId, {
          title: step.title,
          ...(step.position === undefined ? {} : { position: step.position }),
        })[0];
      case 'speakers':
        return updateTalk(source, talk, { speakers: step.speakers });
      default:
        return deleteSpeaker(source, step.speakerId);
    }
  }

  it('either refuses an edit with a domain error or keeps the draft valid, and talks keep their ids', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), (steps) => {
        let source = draft();
        for (const step of steps) {
          const before = talkIdsOf(source);
          let next: EditionSource;
          try {
            next = apply(source, step);
          } catch (error) {
            expect(error).toSatisfy(
              (refused) =>
                refused instanceof ConflictError ||
                refused instanceof NotFoundError ||
                refused instanceof InvalidRequestError,
            );
            continue;
          }
          // Only the talk added is new, only the talk removed is gone: nothing else changes id.
          const after = talkIdsOf(next);
          if (step.op === 'add') expect(after.length).toBe(before.length + 1);
          else if (step.op === 'delete') expect(after.length).toBe(before.length - 1);
          else expect([...after].sort()).toEqual([...before].sort());
          expect(after.filter((id) => !before.includes(id)).length).toBe(step.op === 'add' ? 1 : 0);
          expect(new Set(idsOf(next)).size).toBe(idsOf(next).length);
          source = next;
        }
        expectValid(source);
      }),
    );
  });
});

/** Two bugs these tests found, fixed in updateTalk: a move within a talk's own session. */
