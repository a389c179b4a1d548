import { z } from 'zod';

/**
 * The body of POST /editions/{year}/registrations. Messages never repeat the input: they end up
 * in problem responses, and the input is personal data.
 */
export const registrationRequestSchema = z.strictObject({
  name: z
    .string('expected a name')
    .trim()
    .min(1, 'expected a name')
    .max(200, 'expected at most 200 characters'),
  email: z
    .string('expected an email address')
    .trim()
    .max(254, 'expected at most 254 characters')
    .pipe(z.email('expected an email address like name@example.org')),
  affiliation: z
    .string('expected text')
    .trim()
    .max(200, 'expected at most 200 characters')
    .optional(),
  audience: z
    .string("expected one of the edition's audience ids")
    .min(1, "expected one of the edition's audience ids"),
  consent: z.literal(true, 'expected true: registering needs consent to store your data'),
});

export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
