import { TemporarilyUnavailableError } from '#shared/errors.ts';

/**
 * What stands between the stores and DynamoDB on every call (client.ts):
 *
 * - an in-flight limit: at most N calls on the wire; the others wait in the process, earliest
 *   deadline first, so that a request already under way finishes before a newer one starts and a
 *   burst completes request by request instead of all at the end. A call waits no longer than its
 *   request's deadline. The request timeout of a call starts only when it leaves the queue.
 * - a circuit breaker: after a few consecutive timeouts or refused connections the database is
 *   taken as down, and every call fails at once with a 503 for a short cool-down instead of
 *   each waiting out its own timeout; then one probe call goes through and decides.
 */

export class QueueTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export function inFlightLimit(limit: number) {
  let inFlight = 0;
  // Sorted by deadline; entries are removed when granted or timed out.
  const waiting: { deadline: number; grant: () => void }[] = [];
  return {
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return waiting.length;
    },
    async acquire(deadline: number): Promise<void> {
      if (inFlight < limit && waiting.length === 0) {
        inFlight += 1;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const entry = {
          deadline,
          grant: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(
          () => {
            waiting.splice(waiting.indexOf(entry), 1);
            reject(new QueueTimeoutError('No DynamoDB connection came free before the deadline.'));
          },
          Math.max(0, deadline - Date.now()),
        );
        const at = waiting.findIndex((other) => other.deadline > deadline);
        waiting.splice(at < 0 ? waiting.length : at, 0, entry);
      });
    },
    release(): void {
      const next = waiting.shift();
      if (next) next.grant();
      else inFlight -= 1;
    },
  };
}

/** A 503 at once, never retried: the circuit is open. */
export class DatabaseUnavailableError extends TemporarilyUnavailableError {}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  coolDownMs: number;
  now?: () => number;
}

export function circuitBreaker({ threshold, coolDownMs, now = Date.now }: CircuitBreakerOptions) {
  let failures = 0;
  let openUntil = 0;
  let probing = false;
  return {
    get open() {
      return failures >= threshold;
    },
    /** Throws while the circuit is open; returns whether this call is the one probe. */
    admit(): { probe: boolean } {
      if (failures < threshold) return { probe: false };
      const wait = openUntil - now();
      if (wait > 0 || probing) {
        throw new DatabaseUnavailableError(
          'The database is not answering. Please retry in a moment.',
          Math.max(1, Math.ceil(wait / 1000)),
        );
      }
      probing = true;
      return { probe: true };
    },
    /** Any answer from the database counts, a refused condition or a throttle too. */
    succeeded(probe: boolean): void {
      if (probe) probing = false;
      failures = 0;
    },
    failed(probe: boolean): void {
      if (probe) probing = false;
      failures += 1;
      if (failures >= threshold) openUntil = now() + coolDownMs;
    },
  };
}
