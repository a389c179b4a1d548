import * as z from 'zod/mini';
import { cursorParameter } from '#functions/http/cursor.ts';

/**
 * The shapes of the API's answers, for the OpenAPI document. Contract tests validate real
 * responses against them, so a change to a handler that does not change these fails a test.
 */

const isoInstant = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/));
const isoWithMillis = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));
const nullableString = z.nullable(z.string());

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string(),
  errors: z.optional(
    z.array(
      z.object({
        name: z.string(),
        in: z.enum(['path', 'query', 'header', 'body']),
        detail: z.string(),
      }),
    ),
  ),
});

export const editionSummarySchema = z.object({
  year: z.int(),
  version: z.string(),
  title: z.string(),
  shortTitle: z.string(),
  website: z.string(),
  venue: z.string(),
  date: z.string(),
  timezone: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
});

export const registrationStateSchema = z.object({
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
  segments: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
  registration: z.nullable(registrationStateSchema),
});

export const sessionSchema = z.object({
  id: z.string(),
  position: z.int(),
  title: z.string(),
  segmentId: nullableString,
  start: isoInstant,
  end: isoInstant,
  durationMinutes: z.int(),
  slotIds: z.array(z.string()),
});

export const slotSchema = z.object({
  id: z.string(),
  position: z.int(),
  kind: z.enum(['intro', 'talk', 'panel', 'break', 'end']),
  sessionId: nullableString,
  segmentId: nullableString,
  title: z.string(),
  start: isoInstant,
  end: isoInstant,
  durationMinutes: z.int(),
  speakerIds: z.array(z.string()),
  abstract: z.optional(z.string()),
});

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

export const registrationCreatedSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  waitlistPosition: z.optional(z.int()),
  manageToken: z.string(),
  manageUrl: z.string(),
});

const status = z.enum(['confirmed', 'waitlisted', 'cancelled']);

export const registrantSchema = z.object({
  id: z.string(),
  edition: z.int(),
  status,
  waitlistPosition: z.optional(z.int()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  affiliation: z.optional(z.string()),
  audience: z.string(),
  registeredAt: isoWithMillis,
  confirmedAt: z.optional(isoWithMillis),
  cancelledAt: z.optional(isoWithMillis),
  history: z.array(z.object({ status, at: isoWithMillis })),
});

export const organizerRegistrationSchema = z.object({
  id: z.string(),
  status,
  waitlistPosition: z.nullable(z.int()),
  name: nullableString,
  email: nullableString,
  affiliation: nullableString,
  audience: z.string(),
  registeredAt: isoWithMillis,
  confirmedAt: z.nullable(isoWithMillis),
  cancelledAt: z.nullable(isoWithMillis),
});

export function pageSchema<Item extends z.ZodMiniType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.nullable(cursorParameter),
    limit: z.int(),
  });
}

export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  ids: z.array(z.string()),
  minutes: z.number(),
  message: z.string(),
});

export const releaseSchema = z.object({
  number: z.int(),
  name: z.string(),
  comment: z.string(),
  releasedAt: isoWithMillis,
  origin: z.enum(['file', 'api']),
  forced: z.boolean(),
  forceReason: z.optional(z.string()),
  releasedBy: z.optional(z.string()),
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
});

export const auditEntrySchema = z.object({
  at: isoWithMillis,
  who: z.string(),
  action: z.string(),
  target: z.string(),
  summary: z.string(),
});

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: isoWithMillis,
  createdBy: z.string(),
  /** `legacy`: a secret from before Standard Webhooks signing; rotate it (POST …/secret). */
  secretFormat: z.enum(['standard-webhooks', 'legacy']),
  secretRotatedAt: z.optional(isoWithMillis),
  previousSecretExpiresAt: z.optional(isoWithMillis),
});

export const deliverySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  lastStatus: z.optional(z.int()),
  lastError: z.optional(z.string()),
  nextAttemptAt: z.optional(isoWithMillis),
  deliveredAt: z.optional(isoWithMillis),
});
