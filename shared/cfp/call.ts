import { z } from 'zod';
import { parseDuration } from '../agenda/clock.ts';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../slug.ts';
import { callWindow } from './window.ts';

/**
 * The call for papers and talks of an edition (`cfp:` in the edition file): when it takes
 * submissions, what kinds, in which tracks (the edition's segments), within which limits, and
 * whether reviewers see who submitted. Times are the edition's wall clock: a date opens at its
 * first minute and closes after its last.
 */

const slug = z
  .string()
  .max(MAX_SLUG_LENGTH, `an id of at most ${MAX_SLUG_LENGTH} characters`)
  .regex(SLUG_PATTERN, 'a lower-case slug of letters, digits and hyphens, e.g. "lightning"');

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

const wallClock = z
  .string()
  .refine(
    (value) =>
      (LOCAL_DATE.test(value) || LOCAL_DATE_TIME.test(value)) &&
      !Number.isNaN(Date.parse(`${value.slice(0, 10)}T00:00:00Z`)),
    "a date as YYYY-MM-DD or a local time as YYYY-MM-DDTHH:MM, in the edition's time zone",
  )
  .meta({ description: 'In the edition\'s time zone: "2020-02-01" or "2020-02-01T09:00".' });

const DURATION_FORMS = 'a duration like "10min", "20min" or "1h", or a number of minutes';

export const SUBMISSION_TALK_KINDS = ['talk', 'paper', 'panel', 'keynote'] as const;

const kindSchema = z.strictObject({
  id: slug.meta({ description: 'What submitters choose, e.g. "lightning" or "paper".' }),
  label: z.string().trim().min(1, 'a non-empty text'),
  duration: z
    .union([z.number().int().min(1), z.string().regex(/^(?:\d+\s*h)?\s*(?:\d+\s*min)?$/)], {
      error: DURATION_FORMS,
    })
    .transform(parseDuration)
    .refine((minutes) => minutes >= 1, 'a duration of at least one minute')
    .meta({ description: 'The slot an accepted submission gets in the agenda.' }),
  talkKind: z
    .enum(SUBMISSION_TALK_KINDS)
    .default('talk')
    .meta({ description: 'The kind of the agenda item an accepted submission becomes.' }),
  description: z.string().trim().min(1).optional(),
});

export const callSchema = z
  .strictObject({
    opens: wallClock,
    closes: wallClock.meta({
      description: 'The last day (a date: until its end) or the last minute the call takes.',
    }),
    kinds: z.array(kindSchema).min(1, 'at least one kind of submission'),
    tracks: z
      .array(slug)
      .optional()
      .meta({ description: 'The segment ids submissions choose from; omit for every segment.' }),
    limits: z
      .strictObject({
        title: z.number().int().min(10).max(300).default(150),
        abstract: z.number().int().min(100).max(10_000).default(3000),
        speakers: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(4)
          .meta({ description: 'Speakers per submission, the submitter included.' }),
      })
      .default({ title: 150, abstract: 3000, speakers: 4 }),
    blind: z
      .boolean()
      .default(false)
      .meta({ description: 'Reviewers never see names, emails or affiliations.' }),
    retentionDays: z.number().int().min(1).max(3650).default(90).meta({
      description:
        'Days after the edition that rejected and withdrawn submissions are kept, then erased.',
    }),
  })
  .refine((call) => callWindow(call, 'UTC').opensAt < callWindow(call, 'UTC').closesAt, {
    message: 'closes later than opens',
    path: ['closes'],
  });

export type CallConfig = z.output<typeof callSchema>;
export type SubmissionKind = CallConfig['kinds'][number];
