import { liveTimes } from '../agenda/live.ts';
import type { Material } from '../edition/materials.ts';
import { venueLine } from '../edition/online.ts';
import type { PublishedEdition } from '../edition/published.ts';
import { acronymOf, EXPORTED_KINDS, uuidV5 } from './identifiers.ts';
import { vtimezone } from './vtimezone.ts';

/**
 * iCalendar (RFC 5545) for the agenda: a VTIMEZONE for the edition's zone, one VEVENT per session
 * and per talk, panel, introduction and break, with UIDs that survive re-publishing. Speakers go
 * into the description (no emails to put in ATTENDEE). URL is the talk's (or session's) page;
 * each material (slides, recording …) is an ATTACH, and listed with its title in the description.
 *
 * Written here in a few lines rather than with a calendar library: the public function loads it
 * on every cold start, and the VTIMEZONE comes from the runtime's time-zone data (vtimezone.ts).
 */

/** TEXT values (§3.3.11): backslash, semicolon and comma escaped, line breaks as \n. */
const text = (value: string) => value.replace(/[\\;,]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n');

/** "2020-06-25T08:45:00+02:00" -> "20200625T084500": the venue's wall clock, for TZID. */
const wallClock = (isoWithOffset: string) => isoWithOffset.slice(0, 19).replace(/[-:]/g, '');

/** "2020-06-25T06:45:00.000Z" -> "20200625T064500Z". */
const utcStamp = (iso: string) =>
  `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

const encoder = new TextEncoder();

/** Content lines longer than 75 octets folded (§3.1), never inside a character. */
function fold(line: string): string {
  if (line.length <= 74 && encoder.encode(line).length <= 74) return line;
  let folded = '';
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    octets += size;
    if (octets > 74) {
      folded += '\r\n ';
      octets = size;
    }
    folded += character;
  }
  return folded;
}

interface CalendarEvent {
  uid: string;
  summary: string;
  start: string;
  end: string;
  url: string;
  description: string;
  categories: string[];
  materials?: Material[];
  location: string;
}

export function agendaCalendar(
  edition: PublishedEdition,
  baseUrl: string,
  onlySlotId?: string,
): string {
  return writeCalendar(edition, baseUrl, undefined, onlySlotId);
}

/**
 * The whole agenda as an email attachment: the same events and UIDs as agenda.ics, with
 * METHOD:PUBLISH so that mail clients offer to add it rather than treat it as an invitation.
 * `sequence` replaces the live layer's version as SEQUENCE: a release's notice gives its number,
 * so that a calendar that took an earlier attachment updates its events.
 */
export function agendaCalendarToPublish(
  edition: PublishedEdition,
  baseUrl: string,
  sequence?: number,
): string {
  return writeCalendar(edition, baseUrl, 'PUBLISH', undefined, sequence);
}

function writeCalendar(
  edition: PublishedEdition,
  baseUrl: string,
  method: string | undefined,
  onlySlotId?: string,
  sequence = edition.liveVersion ?? 0,
): string {
  const { details } = edition;
  const zone = details.timezone;
  const acronym = acronymOf(details.shortTitle);
  const editionUrl = `${baseUrl}/editions/${details.year}`;
  const name = `${details.shortTitle}: ${details.title}`;
  // Deterministic output (and ETags): the stamp is the published start of the day, not "now".
  const stamp = utcStamp(details.startsAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//workshop-backend//${acronym}//EN`,
    `URL:${editionUrl}/agenda.ics`,
    ...(method ? [`METHOD:${method}`] : []),
    `NAME:${text(name)}`,
    `X-WR-CALNAME:${text(name)}`,
    vtimezone(zone, Number(details.startsAt.slice(0, 4))),
    `TIMEZONE-ID:${zone}`,
    `X-WR-TIMEZONE:${zone}`,
  ];
  const event = (entry: CalendarEvent) => {
    const materials = entry.materials ?? [];
    const description = [
      entry.description,
      materials.map((material) => `${material.title}: ${material.url}`).join('\n'),
    ]
      .filter(Boolean)
      .join('\n\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${entry.uid}`,
      `SEQUENCE:${sequence}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=${zone}:${wallClock(entry.start)}`,
      `DTEND;TZID=${zone}:${wallClock(entry.end)}`,
      `SUMMARY:${text(entry.summary)}`,
      ...(entry.location ? [`LOCATION:${text(entry.location)}`] : []),
      `DESCRIPTION:${text(description)}`,
      ...(entry.categories.length > 0
        ? [`CATEGORIES:${entry.categories.map(text).join(',')}`]
        : []),
      `URL;VALUE=URI:${text(entry.url)}`,
      ...materials.map((material) => `ATTACH:${text(material.url)}`),
      'END:VEVENT',
    );
  };

  const speakers = new Map(edition.speakers.map((speaker) => [speaker.id, speaker]));
  const segments = new Map(details.segments.map((segment) => [segment.id, segment.name]));
  // A session held elsewhere (online) has the line the page shows for it, never a URL.
  const sessionRooms = new Map(
    edition.sessions.flatMap((session) =>
      session.location ? [[session.id, venueLine(session.location)]] : [],
    ),
  );
  if (!onlySlotId) {
    for (const session of edition.sessions) {
      const segment = session.segmentId ? segments.get(session.segmentId) : undefined;
      event({
        uid: `${uuidV5(`${acronym}/session/${session.id}`)}@${acronym}`,
        summary: session.title,
        start: session.start,
        end: session.end,
        url: `${editionUrl}/agenda`,
        description: `${details.shortTitle} session${segment ? ` in segment ${segment}` : ''}.`,
        categories: ['session', ...(segment ? [segment] : [])],
        ...(session.materials ? { materials: session.materials } : {}),
        location: session.location ? venueLine(session.location) : details.venue,
      });
    }
  }
  for (const slot of edition.slots) {
    if (!EXPORTED_KINDS.has(slot.kind) || (onlySlotId && slot.id !== onlySlotId)) continue;
    const names = slot.speakerIds.map((id) => speakers.get(id)?.name ?? id);
    const segment = slot.segmentId ? segments.get(slot.segmentId) : undefined;
    event({
      uid: `${uuidV5(`${acronym}/${slot.id}`)}@${acronym}`,
      summary: slot.title,
      ...liveTimes(slot),
      url: slot.kind === 'break' ? `${editionUrl}/agenda` : `${editionUrl}/talks/${slot.id}`,
      description: [names.length > 0 ? `Speakers: ${names.join(', ')}` : '', slot.abstract ?? '']
        .filter(Boolean)
        .join('\n\n'),
      categories: [slot.kind, ...(segment ? [segment] : [])],
      ...(slot.materials ? { materials: slot.materials } : {}),
      location: sessionRooms.get(slot.sessionId ?? '') ?? details.venue,
    });
  }
  lines.push('END:VCALENDAR');
  return lines
    .flatMap((line) => line.split('\r\n'))
    .map(fold)
    .join('\r\n');
}
