/**
 * Times of day are minutes since local midnight while the agenda is computed; they become
 * ISO 8601 timestamps with the zone's offset only at the edge.
 */

export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClockTime(text: string): number {
  const match = CLOCK_TIME_PATTERN.exec(text);
  if (!match) throw new RangeError(`not a time of day (HH:MM): ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minutes: number): string {
  const dayMinutes = ((minutes % 1440) + 1440) % 1440;
  const hours = Math.floor(dayMinutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(dayMinutes % 60).padStart(2, '0')}`;
}

export const DURATION_PATTERN = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*min)?$/;

/** "15min", "1h", "1h30min" or a plain number of minutes. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    throw new RangeError(`not a duration: ${value}`);
  }
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

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

/** The zone's UTC offset in minutes at an instant, e.g. +120 for Europe/Berlin in June. */
export function offsetMinutesAt(instantMs: number, timeZone: string): number {
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

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * "2020-06-25" + 540 minutes in Europe/Berlin -> "2020-06-25T09:00:00+02:00".
 * Minutes past 24:00 roll over to the next day.
 */
export function toZonedIso(date: string, minutes: number, timeZone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallClockAsUtc = Date.UTC(year, month - 1, day, 0, minutes);
  // The offset at the wall-clock time read as UTC is right except within hours of a DST switch;
  // one correction step settles it.
  let offset = offsetMinutesAt(wallClockAsUtc, timeZone);
  offset = offsetMinutesAt(wallClockAsUtc - offset * 60_000, timeZone);
  const wallClock = new Date(wallClockAsUtc).toISOString().slice(0, 19);
  return `${wallClock}${formatOffset(offset)}`;
}

/** A short label for a zone on the workshop's date: "ET", "PT", "CEST", "UTC", else the city. */
export function timeZoneLabel(timeZone: string, at: Date): string {
  const name = (locale: string, style: 'shortGeneric' | 'short') =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const generic = name('en-US', 'shortGeneric');
  if (/^[A-Z]{2,5}$/.test(generic)) return generic;
  const short = name('en-GB', 'short');
  if (/^[A-Z]{2,5}$/.test(short)) return short;
  return (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');
}
