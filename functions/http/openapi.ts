import * as z from 'zod/mini';
import { cursorParameter } from './cursor.ts';

/**
 * How a bounded context declares its routes (route.ts serves them, the docs context makes the
 * OpenAPI 3.1 document of them: docs/operation.ts), with the same zod schemas its handlers
 * validate with, and the answer schemas several contexts share.
 */

export type Schema = z.ZodMiniType;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HeaderDoc {
  name: string;
  description: string;
  schema: Schema;
}

/**
 * A route as a bounded context declares it: what serving it needs (method, path, the request's
 * schemas), and its `docs`, which only the OpenAPI document reads. Declarations write
 * `docs: WITH_ROUTE_DOCS && { … }`: the Lambda bundles define WITH_ROUTE_DOCS as false
 * (infra/bundling.ts), so the words and answer schemas stay out of every function.
 */
export interface RouteDoc {
  method: Method;
  /** OpenAPI's syntax: `/editions/{year}`. */
  path: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  docs: RouteWords;
}

/** What a route's documentation says of it, beside what serving it needs. */
export interface RouteWords {
  tag: string;
  summary: string;
  /** More than the summary says; who may call it, caching and problems are added to it. */
  description?: string;
  headers?: HeaderDoc[];
  /** A request body that the body schema accepts: shown in the docs, checked by a test. */
  example?: unknown;
  /**
   * The same operation as an HTML form posts it (`application/x-www-form-urlencoded`). Its answers
   * are pages, said in the description: as response content types they would turn the typed
   * client's `data` and `error` into `unknown` (openapi-fetch joins every media type).
   */
  form?: { schema: Schema; example: Record<string, string> };
  /** The name of a security scheme of the same description; none: a public operation. */
  security?: string;
  /** False for the routes that never read the database (no 503). */
  database?: boolean;
  success: {
    status: number;
    description: string;
    schema?: Schema;
    contentType?: string;
    /** ETag, If-None-Match and 304. */
    cached?: boolean;
    /** Headers of the success answer besides ETag (Location of a created resource). */
    headers?: HeaderDoc[];
  };
  /** The problems particular to the route; 400, 413, 415 and 503 follow from what it takes. */
  problems: number[];
}

interface SecuritySchemeDoc {
  type: 'http';
  scheme: 'bearer';
  bearerFormat?: string;
  description: string;
}

/** What one bounded context serves. */
export interface ApiDescription {
  tags: { name: string; description: string }[];
  routes: RouteDoc[];
  securitySchemes?: Record<string, SecuritySchemeDoc>;
}

export const isoInstant = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/));
export const isoWithMillis = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/));
export const nullableString = z.nullable(z.string());

/** The envelope of every paged list (validate.ts `pageOf`, the organizer lists). */
export function pageSchema<Item extends Schema>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.nullable(cursorParameter),
    limit: z.int(),
  });
}

/** A schedule release as both the public list and an organizer's release answer it. */
export const releaseSchema = z.object({
  number: z.int(),
  name: z.string(),
  comment: z.string(),
  releasedAt: isoWithMillis,
  origin: z.enum(['file', 'api', 'speaker']),
  forced: z.boolean(),
  forceReason: z.optional(z.string()),
  releasedBy: z.optional(z.string()),
});
