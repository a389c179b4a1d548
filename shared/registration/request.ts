import * as z from 'zod/mini';

/**
 * The body of POST /editions/{year}/registrations. Messages never repeat the input: they end up
 * in problem responses, and the input is personal data. zod/mini keeps the function bundles small.
 */

/** Something a person can read: a letter or digit, not only blanks or zero-width characters. */
const READABLE = /[\p{L}\p{N}]/u;
/** Control characters and bidirectional overrides: they garble or disguise text in lists and CSV. */
const HIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

const readableText = (maximum: number, missing: string, options = { allowEmpty: false }) =>
  z.string({ error: missing }).check(
    z.trim(),
    z.normalize('NFC'),
    z.minLength(options.allowEmpty ? 0 : 1, missing),
    z.maxLength(maximum, `expected at most ${maximum} characters`),
    z.refine(
      (value) => (options.allowEmpty && value === '') || READABLE.test(value),
      `${missing} with at least one letter or digit`,
    ),
    z.refine(
      (value) => !HIDDEN.test(value),
      'expected no control characters or direction overrides',
    ),
  );

export const registrationRequestSchema = z.strictObject({
  name: readableText(200, 'expected a name'),
  email: z.pipe(
    z
      .string({ error: 'expected an email address' })
      .check(z.trim(), z.maxLength(254, 'expected at most 254 characters')),
    z.email('expected an email address like name@example.org'),
  ),
  // An empty field from a form means none given.
  affiliation: z.optional(readableText(200, 'expected an affiliation', { allowEmpty: true })),
  audience: readableText(100, "expected one of the edition's audience ids"),
  consent: z.literal(true, 'expected true: registering needs consent to store your data'),
});

export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
