import type { Context } from 'hono';
import * as z from 'zod/mini';
import { type FieldError, InvalidRequestError, UnsupportedMediaTypeError } from '#shared/errors.ts';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '#shared/slug.ts';
import { type Cursors, cursorParameter, publicCursors } from './cursor.ts';

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

const SLUG_DETAIL = `expected a lower-case id of letters, digits and hyphens, at most ${MAX_SLUG_LENGTH} characters`;

/**
 * A readable id: talks, speakers, sessions, breaks, segments; in paths, queries and bodies alike.
 * Ids become parts of DynamoDB keys (at most 1,024 bytes): the bound keeps every one far below.
 */
export const slugId = z
  .string()
  .check(
    z.maxLength(MAX_SLUG_LENGTH, { error: SLUG_DETAIL, abort: true }),
    z.regex(SLUG_PATTERN, SLUG_DETAIL),
  );

/** The {year} path parameter every edition route has. */
/**
 * Whole numbers in a URL (a year, a page size): checked as the text they arrive as, documented
 * in OpenAPI as the integers they stand for, so that generated clients take numbers.
 */
const URL_INTEGERS = new WeakMap<object, { minimum?: number; maximum?: number }>();

export function urlInteger(
  pattern: RegExp,
  message: string,
  bounds: { minimum?: number; maximum?: number } = {},
) {
  const checked = z.pipe(
    z.string().check(z.regex(pattern, message)),
    z.pipe(
      z.transform(Number),
      z
        .number()
        .check(
          ...(bounds.minimum === undefined ? [] : [z.minimum(bounds.minimum, message)]),
          ...(bounds.maximum === undefined ? [] : [z.maximum(bounds.maximum, message)]),
        ),
    ),
  );
  URL_INTEGERS.set(checked, bounds);
  return checked;
}

/** The bounds of a schema made by `urlInteger`; undefined for any other schema. */
export const urlIntegerBounds = (schema: object) => URL_INTEGERS.get(schema);

export const editionPath = z.object({
  year: urlInteger(/^\d{4}$/, 'expected a four-digit year, e.g. 2020', {
    minimum: 1000,
    maximum: 9999,
  }),
});

export const noQuery = z.strictObject({});

/** The Idempotency-Key header of a retry-safe POST (registrations, announcements). */
export const idempotencyKey = z.optional(
  z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/, 'expected 1 to 255 visible ASCII characters')),
);

/** The Idempotency-Key a request sent, if any; a malformed one is a 400 naming the header. */
export function idempotencyKeyOf(context: Context): string | undefined {
  return parseRequestPart(
    z.object({ 'idempotency-key': idempotencyKey }),
    { 'idempotency-key': context.req.header('idempotency-key') },
    'header',
  )['idempotency-key'];
}

const LIMIT_MESSAGE = 'expected a whole number from 1 to 100';

/** `limit` and `cursor`, the query of every list: at most 100 items a page. */
export function pageQuery(defaultLimit: number) {
  return {
    limit: z._default(
      urlInteger(/^\d{1,3}$/, LIMIT_MESSAGE, { minimum: 1, maximum: 100 }),
      defaultLimit,
    ),
    cursor: z.optional(cursorParameter),
  };
}

/**
 * One page of a list held in memory. The cursor names the last item of the previous page, bound
 * to the list by `scope` (kind, edition, filters): a cursor of another list is a 400.
 */
export function pageOf<Item>(
  items: Item[],
  idOf: (item: Item) => string,
  { limit, cursor }: { limit: number; cursor?: string | undefined },
  scope: string,
  cursors: Cursors = publicCursors,
) {
  let start = 0;
  if (cursor !== undefined) {
    const after = cursors.position(scope, cursor);
    const index = items.findIndex((item) => idOf(item) === after);
    if (index < 0) {
      throw new InvalidRequestError([
        {
          name: 'cursor',
          in: 'query',
          detail:
            'the item this cursor follows is no longer in the list: start from the first page',
        },
      ]);
    }
    start = index + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < items.length && last !== undefined;
  return {
    items: page,
    nextCursor: more ? cursors.after(scope, idOf(last)) : null,
    limit,
  };
}

/** How deeply arrays and objects may nest in a request body; no request needs more than ~10. */
const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of arrays and objects in a JSON text, counted in one pass before parsing
 * (brackets inside strings do not count): JSON.parse and every walk over the result recurse, and
 * thousands of levels overflow the stack. Stops counting once past `limit`.
 */
function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index += 1; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return false;
}

/** A JSON request body: 415 for another content type, 400 for broken or too deeply nested JSON. */
export async function readJsonBody(context: Context): Promise<unknown> {
  const type = context.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new UnsupportedMediaTypeError('Send the body as Content-Type: application/json.');
  }
  const text = await context.req.text();
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new InvalidRequestError([
      {
        name: 'body',
        in: 'body',
        detail: `expected JSON nested at most ${MAX_JSON_DEPTH} levels deep (arrays and objects)`,
      },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError([{ name: 'body', in: 'body', detail: 'expected a JSON object' }]);
  }
}
