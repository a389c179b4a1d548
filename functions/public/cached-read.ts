import type * as z from 'zod/mini';
import type { RouteWords } from '#functions/http/openapi.ts';
import { defineRoute } from '#functions/http/route.ts';

type CachedReadWords = Pick<RouteWords, 'summary' | 'description' | 'success'> & { tag?: string };

/**
 * A cached public read (ETag, If-None-Match, 304): 400 for a bad path or query, 404 for what does
 * not exist. Its words come as `WITH_ROUTE_DOCS && { … }` (see RouteDoc).
 */
export function cachedRead<Params extends z.ZodMiniType, Query extends z.ZodMiniType>(
  path: string,
  params: Params,
  query: Query,
  docs: CachedReadWords,
) {
  return defineRoute({
    method: 'get',
    path,
    params,
    query,
    docs: docs && {
      tag: 'Editions',
      ...docs,
      success: { ...docs.success, cached: true },
      problems: [400, 404],
    },
  });
}
