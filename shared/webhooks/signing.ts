import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { secretFormat } from './secrets.ts';

/**
 * Signed deliveries as Standard Webhooks specifies
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * signed by its `standardwebhooks` library: the signed content is
 * `<webhook-id>.<webhook-timestamp>.<body>`, and `Webhook-Signature` lists `v1,<base64>`
 * signatures separated by spaces (two during a secret rotation's overlap). A legacy secret
 * (secrets.ts) is signed with its whole string as the raw key, as before.
 */

/**
 * One `v1,<base64>` signature of a delivery, made by the `standardwebhooks` library: from the
 * secret as the specification reads it, or, for a legacy secret, from its whole string as the raw
 * key (the library's `raw` format).
 */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const webhook =
    secretFormat(secret) === 'standard-webhooks'
      ? new Webhook(secret)
      : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
  return webhook.sign(id, new Date(timestamp * 1000), body);
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
