import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A monotonic ULID in lower case: 10 characters of milliseconds, then 16 random. Ids made in the
 * same millisecond by one process count up, so ids sort in creation order; a clock that stands
 * still or steps back keeps the last time.
 */
export function monotonicUlid(now: Date): string {
  let time = Math.max(now.getTime(), lastTime);
  if (time === lastTime) {
    lastRandom = incremented(lastRandom);
  } else {
    lastRandom = [...randomBytes(16)].map((byte) => byte % 32);
  }
  lastTime = time;
  let timePart = '';
  for (let i = 0; i < 10; i += 1) {
    timePart = CROCKFORD.charAt(time % 32) + timePart;
    time = Math.floor(time / 32);
  }
  return timePart + lastRandom.map((digit) => CROCKFORD.charAt(digit)).join('');
}

function incremented(digits: number[]): number[] {
  const next = [...digits];
  for (let index = next.length - 1; index >= 0; index -= 1) {
    next[index] = ((next[index] ?? 0) + 1) % 32;
    if (next[index] !== 0) return next;
  }
  return next;
}

export const ULID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;
