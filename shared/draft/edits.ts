import { entryId, talkIdOf } from '../agenda/ids.ts';
import { type MaterialInput, withMaterialIds } from '../edition/materials.ts';
import type {
  BreakEntry,
  EditionSource,
  SessionEntry,
  Speaker,
  TalkSource,
} from '../edition/schema.ts';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.ts';
import { isSlugId, MAX_SLUG_LENGTH, slugify } from '../slug.ts';

/**
 * Edits of an edition's draft, as pure functions from one edition source to the next. They keep
 * the draft valid (ids unique, speakers that exist, no empty session) so that it can be released
 * at any time; timing conflicts are the lint's business, not refusals.
 */

/** Every session, break and item gets its id written out: renaming a title keeps the id. */
export function withExplicitIds(source: EditionSource): EditionSource {
  return {
    ...source,
    agenda: source.agenda.map((entry) => {
      if (entry.kind !== 'session') return { ...entry, id: entryId(entry) };
      return withMaterials(
        {
          ...entry,
          id: entryId(entry),
          items: entry.items.map((item) => withMaterials({ ...item, id: talkIdOf(entry, item) })),
        },
        entry.materials,
      );
    }),
  };
}

/**
 * Sets the materials of a session or item, ids written out (given ones kept); an empty list
 * removes them. Without a list the materials there are only given their ids.
 */
function withMaterials<T extends { materials?: MaterialInput[] | undefined }>(
  target: T,
  materials: readonly MaterialInput[] | undefined = target.materials,
): T {
  const next = { ...target };
  if (materials === undefined) return next;
  const ids = materials.flatMap((material) => (material.id ? [material.id] : []));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw new InvalidRequestError([
      { name: 'materials', in: 'body', detail: `expected ids used once; "${repeated}" repeats` },
    ]);
  }
  if (materials.length === 0) delete next.materials;
  else next.materials = withMaterialIds(materials);
  return next;
}

export interface TalkLocation {
  session: SessionEntry;
  item: TalkSource;
  entryIndex: number;
  itemIndex: number;
}

export function findTalk(source: EditionSource, talkId: string): TalkLocation {
  for (const [entryIndex, entry] of source.agenda.entries()) {
    if (entry.kind !== 'session') continue;
    const itemIndex = entry.items.findIndex((item) => talkIdOf(entry, item) === talkId);
    const item = entry.items[itemIndex];
    if (item) return { session: entry, item, entryIndex, itemIndex };
  }
  throw new NotFoundError(`The draft has no talk "${talkId}".`);
}

export function findSpeaker(source: EditionSource, speakerId: string): Speaker {
  const speaker = source.speakers.find((candidate) => candidate.id === speakerId);
  if (!speaker) throw new NotFoundError(`The draft has no speaker "${speakerId}".`);
  return speaker;
}

function findEntry<Kind extends 'session' | 'break'>(
  source: EditionSource,
  kind: Kind,
  id: string,
) {
  const index = source.agenda.findIndex((entry) => entry.kind === kind && entryId(entry) === id);
  if (index < 0) throw new NotFoundError(`The draft has no ${kind} "${id}".`);
  return {
    index,
    entry: source.agenda[index] as Extract<EditionSource['agenda'][number], { kind: Kind }>,
  };
}

export const findSession = (source: EditionSource, id: string) =>
  findEntry(source, 'session', id).entry;
export const findBreak = (source: EditionSource, id: string) =>
  findEntry(source, 'break', id).entry;

function replaceEntry(
  source: EditionSource,
  index: number,
  entry: EditionSource['agenda'][number],
) {
  return {
    ...source,
    agenda: source.agenda.map((current, at) => (at === index ? entry : current)),
  };
}

function requireSpeakers(source: EditionSource, ids: string[] | undefined) {
  const unknown = (ids ?? []).filter((id) => !source.speakers.some((speaker) => speaker.id === id));
  if (unknown.length > 0) {
    throw new InvalidRequestError([
      {
        name: 'speakers',
        in: 'body',
        detail: `expected ids of the draft's speakers; unknown: ${unknown.join(', ')}`,
      },
    ]);
  }
}

