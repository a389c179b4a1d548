import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed deliveries as Standard Webhooks specifies
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * the secret is `whsec_` + standard base64 of random bytes; the HMAC-SHA256 key is those bytes,
 * the signed content `<webhook-id>.<webhook-timestamp>.<body>`, and `Webhook-Signature` lists
 * `v1,<base64>` signatures separated by spaces (two during a secret rotation's overlap).
 *
 * Legacy secrets: webhooks created before this format are `whsec_` + base64url of 32 bytes
 * (43 characters, never a valid padded base64 string), and their key was the whole secret string.
 * They keep being signed that way, so receivers built for them go on verifying, until an organizer
 * rotates the secret (POST …/webhooks/{id}/secret), which issues a Standard Webhooks secret.
 */

const PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export type SecretFormat = 'standard-webhooks' | 'legacy';

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The decoded key of a Standard Webhooks secret (24 to 64 bytes), or undefined for anything else. */
function standardKey(secret: string): Buffer | undefined {
  if (!secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  // Canonical base64 only: a legacy secret (unpadded, 43 characters) never round-trips.
  if (key.toString('base64') !== encoded) return undefined;
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}

export function secretFormat(secret: string): SecretFormat {
  return standardKey(secret) ? 'standard-webhooks' : 'legacy';
}

/** The HMAC key: the decoded bytes of a Standard Webhooks secret, the string of a legacy one. */
function signingKey(secret: string): Buffer {
  return standardKey(secret) ?? Buffer.from(secret, 'utf8');
}

/** One `v1,<base64>` signature of a delivery. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

export interface SigningSecrets {
  secret: string;
  previousSecret?: string | undefined;
  previousSecretExpiresAt?: string | undefined;
}

/**
 * The Webhook-Signature header: the current secret's signature, then the previous secret's while
 * a rotation's overlap lasts.
 */
export function signatureHeader(
  secrets: SigningSecrets,
  id: string,
  timestamp: number,
  body: string,
  now: Date,
): string {
  const signatures = [signature(secrets.secret, id, timestamp, body)];
  if (
    secrets.previousSecret &&
    secrets.previousSecretExpiresAt &&
    now < new Date(secrets.previousSecretExpiresAt)
  ) {
    signatures.push(signature(secrets.previousSecret, id, timestamp, body));
  }
  return signatures.join(' ');
}

/** What a receiver does: any of the header's signatures made with `secret`. */
export function verifySignature(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(signature(secret, id, timestamp, body));
  return header
    .split(' ')
    .map((candidate) => Buffer.from(candidate))
    .some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    );
}
