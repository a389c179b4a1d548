import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { ULID_PATTERN } from '../ulid.ts';

/**
 * The code a confirmed person shows at the door: their registration id (a ULID, 128 bits)
 * encrypted with one AES block under a key derived from the service's secret key. It reveals
 * nothing (not the id, not when they registered), nothing is stored to look it up (the door
 * decrypts it to the id), a cancelled registration's code leads to nothing, and a guessed code
 * decrypts to an id that does not exist but for a 2^-128 chance.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 128 bits in Crockford base32, grouped by four for reading aloud or typing at the door. */
const CODE_LENGTH = 26;

function blockKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('check-in-code').digest();
}

function toBase32(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let text = '';
  for (let index = 0; index < CODE_LENGTH; index += 1) {
    text = CROCKFORD.charAt(Number(value % 32n)) + text;
    value /= 32n;
  }
  return text;
}

function fromBase32(text: string): Buffer | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = CROCKFORD.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 32n + BigInt(digit);
  }
  if (value >= 1n << 128n) return undefined;
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}

const ulidBytes = (id: string) => fromBase32(id.toUpperCase());
const ulidText = (bytes: Buffer) => toBase32(bytes).toLowerCase();

export function checkInCode(secretKey: string, registrationId: string): string {
  const bytes = ulidBytes(registrationId);
  if (!bytes || !ULID_PATTERN.test(registrationId)) {
    throw new TypeError('A check-in code is made from a registration id (a ULID).');
  }
  const cipher = createCipheriv('aes-256-ecb', blockKey(secretKey), null).setAutoPadding(false);
  const code = toBase32(Buffer.concat([cipher.update(bytes), cipher.final()]));
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * The registration id a code stands for; undefined for anything that is not a code. A code typed
 * by hand may have other separators or lower case, and the letters people confuse (O, I, L).
 */
export function registrationIdOfCode(secretKey: string, code: string): string | undefined {
  const text = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (text.length !== CODE_LENGTH) return undefined;
  const block = fromBase32(text);
  if (!block) return undefined;
  const decipher = createDecipheriv('aes-256-ecb', blockKey(secretKey), null).setAutoPadding(false);
  const id = ulidText(Buffer.concat([decipher.update(block), decipher.final()]));
  return ULID_PATTERN.test(id) ? id : undefined;
}
