import { describe, expect, it } from 'vitest';
import {
  addSpeaker,
  deleteSpeaker,
  findBreak,
  findSession,
  findSpeaker,
  findTalk,
  replaceSpeaker,
  updateBreak,
  updateSession,
  updateTalk,
  withExplicitIds,
} from '#shared/draft/edits.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import { MAX_SLUG_LENGTH } from '#shared/slug.ts';
import {
  ADA,
  draft,
  expectValid,
  GRACE,
  idsOf,
  invalidFields,
  refusal,
} from '../../../support/drafts/draft-fixtures.ts';
import { coffee, editionWith, endAt, seedEdition, session } from '../../../support/editions.ts';
import { seedWithSpeakers } from '../../../support/published.ts';

/** Draft edits: ids written out and kept, what an edit targets, and speakers. */

describe('withExplicitIds', () => {
  it('writes out the id of every session, item, break and the end of the day', () => {
    const explicit = withExplicitIds(seedEdition());
    for (const entry of explicit.agenda) {
      expect(entry.id).toEqual(expect.any(String));
      if (entry.kind === 'session') {
        for (const item of entry.items) expect(item.id).toEqual(expect.any(String));
      }
    }
  });

  it('writes out the ids the titles made, so nothing gets a new id', () => {
    const seed = seedEdition();
    expect(idsOf(withExplicitIds(seed))).toEqual(idsOf(seed));
    expect(idsOf(withExplicitIds(seed))).toEqual(
      expect.arrayContaining([
        'coffee-break-1100',
        'lunch-break-1300',
        'workshop-ends',
        'runtime-container-runtimes-overview',
        'orchestration-2-panel-discussion',
      ]),
    );
  });

  it('keeps ids a file pins', () => {
    const source = editionWith([
      {
        kind: 'session',
        id: 'morning',
        title: 'Morning Talks',
        duration: 30,
        items: [{ id: 'keynote', title: 'Opening Keynote' }, { title: 'Closing' }],
      },
      { kind: 'break', id: 'coffee', title: 'Coffee Break', at: '10:00', duration: 30 },
      endAt('18:00'),
    ]);
    expect(idsOf(withExplicitIds(source))).toEqual([
      'morning',
      'keynote',
      'morning-closing',
      'coffee',
      'workshop-ends',
    ]);
  });

  it('publishes the same agenda as the edition it was given', () => {
    const seed = seedEdition();
    expect(publishEdition(withExplicitIds(seed))).toEqual(publishEdition(seed));
  });

  it('is idempotent', () => {
    const once = withExplicitIds(seedEdition());
    expect(withExplicitIds(once)).toEqual(once);
  });

  it('keeps every id through renames of sessions, talks and breaks, and a break moved in time', () => {
    const seed = withExplicitIds(seedEdition());
    let edited = updateSession(seed, 'runtime', { title: 'RUNTIMES' });
    edited = updateTalk(edited, 'runtime-container-runtimes-overview', { title: 'Runtimes' });
    edited = updateBreak(edited, 'coffee-break-1100', { title: 'Tea Break', at: '11:15' });
    expect(idsOf(edited)).toEqual(idsOf(seed));
  });

  it('is what keeps ids: without it, a session renamed takes new ids for itself and its talks', () => {
    const source = editionWith([
      { kind: 'session', title: 'Morning', duration: 30, items: [{ title: 'Talk' }] },
      endAt('18:00'),
    ]);
    const renamed = updateSession(source, 'morning', { title: 'Evening' });
    expect(idsOf(renamed)).toEqual(['evening', 'evening-talk', 'workshop-ends']);
    const pinned = updateSession(withExplicitIds(source), 'morning', { title: 'Evening' });
    expect(idsOf(pinned)).toEqual(['morning', 'morning-talk', 'workshop-ends']);
  });

  it('is what keeps ids: without it, a break moved to another time takes a new id', () => {
    const source = editionWith([session('a', 30), coffee('10:00'), endAt('18:00')]);
    expect(idsOf(updateBreak(source, 'coffee-break-1000', { at: '10:30' }))).toContain(
      'coffee-break-1030',
    );
    expect(
      idsOf(updateBreak(withExplicitIds(source), 'coffee-break-1000', { at: '10:30' })),
    ).toContain('coffee-break-1000');
  });
});

describe('finding what an edit targets', () => {
  it('finds a talk by the id its title makes, with its session and both positions', () => {
    const seed = seedEdition();
    const found = findTalk(seed, 'runtime-container-runtimes-overview');
    expect(found).toMatchObject({ entryIndex: 1, itemIndex: 1 });
    expect(found.session.id).toBe('runtime');
    expect(found.item.title).toBe('Container Runtimes Overview');
  });

  it('finds speakers, sessions and breaks by id', () => {
    const source = draft();
    expect(findSpeaker(source, 'grace')).toEqual(GRACE);
    expect(findSession(source, 'b').title).toBe('B');
    expect(findBreak(source, 'coffee-break-1000').at).toBe('10:00');
  });

  it.each([
    ['a talk nobody added', () => findTalk(draft(), 'a-four'), 'talk "a-four"'],
    ['a session id asked as a talk', () => findTalk(draft(), 'a'), 'talk "a"'],
    ['a speaker nobody added', () => findSpeaker(draft(), 'linus'), 'speaker "linus"'],
    ['a session nobody added', () => findSession(draft(), 'z'), 'session "z"'],
    ['a break id asked as a session', () => findSession(draft(), 'coffee-break-1000'), 'session'],
    ['a session id asked as a break', () => findBreak(draft(), 'a'), 'break "a"'],
    ['the end of the day asked as a break', () => findBreak(draft(), 'workshop-ends'), 'break'],
  ])('refuses %s with NotFoundError naming it', (_case, action, named) => {
    const error = refusal(action);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain(named);
  });
});

