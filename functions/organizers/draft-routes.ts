import type { Context, Hono } from 'hono';
import type * as z from 'zod/mini';
import { ifMatchVersions } from '#functions/http/caching.ts';
import { parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { resourceVersion } from '#shared/draft/versions.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import type { AgendaService } from './agenda-service.ts';

/**
 * The two shapes every draft resource route has. A read answers the resource with its ETag. An
 * edit validates path and body, goes through the agenda service (If-Match checked when it changes
 * an existing resource, the draft saved, audited and linted) and answers the changed resource
 * with its new ETag and the lint findings, or what it removed.
 */

/** Strips undefined fields zod/mini leaves for absent optional keys. */
export const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

function respond(c: Context, status: 200 | 201, resource: unknown, body: Record<string, unknown>) {
  if (resource !== undefined) c.header('etag', `"${resourceVersion(resource)}"`);
  return c.json(body, status);
}

type EditionParams = { year: number };

export interface DraftRead<Params extends EditionParams> {
  path: string;
  params: z.ZodMiniType<Params>;
  /** The key the resource is answered under. */
  answer: string;
  find: (source: EditionSource, params: Params) => unknown;
}

export function draftRead<Params extends EditionParams>(
  app: Hono,
  service: AgendaService,
  route: DraftRead<Params>,
) {
  app.get(route.path, async (c) => {
    const params = pathOnly(c, route.params);
    const resource = route.find((await service.loadDraft(params.year)).source, params);
    return respond(c, 200, resource, { [route.answer]: resource });
  });
}

interface DraftEditCommon<Params extends EditionParams, Body> {
  path: string;
  params: z.ZodMiniType<Params>;
  body?: z.ZodMiniType<Body>;
  /** The audit entry's action, e.g. "speaker.update". */
  action: string;
  target: (params: Params, body: Body) => string;
  apply: (
    source: EditionSource,
    params: Params,
    body: Body,
  ) => { source: EditionSource; result: unknown; summary: string };
  /** The key the changed resource is answered under, or, for a removal, the id removed. */
  answer: { resource: string } | { deleted: (params: Params) => string };
}

/**
 * POST creates (201). PUT, PATCH and DELETE change what exists (200) and must say how to find
 * it as the client read it: its ETag has to be the one sent in If-Match (428 without, 412 when
 * it changed).
 */
export type DraftEdit<Params extends EditionParams, Body> = DraftEditCommon<Params, Body> &
  (
    | { method: 'POST'; current?: never }
    | {
        method: 'PUT' | 'PATCH' | 'DELETE';
        current: (source: EditionSource, params: Params) => unknown;
      }
  );

export function draftEdit<Params extends EditionParams, Body = undefined>(
  app: Hono,
  service: AgendaService,
  route: DraftEdit<Params, Body>,
) {
  const { current, answer } = route;
  app.on(route.method, route.path, async (c) => {
    const params = pathOnly(c, route.params);
    // A route without a body schema reads no body; the cast is the one place that knows it.
    const body = (
      route.body
        ? defined(parseRequestPart(route.body, await readJsonBody(c), 'body') as object)
        : undefined
    ) as Body;
    const { result, findings } = await service.edit({
      year: params.year,
      who: c.get('organizerId'),
      action: route.action,
      target: route.target(params, body),
      ...(current
        ? {
            current: (source: EditionSource) => current(source, params),
            expected: ifMatchVersions(c.req.header('if-match')),
          }
        : {}),
      apply: (source) => route.apply(source, params, body),
    });
    if ('deleted' in answer)
      return respond(c, 200, undefined, { deleted: answer.deleted(params), findings });
    return respond(c, route.method === 'POST' ? 201 : 200, result, {
      [answer.resource]: result,
      findings,
    });
  });
}
