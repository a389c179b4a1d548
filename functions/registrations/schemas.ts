import * as z from 'zod/mini';
import { editionPath } from '#functions/http/validate.ts';
import { FORM_KEY_PATTERN } from '#shared/registration/form.ts';
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

/**
 * The registration form as browsers post it (forms.ts; for the documentation: the handler reads
 * the fields with `formValues` and validates them as the JSON body). `formKey` is the edition
 * page's: with the fields it makes the post's Idempotency-Key.
 */
export const registrationFormSchema = z.object({
  name: z.string(),
  email: z.string(),
  affiliation: z.optional(z.string()),
  audience: z.string(),
  consent: z.enum(['true', 'on']),
  formKey: z.optional(z.string().check(z.regex(FORM_KEY_PATTERN))),
});

/** The Idempotency-Key header: shared with the organizers' announcements (functions/http). */
export { idempotencyKey } from '#functions/http/validate.ts';
