import type { AgendaEntry, EditionSource, SessionEntry, TalkSource } from '../edition/schema.ts';
import { parseClockTime } from './clock.ts';
import { agendaDays } from './days.ts';
import { entryId, talkIdOf } from './ids.ts';

/**
 * Agenda timing, day by day, in minutes since the day's local midnight.
 *
 * - Each day is timed on its own (see `agendaDays` for which entries are on which day).
 * - Sessions flow one after another in file order, unless a session has its own `at`: then it
 *   starts there (sessions that are not contiguous, e.g. 17:00 and 19:00 online).
 * - A break starts at its fixed time, whatever ran before it; the next session starts when it ends.
 * - A session or break without a `duration` lasts until the next entry of its day, which then has
 *   its own time (a session's `at`, a break or the end; the edition schema refuses the rest).
 * - A day starts at its `startsAt` or, when absent, early enough for the sessions before its first
 *   fixed time (a session's or a break's `at`, or the end) to fill the time up to it exactly.
 * - A day ends at its `end` entry or, without one, when its last session or break ends.
 * - Inside a session, items with a duration get it; the minutes left are shared equally by the
 *   others in whole minutes, the earliest items taking one extra minute each until none is left
 *   (30 minutes over 4 items: 8, 8, 7, 7). An item with its own `at` starts there, whatever
 *   ran before it; the next item follows it. An item with its own `at` and no duration, followed
 *   by an item with its own `at` (or last in its session), lasts until that one starts (or the
 *   session ends), as a printed programme reads; it takes no share.
 *
 * Nothing here moves a time to hide a conflict: overlaps stay visible and `lintAgenda` reports them.
 */

export type TalkKind = 'intro' | 'talk' | 'panel' | 'paper' | 'keynote';

export interface TimedItem {
  id: string;
  kind: TalkKind;
  title: string;
  abstract: string | undefined;
  speakerIds: string[];
  start: number;
  end: number;
  hasExplicitDuration: boolean;
  /** The item has its own `at`. */
  hasFixedStart: boolean;
}

export interface TimedSession {
  kind: 'session';
  id: string;
  title: string;
  segmentId: string | undefined;
  start: number;
  end: number;
  /** The session has its own `at`. */
  hasFixedStart: boolean;
  items: TimedItem[];
}

interface TimedBreak {
  kind: 'break';
  id: string;
  title: string;
  start: number;
  end: number;
}

interface TimedEnd {
  kind: 'end';
  id: string;
  title: string;
  start: number;
  end: number;
}

export type TimedEntry = TimedSession | TimedBreak | TimedEnd;

export interface TimedDay {
  /** YYYY-MM-DD */
  date: string;
  start: number;
  end: number;
  entries: TimedEntry[];
}

export interface TimedAgenda {
  /** Start of the first day. */
  dayStart: number;
  /** Every entry in file order, each in minutes since its own day's midnight. */
  entries: TimedEntry[];
  days: TimedDay[];
}

type TimedSource = Pick<EditionSource, 'agenda' | 'startsAt'> &
  Partial<Pick<EditionSource, 'date' | 'days'>>;

export function timeAgenda(edition: TimedSource): TimedAgenda {
  const entries: TimedEntry[] = [];
  const days = agendaDays(edition).map((day): TimedDay => {
    const agenda = day.entries.map(({ entry }) => entry);
    const start = firstSessionStart(agenda, day.startsAt);
    let cursor = start;
    const timed = agenda.map((entry, position): TimedEntry => {
      const until = ownStart(agenda[position + 1]);
      if (entry.kind === 'session') {
        const sessionStart = entry.at === undefined ? cursor : parseClockTime(entry.at);
        const session = timeSession(entry, sessionStart, endOf(sessionStart, entry, until));
        cursor = session.end;
        return session;
      }
      const entryStart = parseClockTime(entry.at);
      const end = entry.kind === 'break' ? endOf(entryStart, entry, until) : entryStart;
      cursor = end;
      return { kind: entry.kind, id: entryId(entry), title: entry.title, start: entryStart, end };
    });
    day.entries.forEach(({ index }, position) => {
      entries[index] = timed[position] as TimedEntry;
    });
    return { date: day.date, start, end: timed.at(-1)?.end ?? start, entries: timed };
  });
  return { dayStart: days[0]?.start ?? 0, entries: entries.filter(Boolean), days };
}

