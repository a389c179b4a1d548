import * as z from 'zod/mini';
import { type FieldError, InvalidRequestError } from '#shared/errors.ts';

/**
 * Request validation with zod/mini: tree-shakable, so a function bundle carries only the checks
 * it uses (the full zod is ~25 times larger). Messages never repeat the input, which may be
 * personal data.
 */

function requestMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `expected ${issue.expected}, but it is missing`
        : `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      return `expected a valid ${issue.format}`;
    case 'too_small':
      return `expected at least ${issue.minimum}`;
    case 'too_big':
      return `expected at most ${issue.maximum}`;
    default:
      return 'expected a valid value';
  }
}

/** Validates one part of a request, turning zod issues into field errors named as sent. */
export function parseRequestPart<Schema extends z.ZodMiniType>(
  schema: Schema,
  input: unknown,
  location: FieldError['in'],
): z.output<Schema> {
  const result = z.safeParse(schema, input, { error: requestMessage });
  if (result.success) return result.data;
  throw new InvalidRequestError(
    result.error.issues.flatMap((issue): FieldError[] =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ name: key, in: location, detail: 'unknown parameter' }))
        : [{ name: issue.path.join('.') || location, in: location, detail: issue.message }],
    ),
  );
}

/** Query strings as single values: a repeated parameter is an error, not a silent pick. */
export function singleValuedQuery(queries: Record<string, string[]>): Record<string, string> {
  const repeated = Object.entries(queries).filter(([, values]) => values.length > 1);
  if (repeated.length > 0) {
    throw new InvalidRequestError(
      repeated.map(([name]) => ({ name, in: 'query', detail: 'expected a single value' })),
    );
  }
  return Object.fromEntries(
    Object.entries(queries).map(([name, values]) => [name, values[0] ?? '']),
  );
}

/** The {year} path parameter every edition route has. */
export const editionPath = z.object({
  year: z.pipe(
    z.string().check(z.regex(/^\d{4}$/, 'expected a four-digit year, e.g. 2020')),
    z.transform(Number),
  ),
});

export const noQuery = z.strictObject({});
