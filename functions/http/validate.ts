import { z } from 'zod';
import { type FieldError, InvalidRequestError } from '#shared/errors.ts';

/** Validates one part of a request, turning zod issues into field errors named as sent. */
export function parseRequestPart<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  location: FieldError['in'],
): z.output<Schema> {
  const result = schema.safeParse(input);
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
  year: z
    .string()
    .regex(/^\d{4}$/, 'expected a four-digit year, e.g. 2020')
    .transform(Number),
});
