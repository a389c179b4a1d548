import { describe, expect, it } from 'vitest';
import { draftPersonIds, newPersonId, withAcceptedTalk } from '#shared/cfp/acceptance.ts';
import { withExplicitIds } from '#shared/draft/edits.ts';
import { seedEdition } from '../../../support/editions.ts';

/** An accepted submission as a talk of the draft: pure, on the 2020 edition file. */

const draft = withExplicitIds(seedEdition());
const talk = {
  submission: { title: 'Rootless Runtimes: a Field Report', abstract: 'What we learned.' },
  kind: { duration: 20, talkKind: 'paper' as const },
  sessionId: 'runtime',
  speakers: [
    { personId: 'ada-runtime', name: 'Ada Runtime', affiliation: 'Lab A', bio: 'Runs things.' },
  ],
};

describe('withAcceptedTalk', () => {
  it('appends the talk to its session with the call kind’s duration and kind', () => {
    const accepted = withAcceptedTalk(draft, talk);
    if (!accepted.ok) throw new Error('expected the talk to be added');
    expect(accepted.talkId).toBe('runtime-rootless-runtimes-a-field-report');
    const session = accepted.source.agenda.find((entry) => entry.id === 'runtime');
    expect(session?.kind === 'session' && session.items.at(-1)).toEqual({
      id: 'runtime-rootless-runtimes-a-field-report',
      kind: 'paper',
      title: 'Rootless Runtimes: a Field Report',
      duration: 20,
      abstract: 'What we learned.',
      speakers: ['ada-runtime'],
    });
    expect(accepted.source.speakers).toContainEqual({
      id: 'ada-runtime',
      name: 'Ada Runtime',
      affiliation: 'Lab A',
      bio: 'Runs things.',
    });
    // The draft it was given is unchanged.
    expect(draft.speakers).toEqual([]);
  });

  it('gives a second talk of the same title another id, and updates a known speaker', () => {
    const once = withAcceptedTalk(draft, talk);
    if (!once.ok) throw new Error('expected the talk to be added');
    const twice = withAcceptedTalk(once.source, {
      ...talk,
      speakers: [{ personId: 'ada-runtime', name: 'Ada Runtime', affiliation: 'Lab B' }],
    });
    if (!twice.ok) throw new Error('expected the talk to be added');
    expect(twice.talkId).toBe('runtime-rootless-runtimes-a-field-report-2');
    expect(twice.source.speakers).toEqual([
      { id: 'ada-runtime', name: 'Ada Runtime', affiliation: 'Lab B', bio: 'Runs things.' },
    ]);
  });

  it('refuses a session the draft does not have', () => {
    expect(withAcceptedTalk(draft, { ...talk, sessionId: 'gone' })).toEqual({
      ok: false,
      problem: 'no-session',
    });
    expect(withAcceptedTalk(draft, { ...talk, sessionId: 'coffee-break-1100' }).ok).toBe(false);
  });
});

describe('newPersonId', () => {
  it('is the slug of the name, then -2, -3… past the ids taken', () => {
    expect(newPersonId('Élodie Ñúñez', () => false)).toBe('elodie-nunez');
    const taken = new Set(['ada-runtime', 'ada-runtime-2']);
    expect(newPersonId('Ada Runtime', (id) => taken.has(id))).toBe('ada-runtime-3');
    expect(newPersonId('!!!', () => false)).toBe('speaker');
    expect(newPersonId('x'.repeat(300), () => false).length).toBeLessThanOrEqual(100);
  });

  it('knows the draft’s people', () => {
    expect(draftPersonIds({ ...draft, speakers: [{ id: 'a', name: 'A' }] })).toEqual(
      new Set(['a']),
    );
  });
});
