import { createHash } from 'node:crypto';
import { toZonedIso } from '../agenda/clock.ts';
import { entryId, talkIdOf } from '../agenda/ids.ts';
import { type TalkKind, type TimedAgenda, timeAgenda } from '../agenda/timing.ts';
import { type Material, withMaterialIds } from './materials.ts';
import {
  type DisplayTimeZone,
  displayTimeZones,
  type PublicLocation,
  publicEditionLocation,
  publicSessionLocation,
  venueLine,
} from './online.ts';
import type {
  CallConfig,
  CheckInConfig,
  EditionSource,
  RegistrationConfig,
  Segment,
  Speaker,
} from './schema.ts';

/**
 * The published edition: what the API serves and the table stores. Times are ISO 8601 with the
 * venue's offset, computed once from the edition file when it is published.
 */

export interface EditionSummary {
  year: number;
  /** Changes whenever anything published about the edition changes (ETags, schedule apps). */
  version: string;
  title: string;
  shortTitle: string;
  website: string;
  /** The venue and room as one line, or the online room ("Online") for an online edition. */
  venue: string;
  /** The first day. */
  date: string;
  /** The last day (the first one for a one-day edition). */
  lastDate: string;
  timezone: string;
  /** Start of the first day. */
  startsAt: string;
  /** End of the last day. */
  endsAt: string;
  /** Mode, venue, room and the online room's name; never a stream URL. */
  location: PublicLocation;
  /** How many talks (introductions, talks, panels, papers, keynotes) the agenda holds. */
  talkCount: number;
}

export interface PublishedDay {
  /** YYYY-MM-DD */
  date: string;
  startsAt: string;
  endsAt: string;
}

export interface EditionDetails extends EditionSummary {
  abstract: string;
  topicAreas: string[];
  keywords: EditionSource['keywords'];
  targetAudience: string[];
  format: string;
  segments: Segment[];
  /** The venue's zone, then the edition file's display zones, labelled (CEST, ET, PT). */
  displayTimeZones: DisplayTimeZone[];
  /** One for a one-day edition; in order. */
  days: PublishedDay[];
  /** How people register; null when the edition takes no registrations. */
  registration: RegistrationConfig | null;
  /** When the door takes codes; absent: the default (shared/registration/check-in-window.ts). */
  checkIn?: CheckInConfig;
  /** The call for papers and talks (shared/cfp/call.ts); absent when the edition takes none. */
  cfp?: CallConfig;
}

export interface PublishedSession {
  id: string;
  position: number;
  /** The date of the session's day. */
  day: string;
  title: string;
  segmentId: string | null;
  start: string;
  end: string;
  durationMinutes: number;
  slotIds: string[];
  /** Present when the session has links (slides, recordings …). */
  materials?: Material[];
  /** Only where the session differs from the edition's location. */
  location?: PublicLocation;
}

export type SlotKind = TalkKind | 'break' | 'end';
export const TALK_KINDS: readonly SlotKind[] = ['intro', 'talk', 'panel', 'paper', 'keynote'];

export interface Slot {
  id: string;
  position: number;
  kind: SlotKind;
  /** The date of the slot's day; slots are in order across days. */
  day: string;
  sessionId: string | null;
  segmentId: string | null;
  title: string;
  start: string;
  end: string;
  durationMinutes: number;
  speakerIds: string[];
  abstract?: string;
  /** Present when the talk, panel or introduction has links (slides, recordings …). */
  materials?: Material[];
  /** The item (or its session) has its own `at`: a live delay stops before it. */
  fixedStart?: true;
  /** On the workshop day, when a live delay moves the slot (shared/agenda/live.ts). */
  liveStart?: string;
  liveEnd?: string;
  delayMinutes?: number;
}

export interface PublishedSpeaker extends Speaker {
  talkIds: string[];
}

export interface PublishedEdition {
  details: EditionDetails;
  sessions: PublishedSession[];
  slots: Slot[];
  speakers: PublishedSpeaker[];
  /** The live layer's version, once delays were set (calendar SEQUENCE). Not in the content hash. */
  liveVersion?: number;
}

