import type { AgendaChanges } from '#shared/draft/changes.ts';
import { type PublishedEdition, publishEdition, type Slot } from '#shared/edition/published.ts';
import { editionWith, endAt } from '../editions.ts';

/** Releases built slot by slot, for the unit tests of agendaChanges. */

export const NO_CHANGES: AgendaChanges = {
  added: [],
  removed: [],
  moved: [],
  renamed: [],
  speakersChanged: [],
  materialsChanged: [],
  locationChanged: null,
  daysChanged: null,
};

export const at = (time: string) => `2030-06-20T${time}:00+02:00`;

/** A slot as a release has it; only what a test names differs from a 30-minute talk at 09:00. */
export function slot(id: string, fields: Partial<Slot> = {}): Slot {
  return {
    id,
    position: 0,
    kind: 'talk',
    day: '2030-06-20',
    sessionId: 'a',
    segmentId: null,
    title: `Title of ${id}`,
    start: at('09:00'),
    end: at('09:30'),
    durationMinutes: 30,
    speakerIds: [],
    ...fields,
  };
}

/** A release with these slots (agendaChanges reads nothing else). */
const shell = publishEdition(editionWith([endAt('18:00')]));
export const release = (...slots: Slot[]): PublishedEdition => ({ ...shell, slots });
