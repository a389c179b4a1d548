import * as z from 'zod/mini';
import type { HeaderDoc, RouteDoc, RouteWords, Schema } from '#functions/http/openapi.ts';
import { urlIntegerBounds } from '#functions/http/validate.ts';

/**
 * How one declared route becomes an OpenAPI operation, and the JSON Schemas of what it takes and
 * answers. Only the docs context (and `npm run openapi`) carries this: the API functions carry
 * their route declarations, not the code that documents them.
 */

/** RFC 9457, as functions/http/problem.ts writes it; each `type` is a page (pages/problems.ts). */
export const problemSchema = z
  .object({
    type: z.string().register(z.globalRegistry, {
      description:
        'A path under /problems/ (e.g. `/problems/invalid-request`): a page that says what the problem means and what to do. [/problems](/problems) lists every type.',
    }),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.optional(
      z.array(
        z.object({
          name: z.string(),
          in: z.enum(['path', 'query', 'header', 'body']),
          detail: z.string(),
        }),
      ),
    ),
    field: z.optional(
      z.string().register(z.globalRegistry, {
        description:
          '`/problems/conflict` only, when one is at the root of it: the field or setting that conflicts (`seats`, `capacity`, `status`)',
      }),
    ),
    window: z.optional(
      z
        .object({
          date: z.string(),
          opensAt: z.string(),
          closesAt: z.string(),
          timeZone: z.string(),
        })
        .register(z.globalRegistry, {
          description:
            '`/problems/check-in-closed` only: the next check-in window, or the last one when all are over, in the edition’s zone',
        }),
    ),
  })
  .register(z.globalRegistry, {
    description:
      'An RFC 9457 problem. Its `type` resolves to a page explaining it and what to do ([/problems](/problems) lists them all).',
  });

const ifNoneMatchHeader: HeaderDoc = {
  name: 'If-None-Match',
  description: 'An ETag from an earlier answer: 304 when nothing changed.',
  schema: z.optional(z.string()),
};

const PROBLEM_REF = '#/components/schemas/Problem';

/** What each problem status means here, for the operation descriptions. */
const PROBLEM_MEANINGS: Record<number, string> = {
  400: 'a path, query, header or body value is invalid (each named in `errors`)',
  401: 'no valid organizer token',
  403: 'the token is not of the organizers group, or the registration window is closed',
  404: 'no such edition or item (also for a wrong manage token)',
  409: 'it conflicts with the current state',
  412: '`If-Match` is not the current ETag: read again',
  413: 'the body is too large',
  415: 'the body is not JSON',
  422: 'the `Idempotency-Key` was used with another body',
  428: '`If-Match` is missing',
  429: 'too many attempts: wait `Retry-After` seconds',
  503: 'the database is unavailable: retry after `Retry-After` seconds',
};

function describe(route: RouteDoc, problems: number[]): string {
  const who = route.docs.security
    ? `Needs \`Authorization: Bearer\` with ${route.docs.security === 'organizer' ? 'an organizer token' : 'the manage token'}.`
    : 'Public: no authentication.';
  const cached = route.docs.success.cached
    ? ' Cached: the answer has an ETag; send it as `If-None-Match` to get a 304 while nothing changed.'
    : '';
  const failures = problems
    .map((status) => `${status}: ${PROBLEM_MEANINGS[status] ?? 'see the problem detail'}`)
    .join('; ');
  return `${route.docs.description ? `${route.docs.description}\n\n` : ''}${who}${cached} Problems (RFC 9457): ${failures}.`;
}

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses) of what a client sends or receives. */
export function jsonSchema(schema: Schema): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema: generated }) => {
      // What the server takes when a value is left out (zod leaves it out of input schemas).
      const { def } = zodSchema._zod;
      if (def.type === 'default') generated.default = def.defaultValue;
      const integer = urlIntegerBounds(zodSchema);
      if (!integer) return;
      // The text's own keywords go; what describes the value (default, description) stays.
      for (const key of ['type', 'pattern', 'anyOf', 'allOf', 'format']) delete generated[key];
      Object.assign(generated, { type: 'integer', ...integer });
    },
  }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: Schema | undefined, location: 'path' | 'query') {
  if (!schema || !(schema instanceof z.ZodMiniObject)) return [];
  return Object.entries(schema.shape as Record<string, Schema>).map(([name, property]) => {
    const optional = property._zod.optin === 'optional' || property._zod.optin === 'defaulted';
    return {
      name,
      in: location,
      required: location === 'path' || !optional,
      schema: jsonSchema(property),
    };
  });
}

/** "get /editions/{year}/talks" -> "getEditionsYearTalks". */
function operationId(route: RouteDoc) {
  return `${route.method}${route.path
    .replace(/[{}.]/g, '')
    .replace(/\/(\w)/g, (_, char: string) => char.toUpperCase())
    .replace(/\W/g, '')}`;
}

/** The success answer's headers: ETag when cached, and those the route names. */
function successHeaders(success: RouteWords['success']) {
  const headers: Record<string, unknown> = {
    ...(success.cached ? { ETag: { schema: { type: 'string' } } } : {}),
  };
  for (const header of success.headers ?? []) {
    headers[header.name] = { description: header.description, schema: jsonSchema(header.schema) };
  }
  return Object.keys(headers).length > 0 ? { headers } : {};
}

/** One route as an OpenAPI operation object. */
export function operation(route: RouteDoc) {
  const { success } = route.docs;
  if (route.body && route.docs.example === undefined) {
    throw new Error(`${route.method} ${route.path}: a request body needs an example`);
  }
  const responses: Record<string, unknown> = {
    [success.status]: {
      description: success.description,
      ...successHeaders(success),
      content: {
        [success.contentType ?? 'application/json']: success.schema
          ? { schema: jsonSchema(success.schema) }
          : {},
      },
    },
    ...(success.cached ? { 304: { description: 'Not modified (If-None-Match)' } } : {}),
  };
  const problems = new Set([400, ...route.docs.problems]);
  if (route.body) for (const status of [413, 415]) problems.add(status);
  if (route.docs.database !== false) problems.add(503);
  const statuses = [...problems].sort();
  for (const status of statuses) {
    responses[status] = {
      description: 'Problem (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
    };
  }
  const headers = [
    ...(route.docs.headers ?? []),
    ...(success.cached ? [ifNoneMatchHeader] : []),
  ].map((header) => ({
    name: header.name,
    in: 'header',
    required: false,
    description: header.description,
    schema: jsonSchema(header.schema),
  }));
  return {
    tags: [route.docs.tag],
    summary: route.docs.summary,
    description: describe(route, statuses),
    operationId: operationId(route),
    parameters: [
      ...parameters(route.params, 'path'),
      ...parameters(route.query, 'query'),
      ...headers,
    ],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchema(route.body), example: route.docs.example },
              ...(route.docs.form
                ? {
                    'application/x-www-form-urlencoded': {
                      schema: jsonSchema(route.docs.form.schema),
                      example: route.docs.form.example,
                    },
                  }
                : {}),
            },
          },
        }
      : {}),
    // An empty list says "no authentication" outright, rather than leaving it unsaid.
    security: route.docs.security ? [{ [route.docs.security]: [] }] : [],
    responses,
  };
}
