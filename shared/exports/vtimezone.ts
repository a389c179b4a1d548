/**
 * VTIMEZONE (RFC 5545 §3.6.5) for a zone around a year, from the runtime's own time-zone data
 * (Intl) rather than a bundled copy of the tz database: one observance per change of UTC offset
 * from the start of the year before to the end of the year after (each in force until the next),
 * or a single STANDARD observance for a zone without changes. No RRULE: the observances cover the
 * dates an edition's events fall on, without guessing the zone's rule.
 */

import { offsetMinutesAt } from '../agenda/clock.ts';

/** Offsets are compared a week apart: no zone changes its offset twice within a week. */
const STEP_MS = 7 * 86_400_000;

/** The first minute at which the offset is no longer the one at `from` (within `to`). */
function changeBetween(timeZone: string, from: number, to: number): number {
  const before = offsetMinutesAt(from, timeZone);
  let low = from;
  let high = to;
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetMinutesAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return high;
}

/** +0530, -0400 */
function icalOffset(minutes: number): string {
  const absolute = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

/** 20200329T020000: the wall clock at an instant under an offset. */
function localStamp(instantMs: number, offsetMinutes: number): string {
  return new Date(instantMs + offsetMinutes * 60_000)
    .toISOString()
    .slice(0, 19)
    .replace(/[-:]/g, '');
}

const cache = new Map<string, string>();

/** The VTIMEZONE lines (CRLF, unfolded) for `timeZone` around `year`. */
export function vtimezone(timeZone: string, year: number): string {
  const key = `${timeZone}/${year}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const start = Date.UTC(year - 1, 0, 1);
  const end = Date.UTC(year + 2, 0, 1);
  const observances: string[] = [];
  let previous = offsetMinutesAt(start, timeZone);
  for (let from = start; from < end; from += STEP_MS) {
    const next = offsetMinutesAt(from + STEP_MS, timeZone);
    if (next === previous) continue;
    const at = changeBetween(timeZone, from, from + STEP_MS);
    observances.push(
      [
        `BEGIN:${next > previous ? 'DAYLIGHT' : 'STANDARD'}`,
        `TZOFFSETFROM:${icalOffset(previous)}`,
        `TZOFFSETTO:${icalOffset(next)}`,
        `DTSTART:${localStamp(at, previous)}`,
        `END:${next > previous ? 'DAYLIGHT' : 'STANDARD'}`,
      ].join('\r\n'),
    );
    previous = next;
  }
  if (observances.length === 0) {
    observances.push(
      [
        'BEGIN:STANDARD',
        `TZOFFSETFROM:${icalOffset(previous)}`,
        `TZOFFSETTO:${icalOffset(previous)}`,
        'DTSTART:19700101T000000',
        'END:STANDARD',
      ].join('\r\n'),
    );
  }
  const block = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, ...observances, 'END:VTIMEZONE'].join(
    '\r\n',
  );
  cache.set(key, block);
  return block;
}
