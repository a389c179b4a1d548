import { expect } from 'vitest';
import { agendaIds, talkIdOf } from '#shared/agenda/ids.ts';
import { findSession, withExplicitIds } from '#shared/draft/edits.ts';
import { type EditionSource, editionSchema } from '#shared/edition/schema.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import { coffee, editionWith, endAt, session } from '../editions.ts';

/** What the unit tests of draft edits share: a small draft, and ways to read and refuse edits. */

export const ADA = { id: 'ada', name: 'Ada Lovelace', affiliation: 'Analytical Engines' };
export const GRACE = { id: 'grace', name: 'Grace Hopper' };

/**
 * A draft as organizers get it (ids written out): session "a" with One, Two, Three; "b" with Four
 * and Five; "c" with a single talk; a coffee break at 10:00 and the end of the day.
 */
export function draft(): EditionSource {
  return withExplicitIds(
    editionWith(
      [
        session('a', 30, [
          { title: 'One', speakers: ['ada', 'grace'] },
          { title: 'Two' },
          { title: 'Three', speakers: ['grace'] },
        ]),
        session('b', 30, [{ title: 'Four', speakers: ['ada'] }, { title: 'Five' }]),
        session('c', 15),
        coffee('10:00'),
        endAt('18:00'),
      ],
      { speakers: [ADA, GRACE] },
    ),
  );
}

/** The ids of a session's items, in order. */
export const itemsOf = (source: EditionSource, sessionId: string) => {
  const found = findSession(source, sessionId);
  return found.items.map((item) => talkIdOf(found, item));
};

export const idsOf = (source: EditionSource) => agendaIds(source.agenda).map(({ id }) => id);

/** The draft stays a valid edition: it can be released at any time. */
export function expectValid(source: EditionSource) {
  expect(editionSchema.safeParse(source).error).toBeUndefined();
}

/** The error an action throws (failing the test when it throws none). */
export function refusal(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the edit to be refused');
}

/** The fields an InvalidRequestError names. */
export function invalidFields(action: () => unknown) {
  const error = refusal(action);
  expect(error).toBeInstanceOf(InvalidRequestError);
  return (error as InvalidRequestError).errors;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}
