import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed deliveries, in the Standard Webhooks manner: the receiver recomputes
 * HMAC-SHA256(secret, "<id>.<timestamp>.<body>") and compares it with `Webhook-Signature: v1,<base64>`.
 */

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

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
