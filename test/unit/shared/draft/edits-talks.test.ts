import { describe, expect, it } from 'vitest';
import { addTalk, deleteTalk, findTalk, updateTalk } from '#shared/draft/edits.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import { MAX_SLUG_LENGTH } from '#shared/slug.ts';
import {
  draft,
  expectValid,
  idsOf,
  invalidFields,
  itemsOf,
  refusal,
} from '../../../support/drafts/draft-fixtures.ts';
import { seedEdition } from '../../../support/editions.ts';

/** Draft edits of talks: adding, editing, moving and removing them. */

describe('adding a talk', () => {
  it('makes the id from the session and the title, adds a talk last and returns its id', () => {
    const [next, id] = addTalk(draft(), 'b', { title: 'Six Things' });
    expect(id).toBe('b-six-things');
    expect(itemsOf(next, 'b')).toEqual(['b-four', 'b-five', 'b-six-things']);
    expect(findTalk(next, id).item).toEqual({ id, kind: 'talk', title: 'Six Things' });
    expectValid(next);
  });

  it('takes the kind, abstract, duration and speakers it is given', () => {
    const [next, id] = addTalk(draft(), 'b', {
      title: 'Panel',
      kind: 'panel',
      abstract: 'Everyone talks.',
      duration: 10,
      speakers: ['grace', 'ada'],
    });
    expect(findTalk(next, id).item).toEqual({
      id,
      kind: 'panel',
      title: 'Panel',
      abstract: 'Everyone talks.',
      duration: 10,
      speakers: ['grace', 'ada'],
    });
  });

  it('leaves out an abstract and a duration sent as null', () => {
    const [next, id] = addTalk(draft(), 'b', { title: 'Open', abstract: null, duration: null });
    expect(findTalk(next, id).item).toEqual({ id, kind: 'talk', title: 'Open' });
  });

  it.each([
    [0, ['a-new', 'a-one', 'a-two', 'a-three']],
    [1, ['a-one', 'a-new', 'a-two', 'a-three']],
    [3, ['a-one', 'a-two', 'a-three', 'a-new']],
    [99, ['a-one', 'a-two', 'a-three', 'a-new']],
    [-1, ['a-new', 'a-one', 'a-two', 'a-three']],
    [undefined, ['a-one', 'a-two', 'a-three', 'a-new']],
  ])('puts a talk at position %s: %j', (position, order) => {
    const [next] = addTalk(draft(), 'a', {
      title: 'New',
      ...(position === undefined ? {} : { position }),
    });
    expect(itemsOf(next, 'a')).toEqual(order);
  });

  it('numbers the id when the title makes one that is taken', () => {
    const [once, first] = addTalk(draft(), 'a', { title: 'One' });
    const [, second] = addTalk(once, 'a', { title: 'One' });
    expect([first, second]).toEqual(['a-one-2', 'a-one-3']);
  });

  it('keeps an id the client sends, even for a title that makes none', () => {
    const [next, id] = addTalk(draft(), 'a', { id: 'q-and-a', title: '???' });
    expect(id).toBe('q-and-a');
    expect(findTalk(next, 'q-and-a').session.id).toBe('a');
  });

  it('leaves the ids of everything else as they were', () => {
    const before = draft();
    const [next, id] = addTalk(before, 'a', { title: 'New', position: 0 });
    expect(idsOf(next).filter((other) => other !== id)).toEqual(idsOf(before));
  });

  it.each([
    ['a talk', 'a-two'],
    ['a session', 'b'],
    ['a break', 'coffee-break-1000'],
    ['the end of the day', 'workshop-ends'],
  ])('refuses an id the client sends that %s has, with ConflictError', (_owner, id) => {
    expect(() => addTalk(draft(), 'a', { id, title: 'Clash' })).toThrow(ConflictError);
  });

  it.each([
    ['nobody added', 'z'],
    ['of a break', 'coffee-break-1000'],
  ])('refuses a session id %s with NotFoundError', (_case, sessionId) => {
    expect(() => addTalk(draft(), sessionId, { title: 'Lost' })).toThrow(NotFoundError);
  });

  it('refuses speakers nobody added, naming only those', () => {
    const errors = invalidFields(() =>
      addTalk(draft(), 'a', { title: 'New', speakers: ['ada', 'linus', 'ken'] }),
    );
    expect(errors).toEqual([expect.objectContaining({ name: 'speakers', in: 'body' })]);
    expect(errors[0]?.detail).toMatch(/unknown: linus, ken$/);
  });

  it.each([
    ['no letters or digits', '???'],
    ['too long an id', 'x'.repeat(MAX_SLUG_LENGTH)],
  ])('refuses a title that makes %s, asking for an id', (_case, title) => {
    expect(invalidFields(() => addTalk(draft(), 'a', { title }))).toEqual([
      expect.objectContaining({ name: 'id', in: 'body' }),
    ]);
  });
});

