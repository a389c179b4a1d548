import { slugify } from '../slug.ts';

/**
 * The fields ids are made of, as shapes of their own: the edition schema uses these functions to
 * check its ids, so they must not depend on it.
 */
interface Titled {
  id?: string | undefined;
  title: string;
}
type TalkSource = Titled;
type SessionEntry = Titled & { kind: 'session'; items: TalkSource[] };
type AgendaEntry =
  | SessionEntry
  | (Titled & { kind: 'break'; at: string })
  | (Titled & { kind: 'end' });

/**
 * Ids are readable slugs derived from titles unless the file pins one: they appear in URLs and in
 * calendar UIDs, so a file that renames something should pin the old id.
 */

export function entryId(entry: AgendaEntry): string {
  if (entry.id !== undefined) return entry.id;
  switch (entry.kind) {
    case 'session':
      return slugify(entry.title);
    case 'break':
      return `${slugify(entry.title)}-${entry.at.replace(':', '')}`;
    case 'end':
      return slugify(entry.title);
  }
}

export function talkIdOf(session: SessionEntry, item: TalkSource): string {
  return item.id ?? `${entryId(session)}-${slugify(item.title)}`;
}

/** Every id an agenda defines, with the path of the field that defines it (for error messages). */
export function agendaIds(agenda: AgendaEntry[]): { id: string; path: PropertyKey[] }[] {
  return agenda.flatMap((entry, index) => {
    const own = { id: entryId(entry), path: ['agenda', index, entry.id ? 'id' : 'title'] };
    if (entry.kind !== 'session') return [own];
    const items = entry.items.map((item, itemIndex) => ({
      id: talkIdOf(entry, item),
      path: ['agenda', index, 'items', itemIndex, item.id ? 'id' : 'title'],
    }));
    return [own, ...items];
  });
}
