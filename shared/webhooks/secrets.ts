import { randomBytes } from 'node:crypto';

/**
 * Webhook secrets. Standard Webhooks secrets
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md)
 * are `whsec_` + standard base64 of random bytes, the HMAC-SHA256 key those bytes.
 *
 * Legacy secrets: webhooks created before this format are `whsec_` + base64url of 32 bytes
 * (43 characters, never a valid padded base64 string), and their key was the whole secret string.
 * They keep being signed that way (signing.ts), so receivers built for them go on verifying, until
 * an organizer rotates the secret (POST …/webhooks/{id}/secret), which issues a Standard Webhooks
 * secret. Apart from signing.ts so that the organizers' function, which makes secrets and never
 * signs, carries no signing library.
 */

const PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export type SecretFormat = 'standard-webhooks' | 'legacy';

export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** Whether a secret is a Standard Webhooks one: canonical base64 of 24 to 64 bytes after whsec_. */
function isStandard(secret: string): boolean {
  if (!secret.startsWith(PREFIX)) return false;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return false;
  const key = Buffer.from(encoded, 'base64');
  // Canonical base64 only: a legacy secret (unpadded, 43 characters) never round-trips.
  if (key.toString('base64') !== encoded) return false;
  return key.length >= 24 && key.length <= 64;
}

export function secretFormat(secret: string): SecretFormat {
  return isStandard(secret) ? 'standard-webhooks' : 'legacy';
}