describe('editing a talk', () => {
  it('renames a talk and keeps its id and its place', () => {
    const next = updateTalk(draft(), 'a-two', { title: 'Deux' });
    expect(itemsOf(next, 'a')).toEqual(['a-one', 'a-two', 'a-three']);
    expect(findTalk(next, 'a-two').item.title).toBe('Deux');
    expectValid(next);
  });

  it('pins the id of a talk renamed in a draft whose ids are not written out', () => {
    const next = updateTalk(seedEdition(), 'runtime-container-runtimes-overview', {
      title: 'Runtimes Today',
    });
    expect(findTalk(next, 'runtime-container-runtimes-overview').item.title).toBe('Runtimes Today');
    expect(() => findTalk(next, 'runtime-runtimes-today')).toThrow(NotFoundError);
  });

  it.each([
    ['kind', { kind: 'panel' as const }, { kind: 'panel' }],
    ['abstract', { abstract: 'Why two.' }, { abstract: 'Why two.' }],
    ['duration', { duration: 12 }, { duration: 12 }],
    ['speakers', { speakers: ['grace', 'ada'] }, { speakers: ['grace', 'ada'] }],
  ])('sets the %s and nothing else', (_field, fields, expected) => {
    const next = updateTalk(draft(), 'a-two', fields);
    expect(findTalk(next, 'a-two').item).toEqual({
      id: 'a-two',
      kind: 'talk',
      title: 'Two',
      ...expected,
    });
  });

  it.each([
    ['abstract', { abstract: null }, 'abstract'],
    ['duration', { duration: null }, 'duration'],
  ])('removes the %s sent as null', (_field, fields, removed) => {
    const withBoth = updateTalk(draft(), 'a-two', { abstract: 'Why two.', duration: 12 });
    const item = findTalk(updateTalk(withBoth, 'a-two', fields), 'a-two').item;
    expect(item).not.toHaveProperty(removed);
    expect(Object.keys(item)).toHaveLength(4);
  });

  it('takes every speaker off a talk given no speakers', () => {
    expect(findTalk(updateTalk(draft(), 'a-one', { speakers: [] }), 'a-one').item.speakers).toEqual(
      [],
    );
  });

  it('changes nothing when given no fields', () => {
    expect(updateTalk(draft(), 'a-two', {})).toEqual(draft());
  });

  it('refuses a talk nobody added with NotFoundError', () => {
    expect(() => updateTalk(draft(), 'a-four', { title: 'Four' })).toThrow(NotFoundError);
  });

  it('refuses speakers nobody added with an InvalidRequestError on speakers', () => {
    expect(
      invalidFields(() => updateTalk(draft(), 'a-two', { speakers: ['linus'] })).map(
        (error) => error.name,
      ),
    ).toEqual(['speakers']);
  });
});

describe('moving a talk within its session', () => {
  it.each([
    ['a-one', 0, ['a-one', 'a-two', 'a-three']],
    ['a-one', 1, ['a-two', 'a-one', 'a-three']],
    ['a-one', 2, ['a-two', 'a-three', 'a-one']],
    ['a-three', 0, ['a-three', 'a-one', 'a-two']],
    ['a-three', 2, ['a-one', 'a-two', 'a-three']],
    ['a-two', 99, ['a-one', 'a-three', 'a-two']],
    ['a-two', -1, ['a-two', 'a-one', 'a-three']],
  ])('puts %s at position %i: %j', (talkId, position, order) => {
    const next = updateTalk(draft(), talkId, { position });
    expect(itemsOf(next, 'a')).toEqual(order);
    expectValid(next);
  });

  it('applies the other fields of the same edit', () => {
    const next = updateTalk(draft(), 'a-three', { position: 0, title: 'Drei', duration: 5 });
    expect(findTalk(next, 'a-three')).toMatchObject({
      itemIndex: 0,
      item: { id: 'a-three', title: 'Drei', duration: 5 },
    });
  });
});

