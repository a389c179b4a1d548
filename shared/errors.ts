/**
 * Errors the apps raise on purpose. Each becomes one RFC 9457 problem type in
 * functions/http/problem.ts; nothing else maps errors to responses. Messages become the problem's
 * `detail`: they never carry personal data.
 */

export interface FieldError {
  /** The field's name as the client sent it: "year", "segment", "email". */
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  detail: string;
}

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(errors.map((error) => `${error.name}: ${error.detail}`).join('; '));
    this.errors = errors;
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

export class UnsupportedMediaTypeError extends Error {
  override readonly name = 'UnsupportedMediaTypeError';
}

export class RegistrationNotOfferedError extends Error {
  override readonly name = 'RegistrationNotOfferedError';
}

export class RegistrationNotOpenError extends Error {
  override readonly name = 'RegistrationNotOpenError';
}

export class RegistrationClosedError extends Error {
  override readonly name = 'RegistrationClosedError';
}

export class AlreadyRegisteredError extends Error {
  override readonly name = 'AlreadyRegisteredError';
}

export class WaitlistFullError extends Error {
  override readonly name = 'WaitlistFullError';
}

export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
}

/** Another request holds the key; it lets go at the latest after `retryAfterSeconds`. */
export class IdempotencyInFlightError extends Error {
  override readonly name = 'IdempotencyInFlightError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** DynamoDB stayed busy (throttled, conflicting transactions, timeouts) after bounded retries. */
export class TemporarilyUnavailableError extends Error {
  override readonly name = 'TemporarilyUnavailableError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request contradicts the resource's current state (an id taken, a last item removed). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  /** The field or setting the conflict is about (`seats`, `capacity`, `status`), when one is. */
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** If-Match named another version than the current one: someone else changed it first. */
export class PreconditionFailedError extends Error {
  override readonly name = 'PreconditionFailedError';
}

/** A write to an editable resource came without If-Match. */
export class PreconditionRequiredError extends Error {
  override readonly name = 'PreconditionRequiredError';
}

/** The draft has lint errors; releasing it needs `force` with a reason. */
export class ReleaseBlockedError extends Error {
  override readonly name = 'ReleaseBlockedError';
  readonly extensions: Record<string, unknown>;

  constructor(message: string, findings: unknown[]) {
    super(message);
    this.extensions = { findings };
  }
}

/** Too many attempts in a short time (guessing check-in codes); come back after a while. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds = 1) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A check-in outside the door's window; `extensions.window` names the one it missed. */
export class CheckInClosedError extends Error {
  override readonly name = 'CheckInClosedError';
  readonly extensions: Record<string, unknown>;

  constructor(message: string, window: Record<string, string>) {
    super(message);
    this.extensions = { window };
  }
}
