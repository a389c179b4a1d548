import { toZonedIso } from '../agenda/clock.ts';

/**
 * The call's window and tracks, without its schema (call.ts): what the public function and the
 * pages need to tell whether a call is open, kept free of zod so that their bundles stay small.
 */

export type CallState = 'not-yet-open' | 'open' | 'closed';

export interface CallWindow {
  /** ISO instants with the edition's offset. */
  opensAt: string;
  closesAt: string;
}

/** The call's window as instants: a date closes at the end of that day. */
export function callWindow(call: { opens: string; closes: string }, timeZone: string): CallWindow {
  const instant = (value: string, endOfDay: boolean) => {
    const date = value.slice(0, 10);
    if (value.length === 10) return toZonedIso(date, endOfDay ? 24 * 60 : 0, timeZone);
    const [hours, minutes] = value.slice(11).split(':').map(Number) as [number, number];
    return toZonedIso(date, hours * 60 + minutes, timeZone);
  };
  return { opensAt: instant(call.opens, false), closesAt: instant(call.closes, true) };
}

export function callState(window: CallWindow, now: Date): CallState {
  const time = now.getTime();
  if (time < Date.parse(window.opensAt)) return 'not-yet-open';
  return time < Date.parse(window.closesAt) ? 'open' : 'closed';
}

/** The tracks submitters choose from: the call's, or every segment of the edition. */
export function callTracks(
  call: { tracks?: string[] | undefined },
  segments: readonly { id: string; name: string }[],
): { id: string; name: string }[] {
  if (!call.tracks) return segments.map(({ id, name }) => ({ id, name }));
  const byId = new Map(segments.map((segment) => [segment.id, segment]));
  return call.tracks.flatMap((id) => {
    const segment = byId.get(id);
    return segment ? [{ id, name: segment.name }] : [];
  });
}
