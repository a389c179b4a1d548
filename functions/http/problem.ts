import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { log } from '#functions/log.ts';
import {
  AlreadyRegisteredError,
  CheckInClosedError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RegistrationClosedError,
  RegistrationNotOfferedError,
  RegistrationNotOpenError,
  ReleaseBlockedError,
  TemporarilyUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  WaitlistFullError,
} from '#shared/errors.ts';
import { logError } from './request-log.ts';

/** RFC 9457 problem details: the only place where errors become responses. */

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  instance: string;
  errors?: FieldError[];
  /** `conflict` problems: the field or setting the conflict is about. */
  field?: string;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Each deliberate error, its problem type (a path under /problems/), title and status. Each type
 * URI is a page that explains the problem and what to do (functions/pages/problems.ts).
 */
const PROBLEM_TYPES = [
  [InvalidRequestError, 'invalid-request', 'The request is not valid', 400],
  [UnauthorizedError, 'unauthorized', 'Authentication required', 401],
  [ForbiddenError, 'forbidden', 'Not allowed', 403],
  [RegistrationNotOpenError, 'registration-not-open', 'Registration is not open yet', 403],
  [RegistrationClosedError, 'registration-closed', 'Registration is closed', 403],
  [NotFoundError, 'not-found', 'Not found', 404],
  [
    RegistrationNotOfferedError,
    'registration-not-offered',
    'This edition takes no registrations',
    404,
  ],
  [AlreadyRegisteredError, 'already-registered', 'Already registered', 409],
  [WaitlistFullError, 'waitlist-full', 'The waiting list is full', 409],
  [
    IdempotencyInFlightError,
    'idempotency-key-in-flight',
    'A request with this key is in progress',
    409,
  ],
  [CheckInClosedError, 'check-in-closed', 'Check-in is not open now', 409],
  [ConflictError, 'conflict', 'Conflicts with the current state', 409],
  [ReleaseBlockedError, 'release-has-lint-errors', 'The draft has lint errors', 409],
  [PreconditionFailedError, 'precondition-failed', 'Changed since you read it', 412],
  [PayloadTooLargeError, 'payload-too-large', 'The body is too large', 413],
  [UnsupportedMediaTypeError, 'unsupported-media-type', 'Unsupported content type', 415],
  [
    IdempotencyKeyReusedError,
    'idempotency-key-reused',
    'The key was used for another request',
    422,
  ],
  [PreconditionRequiredError, 'precondition-required', 'If-Match is required', 428],
  [TooManyRequestsError, 'too-many-requests', 'Too many requests', 429],
  [TemporarilyUnavailableError, 'temporarily-unavailable', 'Temporarily unavailable', 503],
] as const satisfies readonly (readonly [ErrorClass, string, string, ContentfulStatusCode])[];

const INTERNAL_ERROR = {
  slug: 'internal-error',
  title: 'Internal error',
  status: 500,
} as const;

/** The name of every problem type this API answers with: `/problems/<name>`. */
export type ProblemName = (typeof PROBLEM_TYPES)[number][1] | typeof INTERNAL_ERROR.slug;

/** Every problem type, by name, title and status, in the order of their statuses. */
export const PROBLEM_TYPE_LIST: readonly {
  slug: ProblemName;
  title: string;
  status: ContentfulStatusCode;
}[] = [
  ...PROBLEM_TYPES.map(([, slug, title, status]) => ({ slug, title, status })),
  INTERNAL_ERROR,
];

export function problemFor(error: unknown, instance: string): Problem {
  const known = PROBLEM_TYPES.find(([errorClass]) => error instanceof errorClass);
  if (!known || !(error instanceof Error)) {
    return {
      type: `/problems/${INTERNAL_ERROR.slug}`,
      title: INTERNAL_ERROR.title,
      status: INTERNAL_ERROR.status,
      detail: 'Something went wrong on our side; it has been logged. Please try again later.',
      instance,
    };
  }
  const [, slug, title, status] = known;
  return {
    type: `/problems/${slug}`,
    title,
    status,
    detail: error.message,
    instance,
    ...(error instanceof InvalidRequestError ? { errors: error.errors } : {}),
    ...(error instanceof ConflictError && error.field ? { field: error.field } : {}),
    ...(error instanceof ReleaseBlockedError || error instanceof CheckInClosedError
      ? error.extensions
      : {}),
  };
}

export function problemResponse(
  context: Context,
  problem: Problem,
  headers: Record<string, string> = {},
) {
  return context.body(JSON.stringify(problem), problem.status, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
  });
}

function problemHeaders(error: unknown): Record<string, string> {
  if (error instanceof UnauthorizedError) return { 'www-authenticate': 'Bearer' };
  if (
    error instanceof TemporarilyUnavailableError ||
    error instanceof IdempotencyInFlightError ||
    error instanceof TooManyRequestsError
  ) {
    return { 'retry-after': String(error.retryAfterSeconds) };
  }
  return {};
}

/**
 * The problem an error becomes and the headers it needs (Retry-After, WWW-Authenticate), logged
 * once: an unexpected error in full on the server, an unavailable dependency by name and code.
 */
export function reportError(
  error: Error,
  context: Context,
): { problem: Problem; headers: Record<string, string> } {
  const problem = problemFor(error, context.req.path);
  if (problem.status === 500) logError('unhandled error', error, context);
  if (error instanceof TemporarilyUnavailableError) {
    // What gave out (a throttle, a timeout, a refused connection): names and codes only.
    const cause = error.cause as { name?: unknown; code?: unknown } | undefined;
    log.warn('dependency unavailable', {
      method: context.req.method,
      path: context.req.path,
      causeName: typeof cause?.name === 'string' ? cause.name : undefined,
      causeCode: typeof cause?.code === 'string' ? cause.code : undefined,
    });
  }
  return { problem, headers: problemHeaders(error) };
}

export function handleError(error: Error, context: Context): Response {
  const { problem, headers } = reportError(error, context);
  return problemResponse(context, problem, headers);
}

export function handleNotFound(context: Context): Response {
  return problemResponse(
    context,
    problemFor(new NotFoundError(`No resource at ${context.req.path}.`), context.req.path),
  );
}
