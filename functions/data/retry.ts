import { TemporarilyUnavailableError } from '#shared/errors.ts';

/**
 * Bounded retries with full-jitter backoff for what DynamoDB says is passing: throttling,
 * conflicting transactions, timeouts, its own 5xx. After the last attempt the caller gets a
 * TemporarilyUnavailableError (503 with Retry-After). Anything else is thrown at once.
 */

const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const TRANSIENT_CANCELLATION_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

interface CancellationReason {
  Code?: string;
}

export function cancellationCodes(error: unknown): (string | undefined)[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code);
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_ERRORS.has(error.name)) return true;
  const codes = cancellationCodes(error);
  return codes.some((code) => code !== undefined && TRANSIENT_CANCELLATION_CODES.has(code));
}

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(
  operation: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { maxAttempts = 5, baseDelayMs = 20, maxDelayMs = 400 } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new TemporarilyUnavailableError(
          'The database is busy right now. Please retry in a moment.',
          1,
          { cause: error },
        );
      }
      await sleep(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
    }
  }
}
