import { liveTimes } from '../agenda/live.ts';
import { venueLine } from '../edition/online.ts';
import type { PublishedEdition, Slot } from '../edition/published.ts';
import { acronymOf, EXPORTED_KINDS, hoursAndMinutes, stableNumber, uuidV5 } from './identifiers.ts';

/**
 * The frab schedule, as schedule apps (Giggity, ConfClerk, the C3VOC tooling) read it: one model,
 * rendered as JSON (the C3VOC schedule.json) and as XML (frab's schedule.xml). The workshop has one
 * room, the venue; every talk, panel, paper, keynote, introduction and break is an event, on the
 * frab day of its edition day.
 */

const GENERATOR = { name: 'workshop-backend', version: '0.1.0' };

interface FrabEvent {
  id: number;
  guid: string;
  date: string;
  start: string;
  duration: string;
  room: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string;
  abstract: string | null;
  description: string | null;
  persons: { name: string; guid: string }[];
  /** Every material of the event, as frab and pretalx write them. */
  links: FrabLink[];
  /** The slides among them: files schedule apps may offer to download. */
  attachments: FrabLink[];
}

interface FrabLink {
  url: string;
  title: string;
}

export interface FrabSchedule {
  version: string;
  base_url: string;
  conference: {
    acronym: string;
    title: string;
    start: string;
    end: string;
    daysCount: number;
    timeslot_duration: string;
    time_zone_name: string;
    url: string;
    rooms: { name: string; guid: string }[];
    days: {
      index: number;
      date: string;
      day_start: string;
      day_end: string;
      rooms: Record<string, FrabEvent[]>;
    }[];
  };
}

export function frabSchedule(edition: PublishedEdition, baseUrl: string): FrabSchedule {
  const { details } = edition;
  const acronym = acronymOf(details.shortTitle);
  // A session held elsewhere (another room, or online) is its own frab room: the public line of
  // its location (the online room's name, never a URL), as the page shows it.
  const sessionRooms = new Map(
    edition.sessions.flatMap((session) =>
      session.location ? [[session.id, venueLine(session.location)]] : [],
    ),
  );
  const roomOf = (slot: Slot) =>
    (slot.sessionId && sessionRooms.get(slot.sessionId)) || details.venue;
  const segments = new Map(details.segments.map((segment) => [segment.id, segment.name]));
  const sessions = new Map(edition.sessions.map((session) => [session.id, session.title]));
  const speakers = new Map(edition.speakers.map((speaker) => [speaker.id, speaker.name]));
  const editionUrl = `${baseUrl}/editions/${details.year}`;

  const events = edition.slots
    .filter((slot) => EXPORTED_KINDS.has(slot.kind))
    .map((slot): FrabEvent & { day: string } => ({
      ...materialLinks(slot),
      day: slot.day,
      id: stableNumber(`${acronym}/${slot.id}`),
      guid: uuidV5(`${acronym}/${slot.id}`),
      // Schedule apps show the day as it runs: the live times once a delay moves the slot.
      date: liveTimes(slot).start,
      start: liveTimes(slot).start.slice(11, 16),
      duration: hoursAndMinutes(liveDuration(slot)),
      room: roomOf(slot),
      slug: `${acronym}-${slot.id}`,
      url: slot.kind === 'break' ? `${editionUrl}/agenda` : `${editionUrl}/talks/${slot.id}`,
      title: slot.title,
      subtitle: (slot.sessionId && sessions.get(slot.sessionId)) || '',
      track: (slot.segmentId && segments.get(slot.segmentId)) || null,
      type: slot.kind,
      language: 'en',
      abstract: slot.abstract ?? null,
      description: null,
      persons: slot.speakerIds.map((id) => ({
        name: speakers.get(id) ?? id,
        guid: uuidV5(`${acronym}/speaker/${id}`),
      })),
    }));

  const rooms = [...new Set([details.venue, ...events.map((event) => event.room)])];
  return {
    version: scheduleVersion(edition),
    base_url: `${baseUrl}/`,
    conference: {
      acronym,
      title: details.title,
      start: details.date,
      end: details.days.at(-1)?.date ?? details.date,
      daysCount: details.days.length,
      timeslot_duration: '00:05',
      time_zone_name: details.timezone,
      url: details.website,
      rooms: rooms.map((name) => ({ name, guid: uuidV5(`${acronym}/room/${name}`) })),
      days: details.days.map((day, index) => ({
        index: index + 1,
        date: day.date,
        day_start: day.startsAt,
        day_end: day.endsAt,
        rooms: Object.fromEntries(
          rooms
            .map((name): [string, FrabEvent[]] => [
              name,
              events
                .filter((event) => event.day === day.date && event.room === name)
                .map(({ day: _day, ...event }) => event),
            ])
            .filter(([, roomEvents]) => roomEvents.length > 0),
        ),
      })),
    },
  };
}

