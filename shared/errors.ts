/**
 * Errors the apps raise on purpose. Each becomes one RFC 9457 problem type in
 * functions/http/problem.ts; nothing else maps errors to responses.
 */

export interface FieldError {
  /** The field's name as the client sent it: "year", "segment", "email". */
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  detail: string;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  readonly errors: FieldError[];

  constructor(errors: FieldError[]) {
    super(errors.map((error) => `${error.name}: ${error.detail}`).join('; '));
    this.errors = errors;
  }
}