describe('adding a speaker', () => {
  it('makes the id from the name and adds the speaker last', () => {
    const [next, speaker] = addSpeaker(draft(), { name: 'Margaret Hamilton', bio: 'Apollo.' });
    expect(speaker).toEqual({ id: 'margaret-hamilton', name: 'Margaret Hamilton', bio: 'Apollo.' });
    expect(next.speakers).toEqual([ADA, GRACE, speaker]);
    expectValid(next);
  });

  it.each([
    ['José Müller', 'jose-muller'],
    ['Grace  Hopper, Jr.', 'grace-hopper-jr'],
    ['R&D Team', 'r-d-team'],
  ])('makes the id of %s a slug: %s', (name, id) => {
    expect(addSpeaker(draft(), { name })[1].id).toBe(id);
  });

  it('numbers the id when the name makes one that is taken: -2, then -3', () => {
    const [once, first] = addSpeaker(draft(), { name: 'Ada' });
    const [twice, second] = addSpeaker(once, { name: 'Ada' });
    const [, third] = addSpeaker(twice, { name: 'ADA!' });
    expect([first.id, second.id, third.id]).toEqual(['ada-2', 'ada-3', 'ada-4']);
  });

  it('keeps an id the client sends, whatever the name makes', () => {
    const [next, speaker] = addSpeaker(draft(), { id: 'amazing-grace', name: 'Grace Hopper' });
    expect(speaker.id).toBe('amazing-grace');
    expect(next.speakers.map(({ id }) => id)).toEqual(['ada', 'grace', 'amazing-grace']);
  });

  it('accepts a name that makes an id of exactly the longest length', () => {
    const name = 'a'.repeat(MAX_SLUG_LENGTH);
    expect(addSpeaker(draft(), { name })[1].id).toHaveLength(MAX_SLUG_LENGTH);
  });

  it('refuses an id the client sends that is taken, with ConflictError', () => {
    expect(() => addSpeaker(draft(), { id: 'ada', name: 'Another Ada' })).toThrow(ConflictError);
  });

  it.each([
    ['no letters or digits', '!!!'],
    ['only letters the slug drops', '李小龙'],
    ['too long an id', 'a'.repeat(MAX_SLUG_LENGTH + 1)],
  ])('refuses a name that makes %s, asking for an id', (_case, name) => {
    expect(invalidFields(() => addSpeaker(draft(), { name }))).toEqual([
      expect.objectContaining({ name: 'id', in: 'body' }),
    ]);
  });

  it('refuses a name whose numbered id grows past the longest length', () => {
    const name = 'b'.repeat(MAX_SLUG_LENGTH - 1);
    const [once] = addSpeaker(draft(), { name });
    expect(invalidFields(() => addSpeaker(once, { name })).map((error) => error.name)).toEqual([
      'id',
    ]);
  });
});

describe('replacing a speaker', () => {
  it('replaces every field, keeps the id and the place in the list', () => {
    const [next, speaker] = replaceSpeaker(draft(), 'ada', { name: 'Augusta Ada King' });
    expect(speaker).toEqual({ id: 'ada', name: 'Augusta Ada King' });
    expect(next.speakers).toEqual([speaker, GRACE]);
    expectValid(next);
  });

  it('leaves the talks naming the speaker as they are', () => {
    const [next] = replaceSpeaker(draft(), 'ada', { name: 'Augusta Ada King' });
    expect(next.agenda).toEqual(draft().agenda);
  });

  it('refuses a speaker nobody added with NotFoundError', () => {
    expect(() => replaceSpeaker(draft(), 'linus', { name: 'Linus' })).toThrow(NotFoundError);
  });
});

describe('removing a speaker', () => {
  it('removes the speaker and takes them off every talk, keeping the other speakers in order', () => {
    const next = deleteSpeaker(draft(), 'ada');
    expect(next.speakers).toEqual([GRACE]);
    expect(findTalk(next, 'a-one').item.speakers).toEqual(['grace']);
    expect(findTalk(next, 'b-four').item.speakers).toEqual([]);
    expect(findTalk(next, 'a-three').item.speakers).toEqual(['grace']);
    expectValid(next);
  });

  it('leaves the draft publishable with no talk naming them (the 2020 seed with speakers)', () => {
    const next = deleteSpeaker(seedWithSpeakers(), 'ada-lovelace');
    const published = publishEdition(next);
    expect(published.slots.filter((slot) => slot.speakerIds.includes('ada-lovelace'))).toEqual([]);
    expect(
      published.slots.find((slot) => slot.id === 'runtime-panel-discussion')?.speakerIds,
    ).toEqual(['grace-hopper']);
  });

  it('refuses a speaker nobody added with NotFoundError', () => {
    expect(() => deleteSpeaker(draft(), 'linus')).toThrow(NotFoundError);
  });
});
