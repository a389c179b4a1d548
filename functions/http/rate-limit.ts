import { TooManyRequestsError } from '#shared/errors.ts';

/**
 * A token bucket per key, in this process: `burst` at once, then `perSecond`. Where it guards a
 * secret to be guessed (check-in codes), it slows guessing down; in AWS, API Gateway's route
 * throttle bounds all processes together.
 */
export function rateLimiter({
  burst,
  perSecond,
  clock = Date.now,
}: {
  burst: number;
  perSecond: number;
  clock?: () => number;
}) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return function take(key: string): void {
    const now = clock();
    const bucket = buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const wait = Math.ceil((1 - bucket.tokens) / perSecond);
      throw new TooManyRequestsError('Too many attempts: wait a moment and try again.', wait);
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
  };
}
