import { appearanceItems, editionItems } from '#functions/data/editions/edition-store.ts';
import { editionPk } from '#functions/data/table/keys.ts';
import { publishEdition } from '#shared/edition/published.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import { seedEdition } from './editions.ts';

/** The seed with two speakers, so that speaker routes have something to show. */
export function seedWithSpeakers(): EditionSource {
  const edition = seedEdition();
  edition.speakers = [
    { id: 'ada-lovelace', name: 'Ada Lovelace', affiliation: 'Analytical Engines' },
    {
      id: 'grace-hopper',
      name: 'Grace Hopper',
      links: [{ title: 'Site', url: 'https://grace.example/' }],
    },
  ];
  for (const entry of edition.agenda) {
    if (entry.kind !== 'session') continue;
    for (const item of entry.items) {
      if (item.title === 'Container Runtimes Overview') item.speakers = ['ada-lovelace'];
      if (entry.id === 'runtime' && item.kind === 'panel')
        item.speakers = ['ada-lovelace', 'grace-hopper'];
    }
  }
  return edition;
}

export function storedItems(edition: EditionSource = seedWithSpeakers()) {
  const published = publishEdition(edition);
  const items = [...editionItems(published)];
  return {
    published,
    /** Each speaker as an appearance of that person (PERSON#<id> partitions). */
    appearances: [...appearanceItems(published)],
    catalog: items.filter((item) => item.pk === 'CATALOG'),
    partition: items.filter((item) => item.pk === editionPk(edition.year)),
    item: (sk: string) =>
      items.find((item) => item.pk === editionPk(edition.year) && item.sk === sk),
  };
}
