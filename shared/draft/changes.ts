import { isDeepStrictEqual } from '../deep-equal.ts';
import type { Material } from '../edition/materials.ts';
import type { PublicLocation } from '../edition/online.ts';
import type { PublishedEdition, Slot } from '../edition/published.ts';

/** What changed between two releases, talk by talk (ids are stable across releases). */

export interface AgendaChanges {
  added: Pick<Slot, 'id' | 'title' | 'start' | 'end'>[];
  removed: Pick<Slot, 'id' | 'title'>[];
  moved: {
    id: string;
    title: string;
    from: { start: string; end: string };
    to: { start: string; end: string };
  }[];
  renamed: { id: string; from: string; to: string }[];
  speakersChanged: { id: string; title: string; from: string[]; to: string[] }[];
  /** Talks and sessions whose links (slides, recordings …) changed. */
  materialsChanged: { id: string; title: string; from: Material[]; to: Material[] }[];
  /** The edition's place (e.g. a hall, then online); null when unchanged. */
  locationChanged: { from: PublicLocation; to: PublicLocation } | null;
  /** The edition's dates; null when unchanged. */
  daysChanged: { from: string[]; to: string[] } | null;
}

export function agendaChanges(from: PublishedEdition, to: PublishedEdition): AgendaChanges {
  const before = new Map(from.slots.map((slot) => [slot.id, slot]));
  const after = new Map(to.slots.map((slot) => [slot.id, slot]));
  const changes: AgendaChanges = {
    added: [],
    removed: [],
    moved: [],
    renamed: [],
    speakersChanged: [],
    materialsChanged: [],
    locationChanged: null,
    daysChanged: null,
  };
  const materialsChange = (
    entry: { id: string; title: string; materials?: Material[] },
    old: { materials?: Material[] },
  ) => {
    if (!isDeepStrictEqual(old.materials ?? [], entry.materials ?? [])) {
      changes.materialsChanged.push({
        id: entry.id,
        title: entry.title,
        from: old.materials ?? [],
        to: entry.materials ?? [],
      });
    }
  };
  for (const slot of to.slots) {
    const old = before.get(slot.id);
    if (!old) {
      changes.added.push({ id: slot.id, title: slot.title, start: slot.start, end: slot.end });
      continue;
    }
    if (old.start !== slot.start || old.end !== slot.end) {
      changes.moved.push({
        id: slot.id,
        title: slot.title,
        from: { start: old.start, end: old.end },
        to: { start: slot.start, end: slot.end },
      });
    }
    if (old.title !== slot.title)
      changes.renamed.push({ id: slot.id, from: old.title, to: slot.title });
    if (old.speakerIds.join() !== slot.speakerIds.join()) {
      changes.speakersChanged.push({
        id: slot.id,
        title: slot.title,
        from: old.speakerIds,
        to: slot.speakerIds,
      });
    }
    materialsChange(slot, old);
  }
  const sessionsBefore = new Map(from.sessions.map((session) => [session.id, session]));
  for (const session of to.sessions) {
    const old = sessionsBefore.get(session.id);
    if (old) materialsChange(session, old);
  }
  if (!isDeepStrictEqual(from.details.location, to.details.location)) {
    changes.locationChanged = { from: from.details.location, to: to.details.location };
  }
  const datesOf = (edition: PublishedEdition) => edition.details.days.map((day) => day.date);
  if (!isDeepStrictEqual(datesOf(from), datesOf(to))) {
    changes.daysChanged = { from: datesOf(from), to: datesOf(to) };
  }
  for (const slot of from.slots) {
    if (!after.has(slot.id)) changes.removed.push({ id: slot.id, title: slot.title });
  }
  return changes;
}
