/**
 * VTIMEZONE (RFC 5545 §3.6.5) for a zone around a year, from the runtime's own time-zone data
 * (Intl) rather than a bundled copy of the tz database: one observance per change of UTC offset
 * from the start of the year before to the end of the year after (each in force until the next),
 * or a single STANDARD observance for a zone without changes. No RRULE: the observances cover the
 * dates an edition's events fall on, without guessing the zone's rule.
 */

/** Offsets are compared a week apart: no zone changes its offset twice within a week. */
const STEP_MS = 7 * 86_400_000;

/** Formatters per zone: creating one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's UTC offset in minutes at an instant. */
function offsetAt(timeZone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return Math.round((wallClockAsUtc - instantMs) / 60_000);
}

/** The first minute at which the offset is no longer the one at `from` (within `to`). */
function changeBetween(timeZone: string, from: number, to: number): number {
  const before = offsetAt(timeZone, from);
  let low = from;
  let high = to;
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetAt(timeZone, middle) === before) low = middle;
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
  let previous = offsetAt(timeZone, start);
  for (let from = start; from < end; from += STEP_MS) {
    const next = offsetAt(timeZone, from + STEP_MS);
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
