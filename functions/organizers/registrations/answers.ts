import * as z from 'zod/mini';
import { isoWithMillis } from '#functions/http/openapi.ts';
import { auditEntrySchema, organizerRegistrationSchema } from '../openapi/answers.ts';

/** What the organizers' registration routes answer besides the list (for /openapi.json). */

const statusSchema = z.enum(['confirmed', 'waitlisted', 'cancelled']);

export const registrationRecordSchema = z.extend(organizerRegistrationSchema, {
  history: z
    .array(z.object({ status: statusSchema, at: isoWithMillis }))
    .register(z.globalRegistry, { description: 'Every change of status, oldest first' }),
  mail: z.object({
    messages: z
      .array(
        z.object({
          id: z.string(),
          kind: z.string(),
          state: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
          attempts: z.int(),
          queuedAt: isoWithMillis,
          sentAt: z.nullable(isoWithMillis),
          reason: z.nullable(z.string()),
        }),
      )
      .register(z.globalRegistry, {
        description:
          'The messages to this person in the last 14 days (the outbox keeps them that long), oldest first, without the address; `reason` says why one failed or was skipped',
      }),
    undeliverable: z
      .nullable(z.object({ reason: z.string(), at: isoWithMillis }))
      .register(z.globalRegistry, {
        description:
          'Why and since when messages to this address cannot be delivered; null when they can',
      }),
  }),
  audit: z.array(auditEntrySchema).register(z.globalRegistry, {
    description: 'What organizers did to this registration, oldest first',
  }),
});

export const capacityAnswer = z.object({
  capacity: z.int(),
  confirmed: z.int(),
  waitlisted: z.int(),
  promoted: z.int().register(z.globalRegistry, {
    description: 'How many waiting people the new seats went to, oldest first (each mailed)',
  }),
});

export const overviewAnswer = z.object({
  items: z.array(
    z.object({
      year: z.int(),
      title: z.string(),
      date: z.string(),
      registration: z.boolean().register(z.globalRegistry, {
        description: 'Whether the edition takes registrations',
      }),
      seats: z.int(),
      confirmed: z.int(),
      waitlisted: z.int(),
      checkedIn: z.int(),
      mail: z.object({
        failed: z.int().register(z.globalRegistry, {
          description: 'Attendee messages given up (GET …/mail/failed lists them)',
        }),
        undeliverable: z.int().register(z.globalRegistry, {
          description: 'Registrations whose address messages cannot reach',
        }),
      }),
    }),
  ),
});
