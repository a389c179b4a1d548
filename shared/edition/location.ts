import { z } from 'zod';
import { isTimeZone } from '../agenda/clock.ts';

/**
 * Where an edition (and, where it differs, a session) takes place: in person at a venue, online
 * through a stream or meeting URL, or both. The URL is private: only confirmed registrants get it
 * (see online.ts); the public model keeps the mode, the venue, the room and the online room's name.
 */

const LOCATION_MODES = ['in-person', 'online', 'hybrid'] as const;
export type LocationMode = (typeof LOCATION_MODES)[number];

const text = z.string().trim().min(1, 'a non-empty text');

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'an http or https URL, e.g. "https://meet.example/hpcw"' })
  .max(2000, 'a URL of at most 2000 characters');

const streamSchema = z.strictObject({
  url: httpUrl.optional().meta({
    description:
      'The stream or meeting URL. Private: shown only to confirmed registrants, never on public pages, in exports or in logs.',
  }),
  room: text.optional().meta({
    description: 'A public name for the online room, e.g. "HPCW on Zoom".',
  }),
});

export const locationSchema = z.strictObject({
  mode: z.enum(LOCATION_MODES).meta({
    description: 'in-person (venue, room), online (stream) or hybrid (both).',
  }),
  venue: text.optional().meta({
    description: 'Where people meet, e.g. "ISC High Performance, Hamburg". Sessions inherit it.',
  }),
  room: text.optional().meta({ description: 'Room or hall, e.g. "Hall Y5".' }),
  stream: streamSchema.optional().meta({
    description: 'The online part. A session of an online or hybrid edition inherits its URL.',
  }),
});

export type LocationSource = z.output<typeof locationSchema>;

export const displayTimeZonesSchema = z
  .array(z.string().refine(isTimeZone, 'an IANA time zone, e.g. "America/New_York"'))
  .max(8, 'at most 8 time zones')
  .optional()
  .meta({
    description:
      'Time zones the page offers besides the venue\'s and the reader\'s own, e.g. ["America/New_York", "America/Los_Angeles"]; labels such as ET and PT are derived.',
  });

type Issue = (path: PropertyKey[], message: string) => void;

/**
 * Mode consistency. `inherited` is what a session takes from its edition (venue, stream URL).
 */
export function checkLocation(
  location: LocationSource,
  path: PropertyKey[],
  issue: Issue,
  inherited: { venue?: string | undefined; url?: string | undefined } = {},
): void {
  const { mode } = location;
  if (mode === 'in-person' && location.stream) {
    issue([...path, 'stream'], 'no stream for mode in-person: use mode hybrid to have both');
  }
  if (mode === 'online' && (location.venue || location.room)) {
    issue(
      [...path, location.venue ? 'venue' : 'room'],
      'no venue or room for mode online: use mode hybrid to have both',
    );
  }
  if (mode !== 'online' && !location.venue && !inherited.venue) {
    issue([...path, 'venue'], `the venue for mode ${mode}, e.g. "ISC High Performance"`);
  }
  if (mode !== 'in-person' && !location.stream?.url && !inherited.url) {
    issue(
      location.stream ? [...path, 'stream', 'url'] : [...path, 'stream'],
      `the stream or meeting URL (http or https) for mode ${mode}, e.g. stream: { url: "https://meet.example/hpcw" }`,
    );
  }
}
