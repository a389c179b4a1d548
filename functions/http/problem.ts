import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FieldError, InvalidRequestError, NotFoundError } from '#shared/errors.ts';
import { logError } from './log.ts';

/** RFC 9457 problem details: the only place where errors become responses. */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

const problemType = (slug: string) => `/problems/${slug}`;

export function problemFor(error: unknown, instance: string): Problem {
  if (error instanceof InvalidRequestError) {
    return {
      type: problemType('invalid-request'),
      title: 'The request is not valid',
      status: 400,
      detail: error.message,
      instance,
      errors: error.errors,
    };
  }
  if (error instanceof NotFoundError) {
    return {
      type: problemType('not-found'),
      title: 'Not found',
      status: 404,
      detail: error.message,
      instance,
    };
  }
  return {
    type: problemType('internal-error'),
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side; it has been logged. Please try again later.',
    instance,
  };
}

export function problemResponse(context: Context, problem: Problem): Response {
  return context.body(JSON.stringify(problem), problem.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}

export function handleError(error: Error, context: Context): Response {
  const problem = problemFor(error, context.req.path);
  if (problem.status >= 500) logError('unhandled error', error, context);
  return problemResponse(context, problem);
}

export function handleNotFound(context: Context): Response {
  return problemResponse(
    context,
    problemFor(new NotFoundError(`No resource at ${context.req.path}.`), context.req.path),
  );
}
