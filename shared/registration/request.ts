import * as z from 'zod/mini';

/**
 * The body of POST /editions/{year}/registrations. Messages never repeat the input: they end up
 * in problem responses, and the input is personal data. zod/mini keeps the function bundles small.
 */

const text = (maximum: number, missing: string) =>
  z
    .string({ error: missing })
    .check(
      z.trim(),
      z.minLength(1, missing),
      z.maxLength(maximum, `expected at most ${maximum} characters`),
    );

export const registrationRequestSchema = z.strictObject({
  name: text(200, 'expected a name'),
  email: z.pipe(
    z
      .string({ error: 'expected an email address' })
      .check(z.trim(), z.maxLength(254, 'expected at most 254 characters')),
    z.email('expected an email address like name@example.org'),
  ),
  affiliation: z.optional(
    z
      .string({ error: 'expected text' })
      .check(z.trim(), z.maxLength(200, 'expected at most 200 characters')),
  ),
  audience: text(100, "expected one of the edition's audience ids"),
  consent: z.literal(true, 'expected true: registering needs consent to store your data'),
});

export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
