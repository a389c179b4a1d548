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
  }
  for (const slot of from.slots) {
    if (!after.has(slot.id)) changes.removed.push({ id: slot.id, title: slot.title });
  }
  return changes;
}
