import { describe, expect, it } from 'vitest';
import {
  addTalk,
  findSession,
  findTalk,
  updateSession,
  updateTalk,
  withExplicitIds,
} from '#shared/draft/edits.ts';
import { isWebUrl, withMaterialIds } from '#shared/edition/materials.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { InvalidRequestError } from '#shared/errors.ts';
import { editionWith, endAt, session } from '../../../support/editions.ts';

/** Materials (slides, recordings …) as draft edits: the whole list per edit, ids kept. */

const SLIDES = { kind: 'slides' as const, title: 'Slides', url: 'https://slides.example/a.pdf' };
const VIDEO = { kind: 'video' as const, title: 'Video', url: 'http://videos.example/a' };

function draft(): EditionSource {
  return withExplicitIds(
    editionWith([session('a', 30, [{ title: 'One' }, { title: 'Two' }]), endAt('18:00')]),
  );
}

describe('material URLs', () => {
  it.each([
    ['https://slides.example/a.pdf', true],
    ['http://localhost:8080/x', true],
    ['HTTPS://EXAMPLE.ORG/', true],
    ['javascript:alert(1)', false],
    ['ftp://files.example/a.pdf', false],
    ['data:text/html,<b>x</b>', false],
    ['//slides.example/a.pdf', false],
    ['https://', false],
    ['slides.pdf', false],
    [`https://x.example/${'a'.repeat(2048)}`, false],
  ])('%s is accepted: %s', (url, accepted) => {
    expect(isWebUrl(url)).toBe(accepted);
  });
});

describe('material ids', () => {
  it('keeps ids given and makes the others from titles, numbered when taken', () => {
    expect(
      withMaterialIds([
        { ...SLIDES, id: 'slides-2' },
        SLIDES,
        SLIDES,
        { ...VIDEO, title: '!!!' },
      ]).map((material) => material.id),
    ).toEqual(['slides-2', 'slides', 'slides-3', 'video']);
  });
});

describe('editing the materials of a talk', () => {
  it('adds materials with ids made from their titles, and publishes them on the slot', () => {
    const next = updateTalk(draft(), 'a-one', { materials: [SLIDES, VIDEO] });
    expect(findTalk(next, 'a-one').item.materials).toEqual([
      { id: 'slides', ...SLIDES },
      { id: 'video', ...VIDEO },
    ]);
    const slot = publishEdition(next).slots.find((candidate) => candidate.id === 'a-one');
    expect(slot?.materials).toEqual([
      { id: 'slides', ...SLIDES },
      { id: 'video', ...VIDEO },
    ]);
    expect(
      publishEdition(next).slots.find((candidate) => candidate.id === 'a-two'),
    ).not.toHaveProperty('materials');
  });

  it('keeps the ids sent back when a material is renamed, and removes what is left out', () => {
    const withBoth = updateTalk(draft(), 'a-one', { materials: [SLIDES, VIDEO] });
    const renamed = updateTalk(withBoth, 'a-one', {
      materials: [{ ...VIDEO, id: 'video', title: 'Full recording' }],
    });
    expect(findTalk(renamed, 'a-one').item.materials).toEqual([
      { id: 'video', kind: 'video', title: 'Full recording', url: VIDEO.url },
    ]);
  });

  it('removes them all with an empty list, and leaves them alone when not sent', () => {
    const withSlides = updateTalk(draft(), 'a-one', { materials: [SLIDES] });
    expect(
      findTalk(updateTalk(withSlides, 'a-one', { title: 'Uno' }), 'a-one').item.materials,
    ).toEqual([{ id: 'slides', ...SLIDES }]);
    expect(
      findTalk(updateTalk(withSlides, 'a-one', { materials: [] }), 'a-one').item,
    ).not.toHaveProperty('materials');
  });

  it('keeps the materials of a talk moved to another session', () => {
    const source = withExplicitIds(
      editionWith([
        session('a', 30, [{ title: 'One' }, { title: 'Two' }]),
        session('b', 30),
        endAt('18:00'),
      ]),
    );
    const moved = updateTalk(updateTalk(source, 'a-one', { materials: [SLIDES] }), 'a-one', {
      sessionId: 'b',
    });
    expect(findTalk(moved, 'a-one').item.materials).toEqual([{ id: 'slides', ...SLIDES }]);
  });

  it('takes materials on a new talk', () => {
    const [next, id] = addTalk(draft(), 'a', { title: 'Three', materials: [SLIDES] });
    expect(findTalk(next, id).item.materials).toEqual([{ id: 'slides', ...SLIDES }]);
  });

  it('refuses two materials with the same id, naming materials', () => {
    const edit = () =>
      updateTalk(draft(), 'a-one', {
        materials: [
          { ...SLIDES, id: 'x' },
          { ...VIDEO, id: 'x' },
        ],
      });
    expect(edit).toThrow(InvalidRequestError);
    try {
      edit();
    } catch (error) {
      expect((error as InvalidRequestError).errors[0]?.name).toBe('materials');
    }
  });
});

describe('editing the materials of a session', () => {
  it('sets, publishes and removes them, leaving the other fields', () => {
    const next = updateSession(draft(), 'a', { materials: [VIDEO] });
    expect(findSession(next, 'a').materials).toEqual([{ id: 'video', ...VIDEO }]);
    expect(publishEdition(next).sessions[0]?.materials).toEqual([{ id: 'video', ...VIDEO }]);
    const renamed = updateSession(next, 'a', { title: 'Alpha' });
    expect(findSession(renamed, 'a').materials).toEqual([{ id: 'video', ...VIDEO }]);
    expect(findSession(updateSession(next, 'a', { materials: [] }), 'a')).not.toHaveProperty(
      'materials',
    );
  });
});

describe('withExplicitIds', () => {
  it('writes out the ids of materials from the edition file', () => {
    const source = withExplicitIds(
      editionWith([
        {
          ...session('a', 30, [{ title: 'One' }]),
          materials: [VIDEO],
          items: [{ title: 'One', materials: [SLIDES, { ...SLIDES, id: 'pinned' }] }],
        },
        endAt('18:00'),
      ]),
    );
    expect(findSession(source, 'a').materials?.map((material) => material.id)).toEqual(['video']);
    expect(findTalk(source, 'a-one').item.materials?.map((material) => material.id)).toEqual([
      'slides',
      'pinned',
    ]);
    expect(withExplicitIds(source)).toEqual(source);
  });
});