function allIds(source: EditionSource): Set<string> {
  return new Set(
    source.agenda.flatMap((entry) =>
      entry.kind === 'session'
        ? [entryId(entry), ...entry.items.map((item) => talkIdOf(entry, item))]
        : [entryId(entry)],
    ),
  );
}

/** A readable id not taken yet: "runtime-new-talk", then "runtime-new-talk-2". */
function freeId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1)
    if (!taken.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

/** An id made from a title or name is bound like a sent one; without one, the client pins an id. */
function madeId(id: string, from: 'title' | 'name'): string {
  if (isSlugId(id)) return id;
  throw new InvalidRequestError([
    {
      name: 'id',
      in: 'body',
      detail: `expected an id: the ${from} makes none of at most ${MAX_SLUG_LENGTH} letters, digits and hyphens`,
    },
  ]);
}

export type SpeakerFields = Omit<Speaker, 'id'>;

export function addSpeaker(
  source: EditionSource,
  fields: SpeakerFields & { id?: string },
): [EditionSource, Speaker] {
  const id =
    fields.id ??
    madeId(
      freeId(slugify(fields.name), new Set(source.speakers.map((speaker) => speaker.id))),
      'name',
    );
  if (source.speakers.some((speaker) => speaker.id === id)) {
    throw new ConflictError(`The draft already has a speaker "${id}".`);
  }
  const { id: _requested, ...rest } = fields;
  const speaker: Speaker = { id, ...rest };
  return [{ ...source, speakers: [...source.speakers, speaker] }, speaker];
}

export function replaceSpeaker(
  source: EditionSource,
  id: string,
  fields: SpeakerFields,
): [EditionSource, Speaker] {
  findSpeaker(source, id);
  const speaker: Speaker = { id, ...fields };
  return [
    {
      ...source,
      speakers: source.speakers.map((current) => (current.id === id ? speaker : current)),
    },
    speaker,
  ];
}

/** Removes the speaker and takes them off every talk. */
export function deleteSpeaker(source: EditionSource, id: string): EditionSource {
  findSpeaker(source, id);
  return {
    ...source,
    speakers: source.speakers.filter((speaker) => speaker.id !== id),
    agenda: source.agenda.map((entry) =>
      entry.kind !== 'session'
        ? entry
        : {
            ...entry,
            items: entry.items.map((item) =>
              item.speakers?.includes(id)
                ? { ...item, speakers: item.speakers.filter((other) => other !== id) }
                : item,
            ),
          },
    ),
  };
}

export interface TalkFields {
  title?: string;
  kind?: TalkSource['kind'];
  abstract?: string | null;
  duration?: number | null;
  /** Own start time on its day ("HH:MM"); null drops it. */
  at?: string | null;
  speakers?: string[];
  /** The whole list: ids sent are kept, the others made from titles; [] removes them all. */
  materials?: MaterialInput[];
}

function applyTalkFields(item: TalkSource, fields: TalkFields): TalkSource {
  const next: TalkSource =
    fields.materials === undefined ? { ...item } : withMaterials(item, fields.materials);
  if (fields.title !== undefined) next.title = fields.title;
  if (fields.kind !== undefined) next.kind = fields.kind;
  if (fields.speakers !== undefined) next.speakers = fields.speakers;
  if (fields.abstract === null) delete next.abstract;
  else if (fields.abstract !== undefined) next.abstract = fields.abstract;
  if (fields.duration === null) delete next.duration;
  else if (fields.duration !== undefined) next.duration = fields.duration;
  if (fields.at === null) delete next.at;
  else if (fields.at !== undefined) next.at = fields.at;
  return next;
}

function insertAt<T>(list: T[], element: T, position: number | undefined): T[] {
  const at = position === undefined ? list.length : Math.min(Math.max(position, 0), list.length);
  return [...list.slice(0, at), element, ...list.slice(at)];
}

export function addTalk(
  source: EditionSource,
  sessionId: string,
  fields: TalkFields & { title: string; id?: string; position?: number },
): [EditionSource, string] {
  const { index, entry } = findEntry(source, 'session', sessionId);
  requireSpeakers(source, fields.speakers);
  const taken = allIds(source);
  const id = fields.id ?? madeId(freeId(`${sessionId}-${slugify(fields.title)}`, taken), 'title');
  if (taken.has(id)) throw new ConflictError(`The draft already has an entry "${id}".`);
  const item = applyTalkFields({ id, kind: 'talk', title: fields.title }, fields);
  return [
    replaceEntry(source, index, { ...entry, items: insertAt(entry.items, item, fields.position) }),
    id,
  ];
}

/** Edits a talk; `sessionId` and `position` move it (to another session, or within its own). */
export function updateTalk(
  source: EditionSource,
  talkId: string,
  fields: TalkFields & { sessionId?: string; position?: number },
): EditionSource {
  const found = findTalk(source, talkId);
  requireSpeakers(source, fields.speakers);
  const item = applyTalkFields({ ...found.item, id: talkId }, fields);
  const moving = fields.sessionId !== undefined || fields.position !== undefined;
  if (!moving) {
    const items = found.session.items.map((current, at) =>
      at === found.itemIndex ? item : current,
    );
    return replaceEntry(source, found.entryIndex, { ...found.session, items });
  }
  if ((fields.sessionId ?? entryId(found.session)) === entryId(found.session)) {
    // A move within its own session: the talk keeps its place unless a position is given, and a
    // session's only talk may stay where it is.
    const others = found.session.items.filter((_, at) => at !== found.itemIndex);
    const items = insertAt(others, item, fields.position ?? found.itemIndex);
    return replaceEntry(source, found.entryIndex, { ...found.session, items });
  }
  const withoutTalk = removeTalkAt(source, found);
  const target = findEntry(withoutTalk, 'session', fields.sessionId ?? entryId(found.session));
  const position = fields.position;
  return replaceEntry(withoutTalk, target.index, {
    ...target.entry,
    items: insertAt(target.entry.items, item, position),
  });
}

function removeTalkAt(source: EditionSource, found: TalkLocation): EditionSource {
  if (found.session.items.length === 1) {
    throw new ConflictError(
      `"${found.item.title}" is the only item of ${found.session.title}: a session needs one.`,
    );
  }
  const items = found.session.items.filter((_, at) => at !== found.itemIndex);
  return replaceEntry(source, found.entryIndex, { ...found.session, items });
}

export function deleteTalk(source: EditionSource, talkId: string): EditionSource {
  return removeTalkAt(source, findTalk(source, talkId));
}

export function updateSession(
  source: EditionSource,
  sessionId: string,
  fields: {
    title?: string;
    duration?: number;
    segment?: string | null;
    materials?: MaterialInput[];
    at?: string | null;
  },
): EditionSource {
  const { index, entry } = findEntry(source, 'session', sessionId);
  if (
    typeof fields.segment === 'string' &&
    !source.segments.some((segment) => segment.id === fields.segment)
  ) {
    throw new InvalidRequestError([
      { name: 'segment', in: 'body', detail: 'expected the id of one of the segments' },
    ]);
  }
  const next: SessionEntry = withMaterials(entry, fields.materials ?? entry.materials);
  if (fields.title !== undefined) next.title = fields.title;
  if (fields.duration !== undefined) next.duration = fields.duration;
  if (fields.segment === null) delete next.segment;
  else if (fields.segment !== undefined) next.segment = fields.segment;
  if (fields.at === null) delete next.at;
  else if (fields.at !== undefined) next.at = fields.at;
  return replaceEntry(source, index, next);
}

export function updateBreak(
  source: EditionSource,
  breakId: string,
  fields: { title?: string; at?: string; duration?: number },
): EditionSource {
  const { index, entry } = findEntry(source, 'break', breakId);
  const next: BreakEntry = { ...entry };
  if (fields.title !== undefined) next.title = fields.title;
  if (fields.at !== undefined) next.at = fields.at;
  if (fields.duration !== undefined) next.duration = fields.duration;
  return replaceEntry(source, index, next);
}
