import { monotonicFactory } from 'ulid';

// Pure: a bundle that only checks ids against ULID_PATTERN leaves the package out.
const next = /* @__PURE__ */ monotonicFactory();

/**
 * A monotonic ULID in lower case (the `ulid` package's monotonic factory): 10 characters of
 * milliseconds, then 16 random. Ids made in the same millisecond by one process count up, so ids
 * sort in creation order; a clock that stands still or steps back keeps the last time.
 */
export function monotonicUlid(now: Date): string {
  return next(now.getTime()).toLowerCase();
}

export const ULID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;
