import * as z from 'zod/mini';
import { editionPath, pageQuery } from '#functions/http/validate.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';

/** What the organizers' registration routes accept (routes.ts declares them with these). */

/** Control characters and direction overrides: nothing a search for a person needs. */
const HIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

export const registrationSearchQuery = z.strictObject({
  status: z.optional(z.enum(['confirmed', 'waitlisted', 'cancelled'])),
  q: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'expected 1 to 100 characters of a name, email or affiliation'),
        z.maxLength(100, 'expected 1 to 100 characters of a name, email or affiliation'),
        z.refine((value) => !HIDDEN.test(value), 'expected no control characters'),
      )
      .register(z.globalRegistry, {
        description:
          'Registrations whose name, email or affiliation contain this text (any case); cancelled registrations keep none of them',
      }),
  ),
  ...pageQuery(50),
});

export const registrationPath = z.extend(editionPath, {
  registrationId: z
    .string()
    .check(
      z.maxLength(26, 'expected a registration id as the list gives it'),
      z.regex(ULID_PATTERN, 'expected a registration id as the list gives it'),
    ),
});

export const CANCEL_REASONS = ['spam', 'duplicate', 'requested', 'other'] as const;

export const cancelBody = z.strictObject({
  reason: z.enum(CANCEL_REASONS),
  note: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(500, 'expected at most 500 characters'),
        z.refine((value) => !HIDDEN.test(value), 'expected no control characters'),
      )
      .register(z.globalRegistry, {
        description: 'Kept in the audit trail with the reason; organizers only',
      }),
  ),
  notify: z.optional(
    z.boolean().register(z.globalRegistry, {
      description:
        'Mail the person that the registration is cancelled; true by default (false for spam). Someone it promotes from the waiting list is mailed either way.',
    }),
  ),
});

/** A registration added by hand: the self-service fields (no consent), a status, notify. */
export const addBody = z.strictObject({
  ...z.omit(registrationRequestSchema, { consent: true }).shape,
  status: z.optional(
    z.enum(['confirmed', 'waitlisted']).register(z.globalRegistry, {
      description:
        'Only this status, or a 409 naming `status`: `confirmed` needs a free seat (and nobody waiting), `waitlisted` a full edition. Left out: placed as self-service places people (a seat while one is free, else the waiting list).',
    }),
  ),
  notify: z.optional(
    z.boolean().register(z.globalRegistry, {
      description:
        'Mail the person the confirmation or waiting-list message with the manage link; true by default',
    }),
  ),
});

export const capacityBody = z.strictObject({
  seats: z
    .int('expected a whole number of seats')
    .check(
      z.minimum(0, 'expected 0 or more seats'),
      z.maximum(100_000, 'expected at most 100000 seats'),
    ),
});
