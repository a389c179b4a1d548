import type { EditionSource, SessionEntry } from '../edition/schema.ts';
import { parseClockTime } from './clock.ts';
import { entryId, itemId } from './ids.ts';

/**
 * Agenda timing, in minutes since local midnight.
 *
 * - Sessions flow one after another in file order.
 * - A break starts at its fixed time, whatever ran before it; the next session starts when it ends.
 * - The day starts at `startsAt` or, when absent, early enough for the sessions before the first
 *   fixed time (a break or the end) to fill the time up to it exactly.
 * - Inside a session, items with a duration get it; the minutes left are shared equally by the
 *   others in whole minutes, the earliest items taking one extra minute each until none is left
 *   (30 minutes over 4 items: 8, 8, 7, 7).
 *
 * Nothing here moves a time to hide a conflict: overlaps stay visible and `lintAgenda` reports them.
 */

export type ItemKind = 'intro' | 'talk' | 'panel';

export interface TimedItem {
  id: string;
  kind: ItemKind;
  title: string;
  abstract: string | undefined;
  speakerIds: string[];
  start: number;
  end: number;
  hasExplicitDuration: boolean;
}

export interface TimedSession {
  kind: 'session';
  id: string;
  title: string;
  segmentId: string | undefined;
  start: number;
  end: number;
  items: TimedItem[];
}

export interface TimedBreak {
  kind: 'break';
  id: string;
  title: string;
  start: number;
  end: number;
}

export interface TimedEnd {
  kind: 'end';
  id: string;
  title: string;
  start: number;
  end: number;
}

export type TimedEntry = TimedSession | TimedBreak | TimedEnd;

export interface TimedAgenda {
  dayStart: number;
  entries: TimedEntry[];
}

export function timeAgenda(edition: Pick<EditionSource, 'agenda' | 'startsAt'>): TimedAgenda {
  const dayStart = firstSessionStart(edition);
  let cursor = dayStart;
  const entries = edition.agenda.map((entry): TimedEntry => {
    if (entry.kind === 'session') {
      const session = timeSession(entry, cursor);
      cursor = session.end;
      return session;
    }
    const start = parseClockTime(entry.at);
    const end = entry.kind === 'break' ? start + entry.duration : start;
    cursor = end;
    return { kind: entry.kind, id: entryId(entry), title: entry.title, start, end };
  });
  return { dayStart, entries };
}

function firstSessionStart({ agenda, startsAt }: Pick<EditionSource, 'agenda' | 'startsAt'>) {
  if (startsAt !== undefined) return parseClockTime(startsAt);
  let minutesBeforeFixedTime = 0;
  for (const entry of agenda) {
    if (entry.kind === 'session') minutesBeforeFixedTime += entry.duration;
    else return parseClockTime(entry.at) - minutesBeforeFixedTime;
  }
  throw new RangeError('an agenda needs a break or an end with a fixed time');
}

function timeSession(session: SessionEntry, start: number): TimedSession {
  const durations = itemDurations(session);
  let cursor = start;
  const items = session.items.map((item, index): TimedItem => {
    const itemStart = cursor;
    cursor += durations[index] ?? 0;
    return {
      id: itemId(session, item),
      kind: item.kind,
      title: item.title,
      abstract: item.abstract,
      speakerIds: item.speakers ?? [],
      start: itemStart,
      end: cursor,
      hasExplicitDuration: item.duration !== undefined,
    };
  });
  return {
    kind: 'session',
    id: entryId(session),
    title: session.title,
    segmentId: session.segment,
    start,
    end: start + session.duration,
    items,
  };
}

/** Minutes per item, following the fill rule above. Never negative. */
export function itemDurations(session: Pick<SessionEntry, 'duration' | 'items'>): number[] {
  const explicitMinutes = session.items.reduce((sum, item) => sum + (item.duration ?? 0), 0);
  const sharing = session.items.filter((item) => item.duration === undefined).length;
  const minutesLeft = Math.max(0, session.duration - explicitMinutes);
  const share = sharing === 0 ? 0 : Math.floor(minutesLeft / sharing);
  let extraMinutes = sharing === 0 ? 0 : minutesLeft % sharing;
  return session.items.map((item) => {
    if (item.duration !== undefined) return item.duration;
    const extra = extraMinutes > 0 ? 1 : 0;
    extraMinutes -= extra;
    return share + extra;
  });
}
