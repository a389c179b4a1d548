import { z } from 'zod';
import {
  CLOCK_TIME_PATTERN,
  DURATION_PATTERN,
  isTimeZone,
  parseDuration,
} from '../agenda/clock.ts';
import { agendaIds } from '../agenda/ids.ts';
import { callSchema } from '../cfp/call.ts';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../slug.ts';
import { checkDays } from './day-rules.ts';
import { checkLocation, displayTimeZonesSchema, locationSchema } from './location.ts';
import { isWebUrl, MATERIAL_KINDS, MAX_URL_LENGTH } from './materials.ts';

/**
 * The edition file: one per workshop year, written by organizers (YAML), validated here.
 * Everything the API serves about an edition comes from this shape.
 */

/** Ids are parts of DynamoDB keys and URLs: the same bound as the API's (functions/http/validate.ts). */
const slug = z
  .string()
  .max(MAX_SLUG_LENGTH, `an id of at most ${MAX_SLUG_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'a lower-case slug of letters, digits and hyphens, e.g. "build-test"');

const clockTime = z
  .string()
  .regex(CLOCK_TIME_PATTERN, 'a time of day as "HH:MM" in quotes, e.g. "11:00"');

const DURATION_FORMS = 'a duration like "15min", "1h" or "1h30min", or a number of minutes';
const duration = z
  .union(
    [
      z.number().int().min(1),
      z
        .string()
        .regex(DURATION_PATTERN, DURATION_FORMS)
        .refine((text) => text.trim() !== '', 'a duration like "15min", "1h" or "1h30min"'),
    ],
    { error: DURATION_FORMS },
  )
  .transform(parseDuration)
  .refine((minutes) => minutes >= 1, 'a duration of at least one minute')
  .meta({ description: 'Minutes as a number, or "15min", "1h", "1h30min".' });

const text = z.string().trim().min(1, 'a non-empty text');

const isoDate = z.iso.date('a date as YYYY-MM-DD');

const day = isoDate.optional().meta({
  description:
    'Date of the day this entry is on, one of "days"; omit to stay on the day of the entry before.',
});

const segmentSchema = z.strictObject({
  id: slug.meta({ description: 'Stable id used in URLs, e.g. "runtime".' }),
  name: text.meta({ description: 'As printed in the agenda, e.g. "RUNTIME".' }),
  description: text,
});

const speakerSchema = z.strictObject({
  id: slug.meta({
    description:
      'The person id: the same in every edition this person speaks at (e.g. "christian-kniep"), so that GET /speakers/{personId} finds them all.',
  }),
  name: text,
  affiliation: text.optional().meta({ description: 'As of this edition.' }),
  bio: text.optional(),
  photoUrl: z.url().optional(),
  links: z.array(z.strictObject({ title: text, url: z.url() })).optional(),
});

type SpeakerEntry = z.output<typeof speakerSchema>;

const materialsSchema = z
  .array(
    z.strictObject({
      id: slug
        .optional()
        .meta({ description: 'Defaults to the slug of the title; pin it before renaming.' }),
      kind: z.enum(MATERIAL_KINDS),
      title: text.meta({ description: 'The link text, e.g. "Slides (PDF)".' }),
      url: z
        .string()
        .max(MAX_URL_LENGTH, `a URL of at most ${MAX_URL_LENGTH} characters`)
        .refine(isWebUrl, 'an http:// or https:// URL, e.g. "https://example.org/slides.pdf"'),
    }),
  )
  .superRefine((materials, context) =>
    reportDuplicates(
      materials.map((material) => material.id ?? ''),
      (index) => {
        if (materials[index]?.id) {
          context.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: 'an id not used before',
          });
        }
      },
    ),
  )
  .optional()
  .meta({ description: 'Links given after the workshop: slides, video, recording, code, other.' });

const talkSchema = z.strictObject({
  id: slug
    .optional()
    .meta({ description: 'Defaults to "<session id>-<slug of title>"; pin it before renaming.' }),
  kind: z
    .enum(['intro', 'talk', 'panel', 'paper', 'keynote'])
    .default('talk')
    .meta({ description: '"paper" is a peer-reviewed research paper slot.' }),
  title: text,
  at: clockTime.optional().meta({
    description: 'Fixed start time on its day, inside its session; the next item follows it.',
  }),
  duration: duration.optional().meta({
    description:
      'Omit to share the rest of the session equally with other items; an item with its own "at" and no duration lasts until the next item\'s "at" (the last one until the session ends).',
  }),
  speakers: z.array(slug).optional(),
  abstract: text.optional(),
  materials: materialsSchema,
});

const UNTIL_NEXT =
  'Minutes, or "15min", "1h", "1h30min". Omit when the next entry of the day has its own time (an "at", a break or the end): this one lasts until then.';

const sessionEntrySchema = z.strictObject({
  kind: z.literal('session'),
  id: slug.optional().meta({ description: 'Defaults to the slug of the title.' }),
  title: text.meta({
    description: 'As printed in the agenda, e.g. "ORCHESTRATION / SCHEDULING #1".',
  }),
  segment: slug.optional().meta({ description: 'Id of the segment this session belongs to.' }),
  location: locationSchema
    .optional()
    .meta({ description: "Only where the session differs from the edition's location." }),
  day,
  at: clockTime.optional().meta({
    description: 'Fixed start time; omit to start when the entry before ends.',
  }),
  duration: duration.optional().meta({ description: UNTIL_NEXT }),
  items: z.array(talkSchema).min(1, 'at least one item'),
  materials: materialsSchema,
});

const breakEntrySchema = z.strictObject({
  kind: z.literal('break'),
  id: slug.optional().meta({ description: 'Defaults to "<slug of title>-<HHMM>".' }),
  title: text,
  day,
  at: clockTime.meta({
    description: 'Fixed start time; the break starts here whatever runs late.',
  }),
  duration: duration.optional().meta({ description: UNTIL_NEXT }),
});

const endEntrySchema = z.strictObject({
  kind: z.literal('end'),
  id: slug.optional(),
  title: text.default('Workshop Ends'),
  day,
  at: clockTime.meta({ description: 'Fixed end of the workshop day.' }),
});

const instant = z.iso.datetime({
  offset: true,
  message: 'a date and time with its offset, e.g. "2020-03-01T09:00:00+01:00"',
});

const registrationSchema = z
  .strictObject({
    capacity: z.number().int().min(1).meta({ description: 'Seats; later registrations wait.' }),
    opensAt: instant,
    closesAt: instant,
    waitlistLimit: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Most people on the waiting list; omit for no limit.' }),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .meta({ description: 'Days after the event that registrations are kept, then deleted.' }),
    audiences: z.array(z.strictObject({ id: slug, label: text })).min(1, 'at least one audience'),
    reminderBefore: duration.optional().meta({
      description:
        'How long before the first day confirmed people get a reminder email, e.g. "24h" (the default) or "2h".',
    }),
  })
  .refine((registration) => Date.parse(registration.opensAt) < Date.parse(registration.closesAt), {
    message: 'closesAt later than opensAt',
    path: ['closesAt'],
  });

const checkInSchema = z.strictObject({
  opensBefore: duration
    .refine((minutes) => minutes <= 24 * 60, 'at most a day, e.g. "2h"')
    .meta({
      description:
        'How long before each day\'s first session the door opens for check-ins, e.g. "2h" (the default) or "45min".',
    }),
});

const apiSchema = z.strictObject({
  allowedOrigins: z
    .array(
      z
        .string()
        .regex(
          /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i,
          'an origin: scheme and host without a path, e.g. "https://workshop.example"',
        ),
    )
    .default([])
    .meta({ description: 'Web origins allowed to call the API from a browser (CORS).' }),
  publicUrl: z
    .string()
    .regex(
      /^https:\/\/[a-z0-9.-]+(:\d+)?$/i,
      'an https origin without a path, e.g. "https://workshop.example"',
    )
    .optional()
    .meta({
      description:
        "Where the API and its pages are served when not at the HTTP API's own URL (a custom domain). Manage links and the calendar and schedule exports start with it; never with a request's Host header.",
    }),
  throttle: z
    .strictObject({
      rateLimit: z.number().int().min(1).meta({ description: 'Steady requests per second.' }),
      burstLimit: z.number().int().min(1).meta({ description: 'Requests allowed in a burst.' }),
    })
    .default({ rateLimit: 50, burstLimit: 100 }),
});

const agendaEntrySchema = z.discriminatedUnion('kind', [
  sessionEntrySchema,
  breakEntrySchema,
  endEntrySchema,
]);

export const editionSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2999),
    title: text,
    shortTitle: text,
    website: z.url(),
    venue: text.optional().meta({
      description:
        'Shorthand for location: { mode: in-person, venue: … }; omit when location is given.',
    }),
    location: locationSchema
      .optional()
      .meta({ description: 'Where the edition takes place; or give only "venue" (in person).' }),
    date: isoDate
      .optional()
      .meta({ description: 'The day of a one-day edition; omit when "days" lists the days.' }),
    timezone: z
      .string()
      .refine(isTimeZone, 'an IANA time zone, e.g. "Europe/Berlin"')
      .meta({ description: 'IANA time zone of the venue, e.g. "Europe/Berlin".' }),
    displayTimeZones: displayTimeZonesSchema,
    startsAt: clockTime
      .optional()
      .meta({ description: 'Omit to count back from the first fixed time (a break or the end).' }),
    days: z
      .array(
        z.strictObject({
          date: isoDate,
          startsAt: clockTime
            .optional()
            .meta({ description: 'Omit to count back from the first fixed time of the day.' }),
        }),
      )
      .min(1, 'at least one day')
      .optional()
      .meta({
        description:
          'The days of an edition that spans several, in order; agenda entries name theirs with "day". Omit for one day ("date", "startsAt").',
      }),
    abstract: text,
    topicAreas: z.array(text),
    keywords: z.strictObject({ topics: z.array(text), technologies: z.array(text) }),
    targetAudience: z.array(text),
    format: text,
    segments: z.array(segmentSchema),
    speakers: z.array(speakerSchema).default([]),
    api: apiSchema
      .default({ allowedOrigins: [], throttle: { rateLimit: 50, burstLimit: 100 } })
      .meta({ description: 'How the deployed HTTP API serves this edition.' }),
    registration: registrationSchema
      .optional()
      .meta({ description: 'Omit when the edition takes no registrations.' }),
    cfp: callSchema.optional().meta({
      description:
        'The call for papers and talks: omit when the edition takes no submissions (GET /editions/{year}/cfp).',
    }),
    checkIn: checkInSchema.optional().meta({
      description:
        "When codes are accepted at the door: from opensBefore before each day's first session to the day's end.",
    }),
    agenda: z.array(agendaEntrySchema).min(1, 'at least the end of the day'),
  })
  .superRefine((edition, context) => {
    const issue = (path: PropertyKey[], message: string) =>
      context.addIssue({ code: 'custom', path, message });

    const segmentIds = new Set(edition.segments.map((segment) => segment.id));
    const speakerIds = new Set(edition.speakers.map((speaker) => speaker.id));
    reportDuplicates(
      edition.segments.map((segment) => segment.id),
      (index) => issue(['segments', index, 'id'], 'a segment id not used before'),
    );
    reportDuplicates(
      edition.speakers.map((speaker) => speaker.id),
      (index, firstIndex) => {
        const speaker = edition.speakers[index] as SpeakerEntry;
        const first = edition.speakers[firstIndex] as SpeakerEntry;
        issue(
          ['speakers', index, 'id'],
          first.name === speaker.name
            ? `a person listed once ("${speaker.id}" is already speakers[${firstIndex}])`
            : `an id of this person's own: "${speaker.id}" is ${first.name} (speakers[${firstIndex}]), a person id names one person in every edition`,
        );
      },
    );

    edition.cfp?.tracks?.forEach((track, index) => {
      if (!segmentIds.has(track)) {
        issue(['cfp', 'tracks', index], `one of the segment ids: ${[...segmentIds].join(', ')}`);
      }
    });

    if (edition.venue !== undefined && edition.location) {
      issue(['venue'], 'no top-level venue beside location: put it in location.venue');
    } else if (edition.venue === undefined && !edition.location) {
      issue(['location'], 'a location (mode in-person, online or hybrid) or a venue');
    }
    if (edition.location) checkLocation(edition.location, ['location'], issue);
    const inherited = {
      venue: edition.venue ?? edition.location?.venue,
      url: edition.location?.stream?.url,
    };

    edition.agenda.forEach((entry, index) => {
      if (entry.kind !== 'session') return;
      if (entry.location) {
        checkLocation(entry.location, ['agenda', index, 'location'], issue, inherited);
      }
      if (entry.segment !== undefined && !segmentIds.has(entry.segment)) {
        issue(
          ['agenda', index, 'segment'],
          `one of the segment ids: ${[...segmentIds].join(', ')}`,
        );
      }
      entry.items.forEach((item, itemIndex) => {
        item.speakers?.forEach((speakerId, speakerIndex) => {
          if (!speakerIds.has(speakerId)) {
            issue(
              ['agenda', index, 'items', itemIndex, 'speakers', speakerIndex],
              'the id of a speaker listed under "speakers"',
            );
          }
        });
      });
    });
    const ids = agendaIds(edition.agenda);
    // Ids made from titles are bound like pinned ones (the slug schema checks those).
    for (const { id, path } of ids) {
      if (path.at(-1) !== 'title') continue;
      if (id.length > MAX_SLUG_LENGTH) {
        issue(
          path,
          `a title that makes an id of at most ${MAX_SLUG_LENGTH} characters (this one makes ${id.length}), or an "id"`,
        );
      } else if (!SLUG_PATTERN.test(id)) {
        issue(path, 'a title with letters or digits, or an "id"');
      }
    }
    reportDuplicates(
      ids.map(({ id }) => id),
      (index) => {
        const duplicate = ids[index] as (typeof ids)[number];
        issue(
          duplicate.path,
          `an id not used before in the agenda ("${duplicate.id}" is taken): set "id"`,
        );
      },
    );
    checkDays(edition, issue);
  });

/** Reports each repeated value with the index of its first occurrence. */
function reportDuplicates(
  values: string[],
  report: (index: number, firstIndex: number) => void,
): void {
  const firstIndexes = new Map<string, number>();
  values.forEach((value, index) => {
    const firstIndex = firstIndexes.get(value);
    if (firstIndex === undefined) firstIndexes.set(value, index);
    else report(index, firstIndex);
  });
}

/** What the file says, before ids are filled in and times are computed. */
export type EditionSource = z.output<typeof editionSchema>;
export type EditionSourceInput = z.input<typeof editionSchema>;
export type AgendaEntry = EditionSource['agenda'][number];
export type SessionEntry = Extract<AgendaEntry, { kind: 'session' }>;
export type BreakEntry = Extract<AgendaEntry, { kind: 'break' }>;
export type TalkSource = SessionEntry['items'][number];
export type Segment = EditionSource['segments'][number];
export type Speaker = EditionSource['speakers'][number];
export type RegistrationConfig = z.output<typeof registrationSchema>;
export type CheckInConfig = z.output<typeof checkInSchema>;
export type { CallConfig } from '../cfp/call.ts';

export function editionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(editionSchema, { io: 'input', target: 'draft-2020-12' });
}