export function publishEdition(
  source: EditionSource,
  timed: TimedAgenda = timeAgenda(source),
): PublishedEdition {
  const materials = materialsById(source);
  const withMaterials = (id: string) => {
    const links = materials.get(id);
    return links ? { materials: links } : {};
  };
  const sessionEntries = new Map(
    source.agenda.flatMap((entry) => (entry.kind === 'session' ? [[entryId(entry), entry]] : [])),
  );
  const slots: Slot[] = [];
  const sessions: PublishedSession[] = [];
  const days: PublishedDay[] = [];
  for (const day of timed.days) {
    const at = (minutes: number) => toZonedIso(day.date, minutes, source.timezone);
    days.push({ date: day.date, startsAt: at(day.start), endsAt: at(day.end) });
    for (const entry of day.entries) {
      if (entry.kind !== 'session') {
        slots.push({
          id: entry.id,
          position: slots.length,
          kind: entry.kind,
          day: day.date,
          sessionId: null,
          segmentId: null,
          title: entry.title,
          start: at(entry.start),
          end: at(entry.end),
          durationMinutes: entry.end - entry.start,
          speakerIds: [],
        });
        continue;
      }
      const segmentId = entry.segmentId ?? null;
      const sessionEntry = sessionEntries.get(entry.id);
      const location = sessionEntry && publicSessionLocation(source, sessionEntry);
      sessions.push({
        id: entry.id,
        position: sessions.length,
        day: day.date,
        title: entry.title,
        segmentId,
        start: at(entry.start),
        end: at(entry.end),
        durationMinutes: entry.end - entry.start,
        slotIds: entry.items.map((item) => item.id),
        ...withMaterials(entry.id),
        ...(location ? { location } : {}),
      });
      entry.items.forEach((item, index) => {
        const fixedStart = item.hasFixedStart || (index === 0 && entry.hasFixedStart);
        slots.push({
          id: item.id,
          position: slots.length,
          kind: item.kind,
          day: day.date,
          sessionId: entry.id,
          segmentId,
          title: item.title,
          start: at(item.start),
          end: at(item.end),
          durationMinutes: item.end - item.start,
          speakerIds: item.speakerIds,
          ...(item.abstract === undefined ? {} : { abstract: item.abstract }),
          ...withMaterials(item.id),
          ...(fixedStart ? { fixedStart: true as const } : {}),
        });
      });
    }
  }
  const first = days[0] as PublishedDay;
  const {
    agenda: _agenda,
    speakers: _speakers,
    startsAt: _startsAt,
    days: _days,
    date: _date,
    api: _api,
    venue: _venue,
    location: _location,
    displayTimeZones: _displayTimeZones,
    registration,
    cfp,
    ...descriptive
  } = source;
  const {
    year: _year,
    title,
    shortTitle,
    website,
    timezone,
    segments,
    ...description
  } = descriptive;
  const location = publicEditionLocation(source);
  const unversioned = {
    details: {
      year: source.year,
      title,
      shortTitle,
      website,
      venue: venueLine(location),
      date: first.date,
      lastDate: days.at(-1)?.date ?? first.date,
      timezone,
      ...description,
      location,
      displayTimeZones: displayTimeZones(source, new Date(first.startsAt)),
      segments,
      days,
      registration: registration ?? null,
      ...(cfp ? { cfp } : {}),
      startsAt: first.startsAt,
      endsAt: days.at(-1)?.endsAt ?? first.endsAt,
      talkCount: slots.filter((slot) => TALK_KINDS.includes(slot.kind)).length,
    },
    sessions,
    slots,
    speakers: source.speakers
      .map((speaker) => ({
        ...speaker,
        talkIds: slots
          .filter((slot) => slot.speakerIds.includes(speaker.id))
          .map((slot) => slot.id),
      }))
      .sort(bySpeakerName),
  };
  const version = createHash('sha256')
    .update(JSON.stringify(unversioned))
    .digest('base64url')
    .slice(0, 16);
  const { year, ...rest } = unversioned.details;
  return { ...unversioned, details: { year, version, ...rest } };
}

/**
 * The order speakers are published in, whatever the file's: by name, then id. The store reads
 * them back in this order too (it keeps no position for them).
 */
export function bySpeakerName(a: Speaker, b: Speaker): number {
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export const SUMMARY_FIELDS = [
  'year',
  'version',
  'title',
  'shortTitle',
  'website',
  'venue',
  'date',
  'lastDate',
  'timezone',
  'startsAt',
  'endsAt',
  'location',
  'talkCount',
] as const satisfies readonly (keyof EditionSummary)[];

export function summarize(details: EditionDetails): EditionSummary {
  const summary: Partial<Record<keyof EditionSummary, unknown>> = {};
  for (const field of SUMMARY_FIELDS) summary[field] = details[field];
  return summary as EditionSummary;
}

/** The materials of sessions and items by their ids (session and item ids are unique together). */
function materialsById(source: EditionSource): Map<string, Material[]> {
  const byId = new Map<string, Material[]>();
  const add = (id: string, materials: Parameters<typeof withMaterialIds>[0] | undefined) => {
    if (materials && materials.length > 0) byId.set(id, withMaterialIds(materials));
  };
  for (const entry of source.agenda) {
    if (entry.kind !== 'session') continue;
    add(entryId(entry), entry.materials);
    for (const item of entry.items) add(talkIdOf(entry, item), item.materials);
  }
  return byId;
}
