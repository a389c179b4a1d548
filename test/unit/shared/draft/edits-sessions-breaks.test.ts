import { describe, expect, it } from 'vitest';
import {
  addSpeaker,
  addTalk,
  deleteSpeaker,
  deleteTalk,
  findBreak,
  findSession,
  replaceSpeaker,
  updateBreak,
  updateSession,
  updateTalk,
  withExplicitIds,
} from '#shared/draft/edits.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { NotFoundError } from '#shared/errors.ts';
import {
  deepFreeze,
  draft,
  expectValid,
  invalidFields,
  itemsOf,
} from '../../../support/drafts/draft-fixtures.ts';
import { editionWith, endAt, session } from '../../../support/editions.ts';

/** Draft edits of sessions and breaks, and every edit leaving its input alone. */

describe('editing a session', () => {
  it('renames a session and keeps its id and the ids of its talks', () => {
    const next = updateSession(draft(), 'a', { title: 'Alpha Session' });
    expect(findSession(next, 'a').title).toBe('Alpha Session');
    expect(itemsOf(next, 'a')).toEqual(['a-one', 'a-two', 'a-three']);
    expectValid(next);
  });

  it('sets a duration', () => {
    expect(findSession(updateSession(draft(), 'b', { duration: 45 }), 'b').duration).toBe(45);
  });

  it('moves a session to another segment', () => {
    const source = editionWith([session('a', 30), endAt('18:00')], {
      segments: [
        { id: 'alpha', name: 'ALPHA', description: 'The first segment.' },
        { id: 'beta', name: 'BETA', description: 'The second segment.' },
      ],
    });
    const next = updateSession(source, 'a', { segment: 'beta' });
    expect(findSession(next, 'a').segment).toBe('beta');
    expectValid(next);
  });

  it('takes a session out of its segment given null', () => {
    const session = findSession(updateSession(draft(), 'a', { segment: null }), 'a');
    expect(session).not.toHaveProperty('segment');
  });

  it('changes nothing when given no fields', () => {
    expect(updateSession(draft(), 'a', {})).toEqual(draft());
  });

  it('refuses a segment nobody defined with an InvalidRequestError on segment', () => {
    expect(
      invalidFields(() => updateSession(draft(), 'a', { segment: 'omega' })).map(
        (error) => error.name,
      ),
    ).toEqual(['segment']);
  });

  it.each([
    ['nobody added', 'z'],
    ['of a break', 'coffee-break-1000'],
  ])('refuses a session id %s with NotFoundError', (_case, sessionId) => {
    expect(() => updateSession(draft(), sessionId, { duration: 10 })).toThrow(NotFoundError);
  });
});

describe('editing a break', () => {
  it('moves a break in time, renames it and changes its length, keeping its id', () => {
    const next = updateBreak(draft(), 'coffee-break-1000', {
      title: 'Tea Break',
      at: '10:30',
      duration: 20,
    });
    expect(findBreak(next, 'coffee-break-1000')).toEqual({
      kind: 'break',
      id: 'coffee-break-1000',
      title: 'Tea Break',
      at: '10:30',
      duration: 20,
    });
    expectValid(next);
  });

  it('changes nothing when given no fields', () => {
    expect(updateBreak(draft(), 'coffee-break-1000', {})).toEqual(draft());
  });

  it.each([
    ['nobody added', 'tea-break-1000'],
    ['of a session', 'a'],
    ['of the end of the day', 'workshop-ends'],
  ])('refuses a break id %s with NotFoundError', (_case, breakId) => {
    expect(() => updateBreak(draft(), breakId, { duration: 10 })).toThrow(NotFoundError);
  });
});

describe('every edit is pure', () => {
  it.each([
    ['withExplicitIds', (source: EditionSource) => withExplicitIds(source)],
    ['addSpeaker', (source: EditionSource) => addSpeaker(source, { name: 'Ken Thompson' })],
    ['replaceSpeaker', (source: EditionSource) => replaceSpeaker(source, 'ada', { name: 'A' })],
    ['deleteSpeaker', (source: EditionSource) => deleteSpeaker(source, 'ada')],
    ['addTalk', (source: EditionSource) => addTalk(source, 'a', { title: 'New', position: 0 })],
    ['updateTalk', (source: EditionSource) => updateTalk(source, 'a-one', { abstract: null })],
    [
      'updateTalk moving',
      (source: EditionSource) => updateTalk(source, 'a-one', { sessionId: 'b' }),
    ],
    ['deleteTalk', (source: EditionSource) => deleteTalk(source, 'a-one')],
    ['updateSession', (source: EditionSource) => updateSession(source, 'a', { segment: null })],
    [
      'updateBreak',
      (source: EditionSource) => updateBreak(source, 'coffee-break-1000', { at: '10:30' }),
    ],
  ])('%s leaves the draft it was given untouched', (_name, edit) => {
    const source = deepFreeze(draft());
    expect(() => edit(source)).not.toThrow();
    expect(source).toEqual(draft());
  });
});

describe('edits that leave out a field', () => {
  it('keep a break title that the edit does not name, even when given as undefined', () => {
    const next = updateBreak(draft(), 'coffee-break-1000', { title: undefined, at: '10:15' });
    const coffeeBreak = next.agenda.find((entry) => entry.kind === 'break');
    expect(coffeeBreak).toMatchObject({ title: 'Coffee Break', at: '10:15' });
  });

  it('refuse an empty segment id for a session (null takes the segment away)', () => {
    expect(invalidFields(() => updateSession(draft(), 'a', { segment: '' }))).toEqual([
      expect.objectContaining({ name: 'segment', in: 'body' }),
    ]);
  });
});
