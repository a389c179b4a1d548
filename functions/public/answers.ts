import * as z from 'zod/mini';
import { isoInstant, nullableString } from '#functions/http/openapi.ts';
import { MATERIAL_KINDS } from '#shared/edition/materials.ts';

/**
 * What the public reads answer, as the route declarations (app.ts, export-routes.ts) document it.
 * Contract tests validate real answers against these shapes, so a handler change that does not
 * change them fails a test.
 */

/** Strict: the contract tests refuse any further field, such as a stream URL. */
const locationSchema = z
  .strictObject({
    mode: z.enum(['in-person', 'online', 'hybrid']),
    venue: z.optional(z.string()),
    room: z.optional(z.string()),
    stream: z.optional(z.strictObject({ room: z.optional(z.string()) })),
  })
  .register(z.globalRegistry, {
    description:
      'Where: in person (venue, room), online (the online room by name) or hybrid. The stream or meeting URL is never public: confirmed registrants find it in their own registration.',
  });

export const editionSummarySchema = z.object({
  year: z.int(),
  version: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  website: z.string(),
  venue: z.string().register(z.globalRegistry, {
    description: 'Where, in one line: venue and room, or the online room ("Online")',
  }),
  date: z.string().register(z.globalRegistry, { description: 'The first day (YYYY-MM-DD)' }),
  lastDate: z.string().register(z.globalRegistry, {
    description: 'The last day (YYYY-MM-DD); the first one for a one-day edition',
  }),
  timezone: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  location: locationSchema,
  talkCount: z.int().register(z.globalRegistry, {
    description: 'How many talks the agenda holds (introductions, talks, panels, papers, keynotes)',
  }),
});

const registrationStateSchema = z.object({
  open: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string(),
  capacity: z.int(),
  seatsLeft: z.int(),
  waitlistLength: z.int(),
  audiences: z.array(z.object({ id: z.string(), label: z.string() })),
});

export const editionDetailsSchema = z.extend(editionSummarySchema, {
  abstract: z.string(),
  topicAreas: z.array(z.string()),
  keywords: z.object({ topics: z.array(z.string()), technologies: z.array(z.string()) }),
  targetAudience: z.array(z.string()),
  format: z.string(),
  displayTimeZones: z
    .array(z.object({ timeZone: z.string(), label: z.string() }))
    .register(z.globalRegistry, {
      description: "The venue's time zone, then the zones the page offers, labelled (CEST, ET, PT)",
    }),
  segments: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
  days: z.array(z.object({ date: z.string(), startsAt: isoInstant, endsAt: isoInstant })),
  registration: z.nullable(registrationStateSchema),
  cfp: z.nullable(
    z
      .object({ open: z.boolean(), opensAt: isoInstant, closesAt: isoInstant })
      .register(z.globalRegistry, {
        description:
          'The call for papers and talks: whether it takes submissions now and its window (GET /editions/{year}/cfp tells the rest); null when the edition has none',
      }),
  ),
  checkIn: z.optional(
    z.object({ opensBefore: z.int() }).register(z.globalRegistry, {
      description:
        "Only when the edition file sets it: how many minutes before each day's first session the door takes check-in codes (2 h when absent)",
    }),
  ),
});

/** Links given after the workshop; only http and https. */
const materialSchema = z.object({
  id: z.string(),
  kind: z.enum(MATERIAL_KINDS),
  title: z.string(),
  url: z.string(),
});

const materialsSchema = z.optional(
  z.array(materialSchema).register(z.globalRegistry, {
    description:
      'Links given after the workshop: slides, video, recording, code, other (http or https). Present when there are any.',
  }),
);

const sessionSchema = z.object({
  id: z.string(),
  position: z.int(),
  day: z.string(),
  title: z.string(),
  segmentId: nullableString,
  start: isoInstant,
  end: isoInstant,
  durationMinutes: z.int(),
  slotIds: z.array(z.string()),
  materials: materialsSchema,
  location: z.optional(locationSchema),
});

const liveTimesSchema = {
  liveStart: isoInstant,
  liveEnd: isoInstant,
  delayMinutes: z.int(),
};

export const slotSchema = z.object({
  id: z.string(),
  position: z.int(),
  kind: z.enum(['intro', 'talk', 'panel', 'paper', 'keynote', 'break', 'end']),
  day: z.string(),
  sessionId: nullableString,
  segmentId: nullableString,
  title: z.string(),
  start: isoInstant,
  end: isoInstant,
  durationMinutes: z.int(),
  fixedStart: z.optional(z.literal(true)),
  liveStart: z.optional(isoInstant),
  liveEnd: z.optional(isoInstant),
  delayMinutes: z.optional(z.int()),
  speakerIds: z.array(z.string()),
  abstract: z.optional(z.string()),
  materials: materialsSchema,
});

export const liveSlotSchema = z.extend(slotSchema, liveTimesSchema);

export const agendaSchema = z.object({
  edition: editionSummarySchema,
  sessions: z.array(sessionSchema),
  slots: z.array(slotSchema),
});

export const speakerSchema = z.object({
  id: z.string(),
  name: z.string(),
  affiliation: z.optional(z.string()),
  bio: z.optional(z.string()),
  photoUrl: z.optional(z.string()),
  links: z.optional(z.array(z.object({ title: z.string(), url: z.string() }))),
  talkIds: z.array(z.string()),
});

export const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    affiliation: z.optional(z.string()),
    editions: z.array(
      z.object({
        year: z.int(),
        editionTitle: z.string(),
        name: z.string(),
        affiliation: z.optional(z.string()),
        talks: z.array(
          z.object({
            id: z.string(),
            kind: slotSchema.shape.kind,
            title: z.string(),
            day: z.string(),
            start: isoInstant,
            end: isoInstant,
            sessionId: nullableString,
            materials: materialsSchema,
          }),
        ),
      }),
    ),
  })
  .register(z.globalRegistry, {
    description:
      'A person across editions: the name and affiliation of the newest, then every edition newest first with the name, affiliation and talks of that year',
  });

const timeRange = z.object({ start: isoInstant, end: isoInstant });

export const changesSchema = z.object({
  from: z.int(),
  to: z.int(),
  added: z.array(
    z.object({ id: z.string(), title: z.string(), start: isoInstant, end: isoInstant }),
  ),
  removed: z.array(z.object({ id: z.string(), title: z.string() })),
  moved: z.array(z.object({ id: z.string(), title: z.string(), from: timeRange, to: timeRange })),
  renamed: z.array(z.object({ id: z.string(), from: z.string(), to: z.string() })),
  speakersChanged: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      from: z.array(z.string()),
      to: z.array(z.string()),
    }),
  ),
  materialsChanged: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      from: z.array(materialSchema),
      to: z.array(materialSchema),
    }),
  ),
  locationChanged: z.nullable(z.object({ from: locationSchema, to: locationSchema })),
  daysChanged: z.nullable(z.object({ from: z.array(z.string()), to: z.array(z.string()) })),
});