describe('moving a talk to another session', () => {
  it('keeps its id, fields and speakers, and leaves it last without a position', () => {
    const next = updateTalk(draft(), 'a-one', { sessionId: 'b' });
    expect(itemsOf(next, 'a')).toEqual(['a-two', 'a-three']);
    expect(itemsOf(next, 'b')).toEqual(['b-four', 'b-five', 'a-one']);
    expect(findTalk(next, 'a-one').item).toEqual({
      id: 'a-one',
      kind: 'talk',
      title: 'One',
      speakers: ['ada', 'grace'],
    });
    expectValid(next);
  });

  it.each([
    [0, ['a-two', 'b-four', 'b-five']],
    [1, ['b-four', 'a-two', 'b-five']],
    [2, ['b-four', 'b-five', 'a-two']],
    [99, ['b-four', 'b-five', 'a-two']],
    [-5, ['a-two', 'b-four', 'b-five']],
  ])('puts it at position %i of the other session: %j', (position, order) => {
    const next = updateTalk(draft(), 'a-two', { sessionId: 'b', position });
    expect(itemsOf(next, 'b')).toEqual(order);
    expect(itemsOf(next, 'a')).toEqual(['a-one', 'a-three']);
  });

  it('keeps an id made from its title when it moves (the 2020 seed, ids not written out)', () => {
    const next = updateTalk(seedEdition(), 'use-cases-mellanox-nvidia-journey', {
      sessionId: 'future-directions',
      position: 0,
    });
    expect(findTalk(next, 'use-cases-mellanox-nvidia-journey')).toMatchObject({
      session: { id: 'future-directions' },
      itemIndex: 0,
    });
    expectValid(next);
  });

  it('applies the other fields of the same edit', () => {
    const next = updateTalk(draft(), 'a-two', { sessionId: 'c', title: 'Zwei', speakers: ['ada'] });
    expect(findTalk(next, 'a-two')).toMatchObject({
      session: { id: 'c' },
      item: { id: 'a-two', title: 'Zwei', speakers: ['ada'] },
    });
  });

  it.each([
    ['nobody added', 'z'],
    ['of a break', 'coffee-break-1000'],
  ])('refuses a session id %s with NotFoundError', (_case, sessionId) => {
    expect(() => updateTalk(draft(), 'a-two', { sessionId })).toThrow(NotFoundError);
  });

  it("refuses to move a session's only talk away, with ConflictError", () => {
    expect(() => updateTalk(draft(), 'c-c-talk', { sessionId: 'a' })).toThrow(ConflictError);
  });
});

describe('removing a talk', () => {
  it('removes the talk and keeps the others in order', () => {
    const next = deleteTalk(draft(), 'a-two');
    expect(itemsOf(next, 'a')).toEqual(['a-one', 'a-three']);
    expect(() => findTalk(next, 'a-two')).toThrow(NotFoundError);
    expectValid(next);
  });

  it('refuses a talk nobody added with NotFoundError', () => {
    expect(() => deleteTalk(draft(), 'a-four')).toThrow(NotFoundError);
  });

  it("refuses a session's last talk with ConflictError naming the talk and the session", () => {
    const seed = deleteTalk(seedEdition(), 'intro-workshop-introduction');
    const error = refusal(() => deleteTalk(seed, 'intro-speaker-introductions'));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain('"Speaker Introductions"');
    expect((error as Error).message).toContain('INTRO');
  });
});

describe('a talk edited with its own session named', () => {
  // A PATCH that sends the talk's own sessionId back (a client sending the whole talk) must not
  // reorder the session.
  it('keeps a talk in its place when the edit names its own session without a position', () => {
    const next = updateTalk(draft(), 'a-one', { sessionId: 'a', title: 'Uno' });
    expect(itemsOf(next, 'a')).toEqual(['a-one', 'a-two', 'a-three']);
  });

  // The session is never left empty by a move within it.
  it("moves a session's only talk within its own session instead of refusing it", () => {
    expect(itemsOf(updateTalk(draft(), 'c-c-talk', { position: 0 }), 'c')).toEqual(['c-c-talk']);
  });

  it("accepts a session's only talk edited with its own session named", () => {
    const next = updateTalk(draft(), 'c-c-talk', { sessionId: 'c', title: 'Still here' });
    expect(findTalk(next, 'c-c-talk').item.title).toBe('Still here');
  });
});
