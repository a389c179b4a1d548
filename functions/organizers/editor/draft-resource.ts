import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { ifMatchVersions } from '#functions/http/caching.ts';
import type { RouteDoc, Schema } from '#functions/http/openapi.ts';
import { type RouteInput, serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { resourceVersion } from '#shared/draft/versions.ts';
import type { EditionSource } from '#shared/edition/schema.ts';
import type { AgendaService } from '../agenda-service.ts';
import { findingSchema } from '../openapi/answers.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';

/**
 * The two shapes every draft resource route has, and their declarations. A read answers the
 * resource with its ETag. An edit validates path and body, goes through the agenda service
 * (If-Match checked when it changes an existing resource, the draft saved, audited and linted)
 * and answers the changed resource with its new ETag and the lint findings, or what it removed.
 */

/** Strips undefined fields zod/mini leaves for absent optional keys. */
export const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

function respond(c: Context, status: 200 | 201, resource: unknown, body: Record<string, unknown>) {
  if (resource !== undefined) c.header('etag', `"${resourceVersion(resource)}"`);
  return c.json(body, status);
}

const edited = (resource: string) =>
  z.object({ [resource]: z.looseObject({}), findings: z.array(findingSchema) });

const ifMatch = [
  {
    name: 'If-Match',
    description: 'The ETag of the resource as you read it.',
    schema: z.string(),
  },
];

/**
 * The declarations of one editable resource of the draft: its GET, and the writes it takes
 * (those that change what exists need If-Match).
 */
export function draftResource<Params extends Schema>(
  collection: string,
  idName: string,
  resource: string,
  params: Params,
) {
  const item = `/admin/editions/{year}/draft/${collection}/{${idName}}`;
  const update = <Body extends Schema>(
    method: 'put' | 'patch',
    body: Body,
    example: unknown,
    changes?: string,
  ) =>
    organizerRoute({
      method,
      path: item,
      params,
      body,
      docs: WITH_ROUTE_DOCS && {
        summary: `${method === 'put' ? 'Replace' : 'Change'} a ${resource} of the draft${changes ? `: ${changes}` : ''}`,
        headers: ifMatch,
        example,
        success: {
          status: 200,
          description: `The ${resource} (new ETag) and the lint findings`,
          schema: edited(resource),
        },
        problems: [400, 401, 403, 404, 409, 412, 415, 428],
      },
    });
  return {
    read: () =>
      organizerRoute({
        method: 'get',
        path: item,
        params,
        docs: WITH_ROUTE_DOCS && {
          summary: `One ${resource} of the draft, with its ETag`,
          success: {
            status: 200,
            description: `The ${resource}`,
            schema: z.object({ [resource]: z.looseObject({}) }),
          },
          problems: [400, 401, 403, 404],
        },
      }),
    create: <Body extends Schema>(body: Body, example: unknown) =>
      organizerRoute({
        method: 'post',
        path: `/admin/editions/{year}/draft/${collection}`,
        params: editionPath,
        body,
        docs: WITH_ROUTE_DOCS && {
          summary: `Add a ${resource} to the draft`,
          example,
          success: {
            status: 201,
            description: `The ${resource} (ETag) and the lint findings`,
            schema: edited(resource),
          },
          problems: [400, 401, 403, 404, 409, 415],
        },
      }),
    replace: <Body extends Schema>(body: Body, example: unknown) => update('put', body, example),
    patch: <Body extends Schema>(body: Body, example: unknown, changes?: string) =>
      update('patch', body, example, changes),
    remove: () =>
      organizerRoute({
        method: 'delete',
        path: item,
        params,
        docs: WITH_ROUTE_DOCS && {
          summary: `Remove a ${resource} from the draft`,
          headers: ifMatch,
          success: {
            status: 200,
            description: 'What was removed and the lint findings',
            schema: z.object({ deleted: z.string(), findings: z.array(findingSchema) }),
          },
          problems: [400, 401, 403, 404, 409, 412, 428],
        },
      }),
  };
}

/** A talk added to a session (the one create that is not under its own collection). */
export function draftPost<Params extends Schema, Body extends Schema>(
  path: string,
  resource: string,
  params: Params,
  body: Body,
  example: unknown,
) {
  return organizerRoute({
    method: 'post',
    path,
    params,
    body,
    docs: WITH_ROUTE_DOCS && {
      summary: `Add a ${resource} to a session of the draft`,
      example,
      success: {
        status: 201,
        description: `The ${resource} (ETag) and the lint findings`,
        schema: edited(resource),
      },
      problems: [400, 401, 403, 404, 409, 415],
    },
  });
}

type Params<Route extends RouteDoc> = RouteInput<Route>['params'];
type Body<Route extends RouteDoc> = Awaited<ReturnType<RouteInput<Route>['body']>>;
type EditionRoute = RouteDoc & { params: z.ZodMiniType<{ year: number }> };

export interface DraftRead<Route extends EditionRoute> {
  /** The key the resource is answered under. */
  answer: string;
  find: (source: EditionSource, params: Params<Route>) => unknown;
}

export function draftRead<Route extends EditionRoute>(
  app: Hono,
  service: AgendaService,
  route: Route,
  read: DraftRead<Route>,
) {
  serve(app, route, async (c, { params }) => {
    const resource = read.find((await service.loadDraft(params.year)).source, params);
    return respond(c, 200, resource, { [read.answer]: resource });
  });
}

/**
 * POST creates (201). PUT, PATCH and DELETE change what exists (200) and must say how to find
 * it as the client read it (`current`): its ETag has to be the one sent in If-Match (428
 * without, 412 when it changed).
 */
export interface DraftEdit<Route extends EditionRoute> {
  /** The audit entry's action, e.g. "speaker.update". */
  action: string;
  target: (params: Params<Route>, body: Body<Route>) => string;
  current?: (source: EditionSource, params: Params<Route>) => unknown;
  apply: (
    source: EditionSource,
    params: Params<Route>,
    body: Body<Route>,
  ) => { source: EditionSource; result: unknown; summary: string };
  /** The key the changed resource is answered under, or, for a removal, the id removed. */
  answer: { resource: string } | { deleted: (params: Params<Route>) => string };
}

export function draftEdit<Route extends EditionRoute>(
  app: Hono,
  service: AgendaService,
  route: Route,
  edit: DraftEdit<Route>,
) {
  const { current, answer } = edit;
  const creates = route.method === 'post';
  if (creates === Boolean(current)) {
    throw new Error(
      `${route.method} ${route.path}: only a change of what exists says how to find it`,
    );
  }
  serve(app, route, async (c, input) => {
    const { params } = input;
    // A route without a body schema reads no body; the cast is the one place that knows it.
    const body = (route.body ? defined((await input.body()) as object) : undefined) as Body<Route>;
    const { result, findings } = await service.edit({
      year: params.year,
      who: c.get('organizerId'),
      action: edit.action,
      target: edit.target(params, body),
      ...(current
        ? {
            current: (source: EditionSource) => current(source, params),
            expected: ifMatchVersions(c.req.header('if-match')),
          }
        : {}),
      apply: (source) => edit.apply(source, params, body),
    });
    if ('deleted' in answer)
      return respond(c, 200, undefined, { deleted: answer.deleted(params), findings });
    return respond(c, creates ? 201 : 200, result, {
      [answer.resource]: result,
      findings,
    });
  });
}