/** The start an entry has of its own: a session's `at`, a break's or the end's. */
function ownStart(entry: AgendaEntry | undefined): number | undefined {
  if (entry === undefined || (entry.kind === 'session' && entry.at === undefined)) return undefined;
  return parseClockTime(entry.at as string);
}

/** A session or break ends after its duration or, without one, when the next entry starts. */
function endOf(start: number, entry: { duration?: number | undefined }, until?: number): number {
  if (entry.duration !== undefined) return start + entry.duration;
  return Math.max(start, until ?? start);
}

function firstSessionStart(agenda: AgendaEntry[], startsAt: string | undefined): number {
  if (startsAt !== undefined) return parseClockTime(startsAt);
  let minutesBeforeFixedTime = 0;
  for (const entry of agenda) {
    if (entry.kind !== 'session') return parseClockTime(entry.at) - minutesBeforeFixedTime;
    if (entry.at !== undefined) return parseClockTime(entry.at) - minutesBeforeFixedTime;
    minutesBeforeFixedTime += entry.duration ?? 0;
  }
  throw new RangeError('a day needs a start time, or a session, break or end with a fixed time');
}

function timeSession(session: SessionEntry, start: number, end: number): TimedSession {
  const durations = itemDurations(session.items, start, end);
  let cursor = start;
  const items = session.items.map((item, index): TimedItem => {
    const itemStart = item.at === undefined ? cursor : parseClockTime(item.at);
    cursor = itemStart + (durations[index] ?? 0);
    return {
      id: talkIdOf(session, item),
      kind: item.kind,
      title: item.title,
      abstract: item.abstract,
      speakerIds: item.speakers ?? [],
      start: itemStart,
      end: cursor,
      hasExplicitDuration: item.duration !== undefined,
      hasFixedStart: item.at !== undefined,
    };
  });
  return {
    kind: 'session',
    id: entryId(session),
    title: session.title,
    segmentId: session.segment,
    start,
    end,
    hasFixedStart: session.at !== undefined,
    items,
  };
}

type TimingItem = Pick<TalkSource, 'at' | 'duration'>;

/**
 * Minutes an item takes until the next item's own `at` (or the session's end, for the last one):
 * for an item with its own `at` and no duration, when the item after it has its own `at` too or
 * none follows. Undefined for the others. Never negative.
 */
export function untilNextMinutes(
  items: TimingItem[],
  index: number,
  sessionEnd: number,
): number | undefined {
  const item = items[index];
  if (item?.at === undefined || item.duration !== undefined) return undefined;
  const next = items[index + 1];
  if (next !== undefined && next.at === undefined) return undefined;
  const until = next?.at === undefined ? sessionEnd : parseClockTime(next.at);
  return Math.max(0, until - parseClockTime(item.at));
}

/** Minutes per item of a session running `start` to `end`, following the rules above. Never negative. */
export function itemDurations(items: TimingItem[], start: number, end: number): number[] {
  const fixed = items.map((item, index) => item.duration ?? untilNextMinutes(items, index, end));
  const takenMinutes = fixed.reduce<number>((sum, minutes) => sum + (minutes ?? 0), 0);
  const sharing = fixed.filter((minutes) => minutes === undefined).length;
  const minutesLeft = Math.max(0, end - start - takenMinutes);
  const share = sharing === 0 ? 0 : Math.floor(minutesLeft / sharing);
  let extraMinutes = sharing === 0 ? 0 : minutesLeft % sharing;
  return fixed.map((minutes) => {
    if (minutes !== undefined) return minutes;
    const extra = extraMinutes > 0 ? 1 : 0;
    extraMinutes -= extra;
    return share + extra;
  });
}
