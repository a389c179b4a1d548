import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { normalizeEmail } from '#shared/registration/rules.ts';
import { monotonicUlid } from '#shared/ulid.ts';

/**
 * The secrets of self-service registration. Manage tokens (shared/registration/manage-link.ts)
 * are stored only as a SHA-256 hash (256 bits of HMAC need no slow hash). Email uniqueness uses an HMAC so that no key
 * holds an address. Idempotency records keep outcomes, which hold no token; those written before
 * kept the reply sealed with a key derived from the client's Idempotency-Key, which the server
 * never stores, and are opened with it until they expire (stored-replies.ts).
 */

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function emailKey(hashKey: string, email: string): string {
  return createHmac('sha256', hashKey).update(normalizeEmail(email)).digest('hex');
}

const derive = (idempotencyKey: string, purpose: string) =>
  createHmac('sha256', idempotencyKey).update(purpose).digest();

/** Where the idempotency record lives: nothing in it reveals the key. */
export function idempotencyKeyHash(idempotencyKey: string): string {
  return derive(idempotencyKey, 'record').toString('hex');
}

/** Tells a retry (same body) from a reuse of the key (another body), without storing the body. */
export function requestFingerprint(idempotencyKey: string, body: unknown): string {
  return createHmac('sha256', derive(idempotencyKey, 'request'))
    .update(canonicalJson(body))
    .digest('hex');
}

/** How records were sealed before they kept outcomes (the tests write such records with it). */
export function sealReply(idempotencyKey: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(idempotencyKey, 'reply'), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

export function openReply(idempotencyKey: string, sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data) throw new Error('malformed sealed reply');
  const decipher = createDecipheriv('aes-256-gcm', derive(idempotencyKey, 'reply'), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/**
 * The Idempotency-Key of a registration form post (forms.ts): its page's form key and its fields
 * under a key derived from the service's secret. The page is public, so a JSON client could send
 * the same form key and fields: it could not make this key, and the form shows no manage link
 * on a replay.
 */
export function formIdempotencyKey(secretKey: string, formKey: string, body: unknown): string {
  const formKeys = createHmac('sha256', secretKey).update('form-idempotency').digest();
  const digest = createHmac('sha256', formKeys)
    .update(`${formKey}\n${canonicalJson(body)}`)
    .digest('base64url');
  return `form.${digest}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Registration ids are monotonic ULIDs: they sort in creation order (the waiting list relies on it). */
export const newRegistrationId = (now: Date) => monotonicUlid(now);

export { ULID_PATTERN as REGISTRATION_ID_PATTERN } from '#shared/ulid.ts';
