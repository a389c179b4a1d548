import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeEmail } from '#shared/registration/rules.ts';

/**
 * The secrets of the call for papers, all derived from the service's email hash key. Manage
 * tokens (shared/cfp/submission-link.ts) are kept only as their SHA-256. A speaker's address is
 * known by its HMAC, the same as registrations' (so that people match across years and
 * reviewers); Idempotency-Keys and title claims are hashed with purposes of their own, so that a
 * registration's key never replays a submission.
 */

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The address's HMAC: the same function as registrations' emailKey, on purpose. */
export function speakerEmailKey(hashKey: string, email: string): string {
  return createHmac('sha256', hashKey).update(normalizeEmail(email)).digest('hex');
}

const derive = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(purpose).digest();

/** One submission per title (case and spacing aside) and first speaker. */
export function titleClaimKey(hashKey: string, title: string, firstSpeakerEmail: string): string {
  const normalizedTitle = title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHmac('sha256', derive(hashKey, 'submission-claim'))
    .update(`${normalizeEmail(firstSpeakerEmail)}\n${normalizedTitle}`)
    .digest('hex');
}

/** Where a submission's idempotency record lives: never where a registration's does. */
export function submissionKeyHash(idempotencyKey: string): string {
  return derive(idempotencyKey, 'submission-record').toString('hex');
}

/** Tells a retry (same body) from a reuse of the key (another body), without storing the body. */
export function submissionFingerprint(idempotencyKey: string, body: unknown): string {
  return createHmac('sha256', derive(idempotencyKey, 'submission-request'))
    .update(JSON.stringify(body))
    .digest('hex');
}
