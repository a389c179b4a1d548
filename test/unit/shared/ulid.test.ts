import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { monotonicUlid, ULID_PATTERN } from '#shared/ulid.ts';

/** The ids of events, mail, audit entries and registrations: ULIDs that sort in creation order. */

describe('monotonic ULIDs', () => {
  it('are 26 lower-case Crockford characters whose first ten are the given millisecond', () => {
    const at = new Date('2030-06-20T09:00:00.123Z');
    const id = monotonicUlid(at);
    expect(id).toMatch(ULID_PATTERN);
    expect(decodeTime(id.toUpperCase())).toBe(at.getTime());
  });

  it('count up within one millisecond, so that ids sort in the order they were made', () => {
    const at = new Date('2031-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 100 }, () => monotonicUlid(at));
    expect(new Set(ids).size).toBe(100);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keep the last time when the clock stands still or steps back', () => {
    const later = monotonicUlid(new Date('2032-01-01T00:00:01.000Z'));
    const earlier = monotonicUlid(new Date('2032-01-01T00:00:00.000Z'));
    expect(earlier > later).toBe(true);
    expect(earlier.slice(0, 10)).toBe(later.slice(0, 10));
  });
});
