import { domainToASCII } from 'node:url';
import * as z from 'zod/mini';

/**
 * The body of POST /editions/{year}/registrations. Messages never repeat the input: they end up
 * in problem responses, and the input is personal data. zod/mini keeps the function bundles small.
 */

/** Something a person can read: a letter or digit, not only blanks or zero-width characters. */
const READABLE = /[\p{L}\p{N}]/u;
/** Control characters and bidirectional overrides: they garble or disguise text in lists and CSV. */
const HIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

export const readableText = (maximum: number, missing: string, options = { allowEmpty: false }) =>
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

const ASCII = /^[\x20-\x7e]*$/;
const localPart = (address: string) => address.slice(0, Math.max(0, address.lastIndexOf('@')));

export const NON_ASCII_LOCAL_PART =
  'expected the part before the @ in ASCII letters, digits and symbols: an address like this cannot be delivered (the mail service does not support SMTPUTF8)';

/**
 * An address with an internationalised domain, in the form mail is delivered to: the domain in
 * punycode (`u@bücher.example` → `u@xn--bcher-kva.example`), the same for every way of writing
 * it, so that a person is one person. Stored, shown and mailed this way. A domain that cannot be
 * converted stays as it was and fails the address check.
 */
function asciiEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  const domain = address.slice(at + 1);
  if (ASCII.test(domain)) return address;
  const ascii = domainToASCII(domain.normalize('NFC'));
  return ascii === '' ? address : `${address.slice(0, at)}@${ascii}`;
}

/**
 * zod's address check, with top-level domains in punycode as well (`xn--p1ai`): the local part in
 * the characters mail servers take without SMTPUTF8, labels of at most 63.
 */
const EMAIL_PATTERN =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** An address as people type it, checked and stored in the form mail is delivered to. */
export const emailAddress = z.pipe(
  z.string({ error: 'expected an email address' }).check(
    z.trim(),
    z.maxLength(254, 'expected at most 254 characters'),
    z.refine((value) => ASCII.test(localPart(value)), {
      error: NON_ASCII_LOCAL_PART,
      abort: true,
    }),
    z.overwrite(asciiEmail),
  ),
  z.email({
    pattern: EMAIL_PATTERN,
    error: 'expected an email address like name@example.org',
  }),
);

export const registrationRequestSchema = z.strictObject({
  name: readableText(200, 'expected a name'),
  email: emailAddress,
  // An empty field from a form means none given.
  affiliation: z.optional(readableText(200, 'expected an affiliation', { allowEmpty: true })),
  audience: readableText(100, "expected one of the edition's audience ids"),
  consent: z.literal(true, 'expected true: registering needs consent to store your data'),
});

export type RegistrationRequest = z.output<typeof registrationRequestSchema>;
