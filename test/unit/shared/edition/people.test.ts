import { describe, expect, it } from 'vitest';
import { appearancesOf, personNameConflicts, personOf } from '#shared/edition/people.ts';
import { publishEdition } from '#shared/edition/published.ts';
import { editionWith, endAt, session } from '../../../support/editions.ts';

const edition = (year: number, affiliation: string) =>
  publishEdition(
    editionWith(
      [
        session('one', 60, [
          { title: 'Opening', speakers: ['ada'] },
          { title: 'Engines', speakers: ['ada', 'charles'] },
        ]),
        endAt('10:00'),
      ],
      {
        year,
        date: `${year}-06-20`,
        speakers: [
          { id: 'ada', name: 'Ada Lovelace', affiliation },
          { id: 'charles', name: 'Charles Babbage' },
        ],
      },
    ),
  );

describe('appearancesOf', () => {
  it('gives each speaker of an edition their name, affiliation and talks of that year', () => {
    const [ada, charles] = appearancesOf(edition(2030, 'Analytical Engines'));
    expect(ada).toMatchObject({
      personId: 'ada',
      year: 2030,
      editionTitle: 'Test Workshop',
      name: 'Ada Lovelace',
      affiliation: 'Analytical Engines',
    });
    expect(ada?.talks.map((talk) => [talk.title, talk.start])).toEqual([
      ['Opening', '2030-06-20T09:00:00+02:00'],
      ['Engines', '2030-06-20T09:30:00+02:00'],
    ]);
    expect(charles).not.toHaveProperty('affiliation');
    expect(charles?.talks.map((talk) => talk.title)).toEqual(['Engines']);
  });
});

describe('personOf', () => {
  it('orders editions newest first and names the person as the newest does', () => {
    const appearances = [
      ...appearancesOf(edition(2028, 'Docker')),
      ...appearancesOf(edition(2031, 'QNIB Solutions')),
      ...appearancesOf(edition(2030, 'AWS')),
    ].filter((appearance) => appearance.personId === 'ada');
    const person = personOf(appearances);
    expect(person).toMatchObject({
      id: 'ada',
      name: 'Ada Lovelace',
      affiliation: 'QNIB Solutions',
    });
    expect(person?.editions.map((entry) => [entry.year, entry.affiliation])).toEqual([
      [2031, 'QNIB Solutions'],
      [2030, 'AWS'],
      [2028, 'Docker'],
    ]);
    expect(person?.editions[0]).not.toHaveProperty('personId');
  });

  it('is undefined for nobody', () => {
    expect(personOf([])).toBeUndefined();
  });
});

describe('personNameConflicts', () => {
  const file = (name: string, speakers: { id: string; name: string }[]) => ({
    file: name,
    edition: { speakers },
  });

  it('names each person id given to different names, with the first file of each name', () => {
    expect(
      personNameConflicts([
        file('a.yaml', [
          { id: 'ada', name: 'Ada Lovelace' },
          { id: 'charles', name: 'Charles Babbage' },
        ]),
        file('b.yaml', [{ id: 'ada', name: 'Ada Lovelace' }]),
        file('c.yaml', [
          { id: 'ada', name: 'Ada King' },
          { id: 'charles', name: 'Charles Babbage' },
        ]),
      ]),
    ).toEqual([
      {
        personId: 'ada',
        names: [
          { name: 'Ada Lovelace', file: 'a.yaml' },
          { name: 'Ada King', file: 'c.yaml' },
        ],
      },
    ]);
  });

  it('finds nothing when every id keeps its name', () => {
    expect(
      personNameConflicts([
        file('a.yaml', [{ id: 'ada', name: 'Ada Lovelace' }]),
        file('b.yaml', [{ id: 'ada', name: 'Ada Lovelace' }]),
      ]),
    ).toEqual([]);
  });
});
