import type { LocationMode } from '../edition/location.ts';
import { venueLine } from '../edition/online.ts';
import {
  type PublishedEdition,
  publishEdition,
  type Slot,
  TALK_KINDS,
} from '../edition/published.ts';
import type { EditionSource } from '../edition/schema.ts';

/**
 * What a release changes for the people who come: the edition's days, place or way of joining
 * (in person, online, hybrid), and each talk whose day, time or place moved, compared by slot id
 * between the edition published before and the one released. A renamed talk, a new abstract, an
 * added or removed talk moves nobody: such a release has no notice, and mails nobody.
 */

/** When and where, as each edition says it: times with the venue's offset and its zone's label. */
export interface NoticeTime {
  start: string;
  end: string;
  /** The zone label the times are written in (CEST). */
  zone: string;
  /** The place as the page shows it: "ISC High Performance, Hall Y5", or the online room's name. */
  place: string;
  mode: LocationMode;
}

export interface MovedTalk {
  id: string;
  title: string;
  from: NoticeTime;
  to: NoticeTime;
}

export interface NoticeEdition {
  /** The days, YYYY-MM-DD, in order. */
  dates: string[];
  place: string;
  mode: LocationMode;
}

export interface ScheduleNotice {
  /** The edition's days, place or mode, before and after; null when none of them changed. */
  edition: { from: NoticeEdition; to: NoticeEdition } | null;
  /** Talks whose day, time, place or way of joining changed, in the new agenda's order. */
  moved: MovedTalk[];
}

const editionOf = (edition: PublishedEdition): NoticeEdition => ({
  dates: edition.details.days.map((day) => day.date),
  place: edition.details.venue,
  mode: edition.details.location.mode,
});

/** Where a slot takes place: its session's own location, or the edition's. */
function timeOf(edition: PublishedEdition, slot: Slot): NoticeTime {
  const session = edition.sessions.find((candidate) => candidate.id === slot.sessionId);
  const location = session?.location ?? edition.details.location;
  return {
    start: slot.start,
    end: slot.end,
    zone: edition.details.displayTimeZones[0]?.label ?? edition.details.timezone,
    place: session?.location ? venueLine(session.location) : edition.details.venue,
    mode: location.mode,
  };
}

const sameEdition = (a: NoticeEdition, b: NoticeEdition) =>
  a.place === b.place && a.mode === b.mode && a.dates.join() === b.dates.join();

/** The notice a release from `before` to `after` calls for; null when nothing moved. */
export function scheduleNotice(
  before: PublishedEdition,
  after: PublishedEdition,
): ScheduleNotice | null {
  const from = editionOf(before);
  const to = editionOf(after);
  const edition = sameEdition(from, to) ? null : { from, to };
  const previous = new Map(before.slots.map((slot) => [slot.id, slot]));
  const moved: MovedTalk[] = [];
  for (const slot of after.slots) {
    const old = previous.get(slot.id);
    if (!old || !TALK_KINDS.includes(slot.kind)) continue;
    const was = timeOf(before, old);
    const now = timeOf(after, slot);
    // Instants, not strings: the same wall clock in another zone has moved; another offset for
    // the same instant has not.
    const timeMoved =
      Date.parse(was.start) !== Date.parse(now.start) ||
      Date.parse(was.end) !== Date.parse(now.end);
    if (timeMoved || was.place !== now.place || was.mode !== now.mode) {
      moved.push({ id: slot.id, title: slot.title, from: was, to: now });
    }
  }
  return edition || moved.length > 0 ? { edition, moved } : null;
}

/** The notice a release of `after` over the release `before` calls for (none for the first). */
export function releaseNotice(
  before: EditionSource | undefined,
  after: EditionSource,
): ScheduleNotice | null {
  return before ? scheduleNotice(publishEdition(before), publishEdition(after)) : null;
}
