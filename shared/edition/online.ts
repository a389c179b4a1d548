import { timeZoneLabel } from '../agenda/clock.ts';
import { entryId } from '../agenda/ids.ts';
import type { LocationMode, LocationSource } from './location.ts';
import type { EditionSource, SessionEntry } from './schema.ts';

/**
 * Where, split in two: what anyone may see (mode, venue, room, the online room's name) and what
 * only confirmed registrants get (the stream or meeting URLs). The split is made here, once, so
 * that the published model has no field a URL could slip into.
 */

export interface PublicLocation {
  mode: LocationMode;
  venue?: string;
  room?: string;
  /** Present when there is an online part; never the URL. */
  stream?: { room?: string };
}

export interface OnlineRoom {
  url: string;
  room?: string;
}

/** The private part: stored apart from the published edition, read by the registration context. */
export interface OnlineAccess {
  edition?: OnlineRoom;
  /** Sessions whose online room differs from the edition's (their own location says so). */
  sessions: (OnlineRoom & { sessionId: string; title: string })[];
}

export interface DisplayTimeZone {
  timeZone: string;
  label: string;
}

/** The edition's location as written, or the in-person shorthand `venue`. */
function editionLocationSource(source: EditionSource): LocationSource {
  return source.location ?? { mode: 'in-person', venue: source.venue ?? '' };
}

function toPublic(location: LocationSource, inherited: LocationSource | undefined) {
  const venue = location.mode === 'online' ? undefined : (location.venue ?? inherited?.venue);
  const room = location.mode === 'online' ? undefined : location.room;
  // A session with a stream of its own names its own room; URLs play no part (see withoutOnlineUrls).
  const streamRoom = location.stream ? location.stream.room : inherited?.stream?.room;
  return {
    mode: location.mode,
    ...(venue === undefined ? {} : { venue }),
    ...(room === undefined ? {} : { room }),
    ...(location.mode === 'in-person'
      ? {}
      : { stream: streamRoom === undefined ? {} : { room: streamRoom } }),
  } satisfies PublicLocation;
}

export function publicEditionLocation(source: EditionSource): PublicLocation {
  return toPublic(editionLocationSource(source), undefined);
}

/** A session's own location, with what it inherits filled in; undefined where it does not differ. */
export function publicSessionLocation(
  source: EditionSource,
  session: SessionEntry,
): PublicLocation | undefined {
  return session.location && toPublic(session.location, editionLocationSource(source));
}

/** The venue as one line: for the summary, the page and the exports. "Online" when there is none. */
export function venueLine(location: PublicLocation): string {
  if (location.mode === 'online') return location.stream?.room ?? 'Online';
  return [location.venue, location.room].filter(Boolean).join(', ');
}

export function onlineAccess(source: EditionSource): OnlineAccess {
  const edition = editionLocationSource(source);
  const room = (location: LocationSource | undefined): OnlineRoom | undefined =>
    location?.mode !== 'in-person' && location?.stream?.url
      ? {
          url: location.stream.url,
          ...(location.stream.room === undefined ? {} : { room: location.stream.room }),
        }
      : undefined;
  const editionRoom = room(edition);
  const sessions: OnlineAccess['sessions'] = [];
  for (const entry of source.agenda) {
    if (entry.kind !== 'session' || !entry.location || entry.location.mode === 'in-person')
      continue;
    const own = room(entry.location) ?? editionRoom;
    if (own) sessions.push({ sessionId: entryId(entry), title: entry.title, ...own });
  }
  return { ...(editionRoom ? { edition: editionRoom } : {}), sessions };
}

/** The source with every stream URL taken out: what release history keeps (the public reads it). */
export function withoutOnlineUrls(source: EditionSource): EditionSource {
  const strip = <T extends LocationSource | undefined>(location: T): T => {
    if (!location?.stream?.url) return location;
    const { url: _url, ...stream } = location.stream;
    return { ...location, stream };
  };
  return {
    ...source,
    ...(source.location ? { location: strip(source.location) } : {}),
    agenda: source.agenda.map((entry) =>
      entry.kind === 'session' && entry.location
        ? { ...entry, location: strip(entry.location) }
        : entry,
    ),
  };
}

/** The URLs and where each applies: room names are public, so only these make news. */
const joinUrls = (access: OnlineAccess | undefined) =>
  JSON.stringify([
    access?.edition?.url ?? null,
    ...(access?.sessions ?? []).map((session) => [session.sessionId, session.url]),
  ]);

/** Whether registrants have to be told: a join URL changed, came or went. */
export const joinUrlsChanged = (
  before: OnlineAccess | undefined,
  after: OnlineAccess | undefined,
) => joinUrls(before) !== joinUrls(after);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A location whose stream says no URL gets `url` (an in-person one, or none given, stays). */
function keepUrl(location: unknown, url: string | undefined, whenNoStream: boolean): unknown {
  if (!url || !isRecord(location) || location.mode === 'in-person') return location;
  const { stream } = location;
  if (stream === undefined && whenNoStream) return { ...location, stream: { url } };
  if (!isRecord(stream) || stream.url !== undefined) return location;
  return { ...location, stream: { ...stream, url } };
}

/**
 * A draft as GET …/draft answers it carries no stream URL (withoutOnlineUrls): sent back, a URL
 * left out means the one the draft has (`access`). Works on the body as sent, before it is
 * validated: the edition's location, and each session (by its id) that has a stream of its own.
 */
export function withKeptOnlineUrls(body: unknown, access: OnlineAccess | undefined): unknown {
  if (!isRecord(body) || !access) return body;
  const editionUrl = access.edition?.url;
  const own = new Map(
    access.sessions
      .filter((session) => session.url !== editionUrl)
      .map((session) => [session.sessionId, session.url]),
  );
  return {
    ...body,
    ...(body.location === undefined ? {} : { location: keepUrl(body.location, editionUrl, true) }),
    ...(Array.isArray(body.agenda)
      ? {
          agenda: body.agenda.map((entry) =>
            isRecord(entry) && typeof entry.id === 'string' && entry.location !== undefined
              ? { ...entry, location: keepUrl(entry.location, own.get(entry.id), false) }
              : entry,
          ),
        }
      : {}),
  };
}

/** The venue's zone first, then the file's display zones, each with a label for the event's date. */
export function displayTimeZones(source: EditionSource, at: Date): DisplayTimeZone[] {
  const zones = [...new Set([source.timezone, ...(source.displayTimeZones ?? [])])];
  return zones.map((timeZone) => ({ timeZone, label: timeZoneLabel(timeZone, at) }));
}
