import { offsetMinutesAt } from '../agenda/clock.ts';

/**
 * When the door is open: on each event day, from `opensBefore` minutes before the day's first
 * entry (its first session, or the coffee before it) to the day's end. A code scanned weeks
 * early, between two days or after the last one is refused with the window it missed.
 */

/** `checkIn.opensBefore` when the edition file leaves it out: two hours. */
export const DEFAULT_OPENS_BEFORE_MINUTES = 120;

export interface CheckInDay {
  /** YYYY-MM-DD */
  date: string;
  startsAt: string;
  endsAt: string;
}

export interface CheckInWindow {
  /** The event day, YYYY-MM-DD. */
  date: string;
  /** ISO 8601 with the edition zone's offset. */
  opensAt: string;
  closesAt: string;
}

export type CheckInTiming =
  | { open: true; window: CheckInWindow }
  /** `window`: the next one ('before', 'between'), or the last one ('after'). */
  | { open: false; when: 'before' | 'between' | 'after'; window: CheckInWindow };

/** An instant as ISO 8601 with the zone's offset at that instant: "2030-06-20T07:30:00+02:00". */
function zonedIso(instantMs: number, timeZone: string): string {
  const offset = offsetMinutesAt(instantMs, timeZone);
  const wallClock = new Date(instantMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${wallClock}${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}

/** "09:12": the time of day of an instant in the zone. */
export function clockTimeIn(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return zonedIso(ms, timeZone).slice(11, 16);
}

/** One window per day, in the days' order. */
export function checkInWindows(
  days: readonly CheckInDay[],
  opensBeforeMinutes: number,
  timeZone: string,
): CheckInWindow[] {
  return days.map((day) => ({
    date: day.date,
    opensAt: zonedIso(Date.parse(day.startsAt) - opensBeforeMinutes * 60_000, timeZone),
    closesAt: zonedIso(Date.parse(day.endsAt), timeZone),
  }));
}

/** Whether a check-in at `now` is inside a window (opening included, closing excluded). */
export function checkInTiming(windows: readonly CheckInWindow[], now: Date): CheckInTiming {
  const at = now.getTime();
  const first = windows[0];
  const last = windows.at(-1);
  if (!first || !last) throw new RangeError('an edition has at least one day');
  for (const window of windows) {
    if (at >= Date.parse(window.opensAt) && at < Date.parse(window.closesAt)) {
      return { open: true, window };
    }
  }
  const next = windows.find((window) => Date.parse(window.opensAt) > at);
  if (!next) return { open: false, when: 'after', window: last };
  return { open: false, when: next === first ? 'before' : 'between', window: next };
}

/** "2030-06-20 from 07:30 to 10:00 (Europe/Berlin)". */
export function describeWindow(window: CheckInWindow, timeZone: string): string {
  // The window's own offsets are the zone's: its wall-clock times are in the ISO text.
  const opens = window.opensAt.slice(0, 10);
  const from = `${opens === window.date ? '' : `${opens} `}${window.opensAt.slice(11, 16)}`;
  return `${window.date} from ${from} to ${window.closesAt.slice(11, 16)} (${timeZone})`;
}

/** Why the door is closed and when it opens: the problem's detail, in the edition's zone. */
export function closedDetail(
  timing: Extract<CheckInTiming, { open: false }>,
  opensBeforeMinutes: number,
  timeZone: string,
): string {
  const rule = `Check-in opens ${formatMinutes(opensBeforeMinutes)} before each day's first session and closes at the day's end.`;
  const window = describeWindow(timing.window, timeZone);
  return timing.when === 'after'
    ? `${rule} Check-in is over: the last window was ${window}.`
    : `${rule} It is not open yet: the next window is ${window}.`;
}

/** 120 -> "2 h", 90 -> "1 h 30 min", 45 -> "45 min". */
function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