/** Changes whenever a published time, title, speaker or material changes. */
function scheduleVersion(edition: PublishedEdition): string {
  const fingerprint = edition.slots.map((slot) =>
    [
      slot.id,
      liveTimes(slot).start,
      liveTimes(slot).end,
      slot.title,
      ...slot.speakerIds,
      ...(slot.materials ?? []).map((material) => material.url),
    ].join('|'),
  );
  return `v${stableNumber(fingerprint.join('\n')).toString(36)}`;
}

export function frabJson(edition: PublishedEdition, baseUrl: string): string {
  return JSON.stringify(
    {
      $schema: 'https://c3voc.de/schedule/schema.json',
      generator: GENERATOR,
      schedule: frabSchedule(edition, baseUrl),
    },
    null,
    2,
  );
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[char]};`,
  );

type XmlNode = {
  name: string;
  attributes?: Record<string, string | number>;
  children?: (XmlNode | string)[];
};

function renderXml(node: XmlNode, depth = 0): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
  const children = node.children ?? [];
  if (children.length === 0) return `${indent}<${node.name}${attributes}/>`;
  if (children.every((child) => typeof child === 'string')) {
    return `${indent}<${node.name}${attributes}>${escapeXml(children.join(''))}</${node.name}>`;
  }
  const inner = children.map((child) =>
    typeof child === 'string' ? escapeXml(child) : renderXml(child, depth + 1),
  );
  return `${indent}<${node.name}${attributes}>\n${inner.join('\n')}\n${indent}</${node.name}>`;
}

const element = (name: string, text: string | number | null | undefined): XmlNode => ({
  name,
  children: text === null || text === undefined || text === '' ? [] : [String(text)],
});

/** frab's schedule.xml, from the same model as the JSON. */
export function frabXml(edition: PublishedEdition, baseUrl: string): string {
  const { version, base_url, conference } = frabSchedule(edition, baseUrl);
  const root: XmlNode = {
    name: 'schedule',
    children: [
      { name: 'generator', attributes: GENERATOR },
      element('version', version),
      {
        name: 'conference',
        children: [
          element('acronym', conference.acronym),
          element('title', conference.title),
          element('start', conference.start),
          element('end', conference.end),
          element('days', conference.daysCount),
          element('timeslot_duration', conference.timeslot_duration),
          element('base_url', base_url),
          element('time_zone_name', conference.time_zone_name),
          element('url', conference.url),
        ],
      },
      ...conference.days.map(
        (day): XmlNode => ({
          name: 'day',
          attributes: { index: day.index, date: day.date, start: day.day_start, end: day.day_end },
          children: Object.entries(day.rooms).map(([name, events]) => ({
            name: 'room',
            attributes: {
              name,
              guid: conference.rooms.find((room) => room.name === name)?.guid ?? '',
            },
            children: events.map((event) => ({
              name: 'event',
              attributes: { id: event.id, guid: event.guid },
              children: [
                element('date', event.date),
                element('start', event.start),
                element('duration', event.duration),
                element('room', event.room),
                element('slug', event.slug),
                element('url', event.url),
                element('title', event.title),
                element('subtitle', event.subtitle),
                element('track', event.track),
                element('type', event.type),
                element('language', event.language),
                element('abstract', event.abstract),
                element('description', event.description),
                {
                  name: 'persons',
                  children: event.persons.map((person) => ({
                    name: 'person',
                    attributes: { guid: person.guid },
                    children: [person.name],
                  })),
                },
                linkList('links', 'link', event.links),
                linkList('attachments', 'attachment', event.attachments),
              ],
            })),
          })),
        }),
      ),
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderXml(root)}\n`;
}

const linkList = (name: string, item: string, links: FrabLink[]): XmlNode => ({
  name,
  children: links.map((link) => ({
    name: item,
    attributes: { href: link.url },
    children: [link.title],
  })),
});

/** Every material as a frab link; the slides also as attachments. */
function materialLinks(slot: Slot): Pick<FrabEvent, 'links' | 'attachments'> {
  const materials = slot.materials ?? [];
  const link = (material: { url: string; title: string }) => ({
    url: material.url,
    title: material.title,
  });
  return {
    links: materials.map(link),
    attachments: materials.filter((material) => material.kind === 'slides').map(link),
  };
}

function liveDuration(slot: Slot): number {
  const { start, end } = liveTimes(slot);
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}
