import type { Context, Hono, MiddlewareHandler } from 'hono';
import type * as z from 'zod/mini';
import type { RouteDoc } from './openapi.ts';
import { noQuery, parseRequestPart, readJsonBody, singleValuedQuery } from './validate.ts';

/**
 * A route declared once: its method, path, request schemas, answers and words (a `RouteDoc`) sit
 * beside its handler, `serve` registers the handler under that method and path and validates the
 * request with those schemas, and the docs context makes the OpenAPI operation of the same
 * declaration (docs/operation.ts). Nothing here builds documentation: a function carries the
 * declarations it serves, not the code that turns them into OpenAPI.
 */

declare global {
  /**
   * Whether route declarations carry their documentation (`docs: WITH_ROUTE_DOCS && { … }`):
   * true here, defined false in the Lambda bundles (infra/bundling.ts), where esbuild then drops
   * the words and answer schemas, which only the OpenAPI document reads.
   */
  var WITH_ROUTE_DOCS: true;
}
globalThis.WITH_ROUTE_DOCS = true;

/** A declaration, its schemas kept in its type (what `serve` hands the handler is typed by them). */
export const defineRoute = <Route extends RouteDoc>(route: Route): Route => route;

type Output<Schema> = Schema extends z.ZodMiniType ? z.output<Schema> : Record<string, never>;

/** The request as the route declares it: path and query validated, the body read on demand. */
export interface RouteInput<Route extends RouteDoc> {
  params: Output<Route['params']>;
  query: Output<Route['query']>;
  /** The JSON body checked with the declared schema (415, 400 naming each field). */
  body(): Promise<Output<Route['body']>>;
}

/** `{name}` becomes `:name`; `{name}.ics` a parameter that ends in `.ics` (the suffix dropped). */
function honoRoute(path: string) {
  const suffixes: Record<string, string> = {};
  const hono = path.replace(/\{(\w+)\}(\.\w+)?/g, (_, name: string, suffix?: string) => {
    if (!suffix) return `:${name}`;
    suffixes[name] = suffix;
    return `:${name}{[^/]+\\${suffix}}`;
  });
  return { hono, suffixes };
}

/**
 * Registers a declared route on an app: the path parameters are checked with `params`, the query
 * with `query` (none declared: any query parameter is a 400 naming it), then the middleware runs
 * (a body limit), then the handler with what was checked.
 */
export function serve<Route extends RouteDoc>(
  app: Hono,
  route: Route,
  ...handlers: [
    ...middleware: MiddlewareHandler[],
    handler: (c: Context, input: RouteInput<Route>) => Response | Promise<Response>,
  ]
) {
  const { hono, suffixes } = honoRoute(route.path);
  const handler = handlers.pop() as (c: Context, input: RouteInput<Route>) => Promise<Response>;
  const middleware = handlers as MiddlewareHandler[];
  app.on(route.method.toUpperCase(), [hono], ...middleware, (c) => {
    const raw = c.req.param() as Record<string, string>;
    for (const [name, suffix] of Object.entries(suffixes)) {
      raw[name] = (raw[name] ?? '').slice(0, -suffix.length);
    }
    const params = route.params ? parseRequestPart(route.params, raw, 'path') : {};
    const query = parseRequestPart(
      route.query ?? noQuery,
      singleValuedQuery(c.req.queries()),
      'query',
    );
    return handler(c, {
      params,
      query,
      body: async () => {
        if (!route.body) throw new Error(`${route.method} ${route.path} declares no body`);
        return parseRequestPart(route.body, await readJsonBody(c), 'body');
      },
    } as RouteInput<Route>);
  });
}
