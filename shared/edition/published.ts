import { createHash } from 'node:crypto';
import { toZonedIso } from '../agenda/clock.ts';
import { entryId, itemId } from '../agenda/ids.ts';
import { type ItemKind, type TimedAgenda, timeAgenda } from '../agenda/timing.ts';
import { type Material, withMaterialIds } from './materials.ts';
import {
  type DisplayTimeZone,
  displayTimeZones,
  type PublicLocation,
  publicEditionLocation,
  publicSessionLocation,
  venueLine,
} from './online.ts';
import type { EditionSource, RegistrationConfig, Segment, Speaker } from './schema.ts';

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
  date: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
}

export interface EditionDetails extends EditionSummary {
  abstract: string;
  topicAreas: string[];
  keywords: EditionSource['keywords'];
  targetAudience: string[];
  format: string;
  /** Mode, venue, room and the online room's name; never a stream URL. */
  location: PublicLocation;
  /** The venue's zone, then the edition file's display zones, labelled (CEST, ET, PT). */
  displayTimeZones: DisplayTimeZone[];
  segments: Segment[];
  /** How people register; null when the edition takes no registrations. */
  registration: RegistrationConfig | null;
}

export interface PublishedSession {
  id: string;
  position: number;
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

export type SlotKind = ItemKind | 'break' | 'end';
export const TALK_KINDS: readonly SlotKind[] = ['intro', 'talk', 'panel'];

export interface Slot {
  id: string;
  position: number;
  kind: SlotKind;
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
}

export interface PublishedSpeaker extends Speaker {
  talkIds: string[];
}

export interface PublishedEdition {
  details: EditionDetails;
  sessions: PublishedSession[];
  slots: Slot[];
  speakers: PublishedSpeaker[];
}

export function publishEdition(
  source: EditionSource,
  timed: TimedAgenda = timeAgenda(source),
): PublishedEdition {
  const at = (minutes: number) => toZonedIso(source.date, minutes, source.timezone);
  const materials = materialsById(source);
  const withMaterials = (id: string) => {
    const links = materials.get(id);
    return links ? { materials: links } : {};
  };
  const slots: Slot[] = [];
  const sessions: PublishedSession[] = [];
  const sessionEntries = new Map(
    source.agenda.flatMap((entry) => (entry.kind === 'session' ? [[entryId(entry), entry]] : [])),
  );
  for (const entry of timed.entries) {
    if (entry.kind !== 'session') {
      slots.push({
        id: entry.id,
        position: slots.length,
        kind: entry.kind,
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
      title: entry.title,
      segmentId,
      start: at(entry.start),
      end: at(entry.end),
      durationMinutes: entry.end - entry.start,
      slotIds: entry.items.map((item) => item.id),
      ...withMaterials(entry.id),
      ...(location ? { location } : {}),
    });
    for (const item of entry.items) {
      slots.push({
        id: item.id,
        position: slots.length,
        kind: item.kind,
        sessionId: entry.id,
        segmentId,
        title: item.title,
        start: at(item.start),
        end: at(item.end),
        durationMinutes: item.end - item.start,
        speakerIds: item.speakerIds,
        ...(item.abstract === undefined ? {} : { abstract: item.abstract }),
        ...withMaterials(item.id),
      });
    }
  }
  // The schema makes the end of the day the last entry.
  const endOfDay = timed.entries.at(-1)?.end ?? timed.dayStart;
  const {
    agenda: _agenda,
    speakers: _speakers,
    startsAt: _startsAt,
    api: _api,
    venue: _venue,
    location: _location,
    displayTimeZones: _displayTimeZones,
    registration,
    segments,
    ...descriptive
  } = source;
  const location = publicEditionLocation(source);
  const unversioned = {
    details: {
      ...descriptive,
      venue: venueLine(location),
      location,
      displayTimeZones: displayTimeZones(source, new Date(at(timed.dayStart))),
      segments,
      registration: registration ?? null,
      startsAt: at(timed.dayStart),
      endsAt: at(endOfDay),
    },
    sessions,
    slots,
    speakers: source.speakers.map((speaker) => ({
      ...speaker,
      talkIds: slots.filter((slot) => slot.speakerIds.includes(speaker.id)).map((slot) => slot.id),
    })),
  };
  const version = createHash('sha256')
    .update(JSON.stringify(unversioned))
    .digest('base64url')
    .slice(0, 16);
  const { year, ...rest } = unversioned.details;
  return { ...unversioned, details: { year, version, ...rest } };
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
    for (const item of entry.items) add(itemId(entry, item), item.materials);
  }
  return byId;
}

export const SUMMARY_FIELDS = [
  'year',
  'version',
  'title',
  'shortTitle',
  'website',
  'venue',
  'date',
  'timezone',
  'startsAt',
  'endsAt',
] as const satisfies readonly (keyof EditionSummary)[];

export function summarize(details: EditionDetails): EditionSummary {
  const { year, version, title, shortTitle, website, venue, date, timezone, startsAt, endsAt } =
    details;
  return { year, version, title, shortTitle, website, venue, date, timezone, startsAt, endsAt };
}
