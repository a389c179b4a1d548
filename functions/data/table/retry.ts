import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TemporarilyUnavailableError } from '#shared/errors.ts';

/**
 * Bounded retries with full-jitter backoff for what is passing: throttling, conflicting
 * transactions, DynamoDB's own 5xx, timeouts and network errors (connection refused or reset, a
 * database that does not answer). Retries stop at a deadline: the request's (see
 * `withRequestDeadline`) or, outside a request, `RETRY_BUDGET_MS` from the first attempt. Then the
 * caller gets a TemporarilyUnavailableError (503 with Retry-After). Anything else is thrown at once.
 *
 * Every DynamoDB call is retried so, in one place: the client's `retries` middleware (client.ts)
 * runs each `send` through `retried`, so the stores call `client.send` as it is. The few writes
 * that a second attempt could apply twice run inside `withoutRetries` and look after themselves.
 *
 * The worst case for one request in Lambda is its deadline plus one attempt's `requestTimeoutMs`
 * (client.ts): 6 s + 2 s, below the functions' 10 s timeout and API Gateway's 30 s. A database
 * that does not answer at all opens the circuit (flow-control.ts) and ends requests sooner.
 */

/**
 * How long one HTTP request may spend waiting on DynamoDB, queueing and retries included. In
 * Lambda each instance serves one request at a time; the local server serves every request in one
 * process over one DynamoDB Local, where a burst queues, so it gives requests longer.
 */
export const REQUEST_BUDGET_MS = 6_000;
export const LOCAL_REQUEST_BUDGET_MS = 20_000;
/** The budget of one call made outside any request (publishing, stream handlers). */
const RETRY_BUDGET_MS = 4_000;

const TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node's codes for a peer that is gone, refuses, resets or does not answer. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

const TRANSIENT_CANCELLATION_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

function cancellationReasons(error: unknown): CancellationReason[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return [];
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

export function cancellationCodes(error: unknown): (string | undefined)[] {
  return cancellationReasons(error).map((reason) => reason.Code);
}

/**
 * The item that the action at `index` of a cancelled transaction found, if that action failed its
 * condition and asked for it (ReturnValuesOnConditionCheckFailure). The document client leaves it
 * marshalled.
 */
export function conditionFailureItem(
  error: unknown,
  index: number,
): Record<string, unknown> | undefined {
  const reason = cancellationReasons(error)[index];
  return reason?.Code === 'ConditionalCheckFailed' && reason.Item
    ? unmarshall(reason.Item)
    : undefined;
}

/** No answer at all: a timeout, a refused or broken connection. */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError') return true;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  return error.cause !== undefined && error.cause !== error && isUnreachable(error.cause);
}

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_ERRORS.has(error.name) || isUnreachable(error)) return true;
  const { $metadata } = error as { $metadata?: { httpStatusCode?: number } };
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  const codes = cancellationCodes(error);
  return codes.some((code) => code !== undefined && TRANSIENT_CANCELLATION_CODES.has(code));
}

const requestDeadline = new AsyncLocalStorage<number>();

/** Runs `work` with a deadline that every retry below it honours. */
export function withRequestDeadline<T>(budgetMs: number, work: () => Promise<T>): Promise<T> {
  return requestDeadline.run(Date.now() + budgetMs, work);
}

/** The deadline for new attempts: the request's, else `budgetMs` from now. */
export function deadlineFrom(budgetMs = RETRY_BUDGET_MS): number {
  return requestDeadline.getStore() ?? Date.now() + budgetMs;
}

interface RetryOptions {
  /** No attempt starts after this instant (ms since the epoch). */
  deadline?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random wait up to min(cap, base × 2^attempt). */
export function backoffDelay(attempt: number, baseDelayMs = 20, maxDelayMs = 400): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

export function unavailable(cause?: unknown): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError(
    'The database is busy or unreachable right now. Please retry in a moment.',
    1,
    cause === undefined ? undefined : { cause },
  );
}

async function withRetries<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    deadline = deadlineFrom(),
    maxAttempts = 5,
    baseDelayMs = 20,
    maxDelayMs = 400,
  } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = backoffDelay(attempt, baseDelayMs, maxDelayMs);
      if (attempt >= maxAttempts || Date.now() + delay >= deadline) throw unavailable(error);
      await sleep(delay);
    }
  }
}

const attemptOnce = new AsyncLocalStorage<boolean>();

/**
 * Runs `work` with its DynamoDB calls attempted once: for a write without a `ClientRequestToken`
 * whose lost answer a retry could not tell from a refusal (a numbered release, whose retry would
 * take the next number). What is passing is still a 503, never retried here.
 */
export function withoutRetries<T>(work: () => Promise<T>): Promise<T> {
  return attemptOnce.run(true, work);
}

/** One DynamoDB call as the client's middleware makes it: retried, unless in `withoutRetries`. */
export function retried<T>(attempt: () => Promise<T>): Promise<T> {
  if (!attemptOnce.getStore()) return withRetries(attempt);
  return attempt().catch((error: unknown) => {
    throw isTransient(error) ? unavailable(error) : error;
  });
}
