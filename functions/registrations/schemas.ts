import * as z from 'zod/mini';
import { editionPath } from '#functions/http/validate.ts';
import { REGISTRATION_ID_PATTERN } from './secrets.ts';

/**
 * What the registration routes accept besides the registration itself (its body is the domain's
 * `registrationRequestSchema`): the handlers validate with these, and openapi.ts documents them.
 */

export const MAX_BODY_BYTES = 16 * 1024;

export const registrationPath = z.extend(editionPath, {
  id: z
    .string()
    .check(
      z.regex(REGISTRATION_ID_PATTERN, 'expected a registration id as returned on registering'),
    ),
});

/** The Idempotency-Key header: shared with the organizers' announcements (functions/http). */
export { idempotencyKey } from '#functions/http/validate.ts';
