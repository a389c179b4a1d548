import ical, { type ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Material } from '../edition/materials.ts';
import { venueLine } from '../edition/online.ts';
import type { PublishedEdition } from '../edition/published.ts';
import { acronymOf, EXPORTED_KINDS, uuidV5 } from './identifiers.ts';

/**
 * iCalendar (RFC 5545) for the agenda: a VTIMEZONE for the edition's zone, one VEVENT per session
 * and per talk, panel, introduction and break, with UIDs that survive re-publishing. Speakers go
 * into the description (no emails to put in ATTENDEE). URL is the talk's (or session's) page;
 * each material (slides, recording …) is an ATTACH, and listed with its title in the description.
 */

/**
 * ical-generator writes a Date's UTC fields as the wall-clock time of the event's TZID, so the
 * venue's wall-clock time goes in as if it were UTC: "2020-06-25T08:45:00+02:00" -> 08:45 Berlin.
 */
const wallClock = (isoWithOffset: string) => new Date(`${isoWithOffset.slice(0, 19)}Z`);

export function agendaCalendar(
  edition: PublishedEdition,
  baseUrl: string,
  onlySlotId?: string,
): string {
  return buildAgendaCalendar(edition, baseUrl, onlySlotId).toString();
}

/**
 * The whole agenda as an email attachment: the same events and UIDs as agenda.ics, with
 * METHOD:PUBLISH so that mail clients offer to add it rather than treat it as an invitation.
 */
export function agendaCalendarToPublish(edition: PublishedEdition, baseUrl: string): string {
  return buildAgendaCalendar(edition, baseUrl).method(ICalCalendarMethod.PUBLISH).toString();
}

function buildAgendaCalendar(
  edition: PublishedEdition,
  baseUrl: string,
  onlySlotId?: string,
): ICalCalendar {
  const { details } = edition;
  const acronym = acronymOf(details.shortTitle);
  const editionUrl = `${baseUrl}/editions/${details.year}`;
  const speakers = new Map(edition.speakers.map((speaker) => [speaker.id, speaker]));
  const segments = new Map(details.segments.map((segment) => [segment.id, segment.name]));

  const calendar = ical({
    name: `${details.shortTitle}: ${details.title}`,
    prodId: { company: 'workshop-backend', product: acronym, language: 'EN' },
    url: `${editionUrl}/agenda.ics`,
    timezone: {
      name: details.timezone,
      generator: (zone) => String(tzlib_get_ical_block(zone)[0]),
    },
  });
  const event = (
    uid: string,
    summary: string,
    start: string,
    end: string,
    url: string,
    description: string,
    categories: string[],
    materials: Material[] = [],
    location: string = details.venue,
  ) =>
    calendar.createEvent({
      id: uid,
      summary,
      start: wallClock(start),
      end: wallClock(end),
      timezone: details.timezone,
      // Deterministic output (and ETags): the stamp is the published start of the day, not "now".
      stamp: new Date(details.startsAt),
      location,
      url,
      description: [
        description,
        materials.map((material) => `${material.title}: ${material.url}`).join('\n'),
      ]
        .filter(Boolean)
        .join('\n\n'),
      categories: categories.map((name) => ({ name })),
      attachments: materials.map((material) => material.url),
    });

  // A session held elsewhere (online) has the line the page shows for it, never a URL.
  const sessionRooms = new Map(
    edition.sessions.flatMap((session) =>
      session.location ? [[session.id, venueLine(session.location)]] : [],
    ),
  );
  if (!onlySlotId) {
    for (const session of edition.sessions) {
      const segment = session.segmentId ? segments.get(session.segmentId) : undefined;
      event(
        `${uuidV5(`${acronym}/session/${session.id}`)}@${acronym}`,
        session.title,
        session.start,
        session.end,
        `${editionUrl}/agenda`,
        `${details.shortTitle} session${segment ? ` in segment ${segment}` : ''}.`,
        ['session', ...(segment ? [segment] : [])],
        session.materials,
        session.location && venueLine(session.location),
      );
    }
  }
  for (const slot of edition.slots) {
    if (!EXPORTED_KINDS.has(slot.kind) || (onlySlotId && slot.id !== onlySlotId)) continue;
    const names = slot.speakerIds.map((id) => speakers.get(id)?.name ?? id);
    const segment = slot.segmentId ? segments.get(slot.segmentId) : undefined;
    event(
      `${uuidV5(`${acronym}/${slot.id}`)}@${acronym}`,
      slot.title,
      slot.start,
      slot.end,
      slot.kind === 'break' ? `${editionUrl}/agenda` : `${editionUrl}/talks/${slot.id}`,
      [names.length > 0 ? `Speakers: ${names.join(', ')}` : '', slot.abstract ?? '']
        .filter(Boolean)
        .join('\n\n'),
      [slot.kind, ...(segment ? [segment] : [])],
      slot.materials,
      sessionRooms.get(slot.sessionId ?? ''),
    );
  }
  return calendar;
}
