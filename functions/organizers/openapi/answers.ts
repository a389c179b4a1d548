import * as z from 'zod/mini';
import { isoWithMillis, nullableString, releaseSchema } from '#functions/http/openapi.ts';
import { droppedDelaySchema } from './live.ts';

/** What the organizer routes answer: the registration list, the audit trail, the draft and releases. */

export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  ids: z.array(z.string()),
  minutes: z.number(),
  message: z.string(),
});

export const draftAnswer = z.object({
  revision: z.int(),
  source: z.looseObject({}),
  findings: z.array(findingSchema),
});

/** How many a release's schedule notice was queued for (data/registrations/schedule-notices.ts). */
const notifiedSchema = z
  .object({
    registrants: z.int(),
    speakers: z.int(),
  })
  .register(z.globalRegistry, {
    description:
      'Messages queued because the release moved talks, days, the place or the way of joining: one summary per confirmed and waiting registrant, and one message per speaker of each confirmed submission whose talk it moved (0 with notify: false, or when nothing moved)',
  });

/** A release, its findings, whether it changed the join URL, the delays it dropped (agenda-service.ts). */
export const releaseAnswer = z.object({
  release: releaseSchema,
  findings: z.array(findingSchema),
  joinUrl: z.object({
    changed: z.boolean(),
    notified: z.int().register(z.globalRegistry, {
      description: 'Confirmed registrants the new link is mailed to',
    }),
  }),
  liveDelaysDropped: z.array(droppedDelaySchema).register(z.globalRegistry, {
    description:
      'The live delays the release dropped because it removed or moved their slots (each also in the audit trail, action `delay.drop`); [] when none',
  }),
  notified: notifiedSchema,
});

const status = z.enum(['confirmed', 'waitlisted', 'cancelled']);

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
  checkedInAt: z.nullable(isoWithMillis),
  mailUndeliverable: z.nullable(z.string()).register(z.globalRegistry, {
    description:
      'Why messages to this address cannot be delivered (a code such as "SMTP 550" or "Bounce"); null when they can',
  }),
});

export const auditEntrySchema = z.object({
  at: isoWithMillis,
  who: z.string(),
  action: z.string(),
  target: z.string(),
  summary: z.string(),
});
