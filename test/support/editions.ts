import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDITIONS_DIR } from '#editions/load.ts';
import { parseEditionFile } from '#shared/edition/parse.ts';
import {
  type EditionSource,
  type EditionSourceInput,
  editionSchema,
} from '#shared/edition/schema.ts';

/** The smallest valid head of an edition file, without its date(s) and agenda. */
export const MINIMAL_HEAD = `year: 2030
title: Test
shortTitle: T30
website: https://workshop.example/
venue: Somewhere
timezone: Europe/Berlin
abstract: A test.
topicAreas: []
keywords: { topics: [], technologies: [] }
targetAudience: []
format: Talks.
segments:
  - { id: alpha, name: ALPHA, description: First. }
`;

export const SEED_FILE = join(EDITIONS_DIR, 'hpcw-2020.yaml');

export function seedEdition(): EditionSource {
  return parseEditionFile('editions/hpcw-2020.yaml', readFileSync(SEED_FILE, 'utf8'));
}

/** Three days, two sessions a day at fixed times: modeled on the online HPCW 2020. */
const ONLINE_FILE = join(import.meta.dirname, '..', 'fixtures', 'hpcw-2020-online.yaml');

export function onlineEdition(): EditionSource {
  return parseEditionFile('test/fixtures/hpcw-2020-online.yaml', readFileSync(ONLINE_FILE, 'utf8'));
}

/** One day copied from a printed programme: start times only, no durations. */
const PRINTED_FILE = join(import.meta.dirname, '..', 'fixtures', 'hpcw-printed-example.yaml');

export function printedEdition(): EditionSource {
  return parseEditionFile(
    'test/fixtures/hpcw-printed-example.yaml',
    readFileSync(PRINTED_FILE, 'utf8'),
  );
}

type AgendaInput = EditionSourceInput['agenda'];

/** A small valid edition around the agenda under test. */
export function editionWith(
  agenda: AgendaInput,
  overrides: Partial<Omit<EditionSourceInput, 'agenda'>> = {},
): EditionSource {
  return editionSchema.parse({
    year: 2030,
    title: 'Test Workshop',
    shortTitle: 'TW30',
    website: 'https://workshop.example/',
    venue: 'Test Venue',
    date: '2030-06-20',
    timezone: 'Europe/Berlin',
    abstract: 'An edition for tests.',
    topicAreas: [],
    keywords: { topics: [], technologies: [] },
    targetAudience: [],
    format: 'Talks.',
    segments: [{ id: 'alpha', name: 'ALPHA', description: 'The first segment.' }],
    agenda,
    ...overrides,
  });
}

export const session = (
  id: string,
  duration: number | string,
  items: { title: string; duration?: number; speakers?: string[] }[] = [{ title: `${id} talk` }],
) => ({ kind: 'session' as const, id, title: id.toUpperCase(), segment: 'alpha', duration, items });
export const coffee = (at: string, duration: number | string = 30) => ({
  kind: 'break' as const,
  title: 'Coffee Break',
  at,
  duration,
});
export const endAt = (at: string) => ({ kind: 'end' as const, at });
