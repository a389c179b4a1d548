import { createHash, timingSafeEqual } from 'node:crypto';
import { ORIGIN_VERIFY_HEADER } from '#functions/contract.ts';
import { log } from '#functions/log.ts';

/**
 * Behind CloudFront, a request is the front door's only if it carries the origin secret in
 * `x-origin-verify` (CloudFront adds it; a viewer's own header of that name is overwritten).
 * Anything else reached the execute-api URL directly, past the web ACL, and is refused.
 *
 * The accepted values are the secret's current and previous versions: after a rotation
 * (put-secret-value), CloudFront sends the previous one until the next deploy, the current one
 * after it. A value the check does not know makes it read the secret again, at most once per
 * `refreshMs`, so that a rotation reaches warm functions without letting a flood of wrong
 * headers turn into a flood of Secrets Manager calls.
 */

/** Reads the accepted values: the current one first. */
export type OriginSecretSource = () => Promise<readonly string[]>;

/** True when the request came through the front door. */
export type OriginCheck = (request: Request) => boolean | Promise<boolean>;

/** How often an unknown header may make the check read the secret again. */
const ORIGIN_SECRET_REFRESH_MS = 60_000;

/** After a failed read (Secrets Manager unreachable), the next request may try again this soon. */
const FAILED_READ_RETRY_MS = 1_000;

const digest = (value: string) => createHash('sha256').update(value).digest();

export function originCheck(
  read: OriginSecretSource,
  options: { refreshMs?: number; clock?: () => number } = {},
): OriginCheck {
  const refreshMs = options.refreshMs ?? ORIGIN_SECRET_REFRESH_MS;
  const clock = options.clock ?? Date.now;
  let accepted: Buffer[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  const refresh = () => {
    reading ??= read()
      .then((values) => {
        accepted = values.filter((value) => value.length > 0).map(digest);
        readAt = clock();
      })
      .catch((error: unknown) => {
        // Refused meanwhile: nothing is served that the check cannot vouch for.
        readAt = clock() - refreshMs + FAILED_READ_RETRY_MS;
        log.warn('origin secret not read', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  // Equal-length digests, compared in constant time: the header's bytes say nothing by timing.
  const known = (given: Buffer) => accepted.some((value) => timingSafeEqual(value, given));

  return (request) => {
    const header = request.headers.get(ORIGIN_VERIFY_HEADER);
    if (!header) return false;
    const given = digest(header);
    if (known(given)) return true;
    if (clock() - readAt < refreshMs) return false;
    return refresh().then(() => known(given));
  };
}
