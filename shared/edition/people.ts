import type { Material } from './materials.ts';
import type { PublishedEdition, SlotKind } from './published.ts';

/**
 * People across editions. A speaker's id is a person id: the same person keeps it in every
 * edition file, while the name and affiliation are as they were in that edition (Docker one
 * year, AWS the next). One appearance per person and edition is stored and served by person.
 */

interface AppearanceTalk {
  id: string;
  kind: SlotKind;
  title: string;
  day: string;
  start: string;
  end: string;
  sessionId: string | null;
  materials?: Material[];
}

export interface Appearance {
  personId: string;
  year: number;
  editionTitle: string;
  /** The name and affiliation this edition gave. */
  name: string;
  affiliation?: string;
  talks: AppearanceTalk[];
}

export interface Person {
  id: string;
  /** As the newest edition gives it. */
  name: string;
  affiliation?: string;
  /** Newest first. */
  editions: Omit<Appearance, 'personId'>[];
}

/** Every speaker of a published edition as an appearance of that person. */
export function appearancesOf(edition: PublishedEdition): Appearance[] {
  const slots = new Map(edition.slots.map((slot) => [slot.id, slot]));
  return edition.speakers.map((speaker) => ({
    personId: speaker.id,
    year: edition.details.year,
    editionTitle: edition.details.title,
    name: speaker.name,
    ...(speaker.affiliation === undefined ? {} : { affiliation: speaker.affiliation }),
    talks: speaker.talkIds.flatMap((talkId) => {
      const slot = slots.get(talkId);
      if (!slot) return [];
      const { id, kind, title, day, start, end, sessionId, materials } = slot;
      return [{ id, kind, title, day, start, end, sessionId, ...(materials ? { materials } : {}) }];
    }),
  }));
}

/** A person from their appearances; undefined when they appear in no edition. */
export function personOf(appearances: readonly Appearance[]): Person | undefined {
  const editions = [...appearances].sort((a, b) => b.year - a.year);
  const newest = editions[0];
  if (!newest) return undefined;
  return {
    id: newest.personId,
    name: newest.name,
    ...(newest.affiliation === undefined ? {} : { affiliation: newest.affiliation }),
    editions: editions.map(({ personId: _personId, ...appearance }) => appearance),
  };
}

/** One person id given to different names across edition files (a warning: names do change). */
export interface PersonNameConflict {
  personId: string;
  /** Each name with the first file that gives it, in file order. */
  names: { name: string; file: string }[];
}

export function personNameConflicts(
  files: readonly {
    file: string;
    edition: { speakers: readonly { id: string; name: string }[] };
  }[],
): PersonNameConflict[] {
  const byId = new Map<string, { name: string; file: string }[]>();
  for (const { file, edition } of files) {
    for (const { id, name } of edition.speakers) {
      const names = byId.get(id) ?? [];
      if (!names.some((known) => known.name === name)) names.push({ name, file });
      byId.set(id, names);
    }
  }
  return [...byId]
    .filter(([, names]) => names.length > 1)
    .map(([personId, names]) => ({ personId, names }));
}
