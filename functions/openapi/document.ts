import * as z from 'zod/mini';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import {
  breakPatch,
  breakPath,
  speakerPath as draftSpeakerPath,
  talkPath as draftTalkPath,
  releaseBody,
  sessionPatch,
  sessionPath,
  speakerBody,
  speakerReplacement,
  talkBody,
  talkPatch,
} from '#functions/organizers/agenda-routes.ts';
import { auditQuery, registrationListQuery } from '#functions/organizers/app.ts';
import { webhookBody, webhookPath } from '#functions/organizers/webhook-routes.ts';
import {
  changesQuery,
  listQuery,
  speakerPath,
  talkPath,
  talksQuery,
} from '#functions/public/app.ts';
import { MAX_BODY_BYTES, registrationPath } from '#functions/registrations/app.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import {
  agendaSchema,
  auditEntrySchema,
  changesSchema,
  deliverySchema,
  editionDetailsSchema,
  editionSummarySchema,
  findingSchema,
  organizerRegistrationSchema,
  pageSchema,
  problemSchema,
  registrantSchema,
  registrationCreatedSchema,
  releaseSchema,
  slotSchema,
  speakerSchema,
  webhookSchema,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 description, built from the same zod schemas the handlers validate with. Every
 * route of the apps is listed here; a test fails when one is missing.
 */

type Schema = z.ZodMiniType;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteDoc {
  method: Method;
  path: string;
  tag: 'Editions' | 'Exports' | 'Registrations' | 'Organizers' | 'Pages';
  summary: string;
  path_?: Schema;
  query?: Schema;
  headers?: { name: string; description: string; schema: Schema }[];
  body?: Schema;
  security?: 'manageToken' | 'organizer';
  success: {
    status: number;
    description: string;
    schema?: Schema;
    contentType?: string;
    cached?: boolean;
  };
  problems: number[];
}

const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  description: 'Retry-safe POST: the same key and body return the first answer (kept 25 hours).',
  schema: z.optional(z.string().check(z.regex(/^[\x21-\x7e]{1,255}$/))),
};
const ifNoneMatchHeader = {
  name: 'If-None-Match',
  description: 'An ETag from an earlier answer: 304 when nothing changed.',
  schema: z.optional(z.string()),
};

export const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/editions',
    tag: 'Editions',
    summary: 'Published editions',
    query: listQuery,
    success: {
      status: 200,
      description: 'A page of editions',
      schema: pageSchema(editionSummarySchema),
      cached: true,
    },
    problems: [400],
  },
  {
    method: 'get',
    path: '/editions/{year}',
    tag: 'Editions',
    summary: 'One edition: details, segments, live registration state',
    path_: editionPath,
    query: noQuery,
    success: {
      status: 200,
      description: 'The edition',
      schema: editionDetailsSchema,
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/agenda',
    tag: 'Editions',
    summary: 'The agenda: sessions and slots in order, with times',
    path_: editionPath,
    query: noQuery,
    success: { status: 200, description: 'The agenda', schema: agendaSchema, cached: true },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/talks',
    tag: 'Editions',
    summary: 'Talks, panels and introductions, filtered',
    path_: editionPath,
    query: talksQuery,
    success: {
      status: 200,
      description: 'A page of talks',
      schema: pageSchema(slotSchema),
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/talks/{talkId}',
    tag: 'Editions',
    summary: 'One talk',
    path_: talkPath,
    query: noQuery,
    success: { status: 200, description: 'The talk', schema: slotSchema, cached: true },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/speakers',
    tag: 'Editions',
    summary: 'Speakers with their talks',
    path_: editionPath,
    query: listQuery,
    success: {
      status: 200,
      description: 'A page of speakers',
      schema: pageSchema(speakerSchema),
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/speakers/{speakerId}',
    tag: 'Editions',
    summary: 'One speaker',
    path_: speakerPath,
    query: noQuery,
    success: { status: 200, description: 'The speaker', schema: speakerSchema, cached: true },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/agenda.ics',
    tag: 'Exports',
    summary: 'The agenda as iCalendar (RFC 5545)',
    path_: editionPath,
    query: noQuery,
    success: { status: 200, description: 'iCalendar', contentType: 'text/calendar', cached: true },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/talks/{talkId}.ics',
    tag: 'Exports',
    summary: 'One talk as iCalendar',
    path_: talkPath,
    query: noQuery,
    success: { status: 200, description: 'iCalendar', contentType: 'text/calendar', cached: true },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/schedule.json',
    tag: 'Exports',
    summary: 'The schedule as frab/C3VOC schedule.json (for schedule apps)',
    path_: editionPath,
    query: noQuery,
    success: {
      status: 200,
      description: 'frab schedule JSON',
      contentType: 'application/json',
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/schedule.xml',
    tag: 'Exports',
    summary: 'The schedule as frab schedule.xml',
    path_: editionPath,
    query: noQuery,
    success: {
      status: 200,
      description: 'frab schedule XML',
      contentType: 'application/xml',
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'post',
    path: '/editions/{year}/registrations',
    tag: 'Registrations',
    summary: `Register (JSON, at most ${MAX_BODY_BYTES} bytes); confirmed while seats last, then waitlisted`,
    path_: editionPath,
    headers: [idempotencyKeyHeader],
    body: registrationRequestSchema,
    success: {
      status: 201,
      description: 'Registered: the manage token is shown only here',
      schema: registrationCreatedSchema,
    },
    problems: [400, 403, 404, 409, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/editions/{year}/registrations/{id}',
    tag: 'Registrations',
    summary: 'One’s own registration, with the manage token',
    path_: registrationPath,
    security: 'manageToken',
    success: { status: 200, description: 'The registration', schema: registrantSchema },
    problems: [400, 404, 503],
  },
  {
    method: 'delete',
    path: '/editions/{year}/registrations/{id}',
    tag: 'Registrations',
    summary: 'Cancel one’s registration: personal data erased, the seat passed on',
    path_: registrationPath,
    security: 'manageToken',
    success: { status: 200, description: 'The cancelled registration', schema: registrantSchema },
    problems: [400, 404, 503],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/registrations',
    tag: 'Organizers',
    summary: 'Registrations, by status, page by page',
    path_: editionPath,
    query: registrationListQuery,
    security: 'organizer',
    success: {
      status: 200,
      description: 'A page of registrations',
      schema: pageSchema(organizerRegistrationSchema),
    },
    problems: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/registrations.csv',
    tag: 'Organizers',
    summary: 'All registrations as RFC 4180 CSV (formula cells neutralised)',
    path_: editionPath,
    query: noQuery,
    security: 'organizer',
    success: { status: 200, description: 'CSV', contentType: 'text/csv' },
    problems: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/editions/{year}/agenda/releases',
    tag: 'Editions',
    summary: 'The schedule releases: numbers, names, dates, changelog comments',
    path_: editionPath,
    query: noQuery,
    success: {
      status: 200,
      description: 'Releases, newest first',
      schema: z.object({ items: z.array(releaseSchema) }),
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/editions/{year}/agenda/changes',
    tag: 'Editions',
    summary: 'What changed between two releases (default: the latest and the one before)',
    path_: editionPath,
    query: changesQuery,
    success: {
      status: 200,
      description: 'Talks added, removed, moved, renamed',
      schema: changesSchema,
      cached: true,
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/audit',
    tag: 'Organizers',
    summary: 'Who changed what, newest first',
    path_: editionPath,
    query: auditQuery,
    security: 'organizer',
    success: {
      status: 200,
      description: 'A page of audit entries',
      schema: pageSchema(auditEntrySchema),
    },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/draft',
    tag: 'Organizers',
    summary: 'The draft (the next release) with its lint findings',
    path_: editionPath,
    security: 'organizer',
    success: {
      status: 200,
      description: 'The draft',
      schema: z.object({
        revision: z.int(),
        source: z.looseObject({}),
        findings: z.array(findingSchema),
      }),
    },
    problems: [400, 401, 403, 404],
  },
  ...draftResource('speakers', 'speakerId', 'speaker', draftSpeakerPath, {
    create: speakerBody,
    replace: speakerReplacement,
  }),
  ...draftResource('talks', 'talkId', 'talk', draftTalkPath, { patch: talkPatch, remove: true }),
  {
    method: 'post',
    path: '/admin/editions/{year}/draft/sessions/{sessionId}/talks',
    tag: 'Organizers',
    summary: 'Add a talk to a session of the draft',
    path_: sessionPath,
    body: talkBody,
    security: 'organizer',
    success: {
      status: 201,
      description: 'The talk (ETag) and the lint findings',
      schema: edited('talk'),
    },
    problems: [400, 401, 403, 404, 409, 415],
  },
  ...draftResource('sessions', 'sessionId', 'session', sessionPath, { patch: sessionPatch }),
  ...draftResource('breaks', 'breakId', 'break', breakPath, { patch: breakPatch }),
  {
    method: 'post',
    path: '/admin/editions/{year}/agenda/releases',
    tag: 'Organizers',
    summary: 'Release the draft: the public agenda and exports switch to it',
    path_: editionPath,
    body: releaseBody,
    security: 'organizer',
    success: {
      status: 201,
      description: 'The release',
      schema: z.object({ release: releaseSchema, findings: z.array(findingSchema) }),
    },
    problems: [400, 401, 403, 404, 409, 415],
  },
  {
    method: 'post',
    path: '/admin/editions/{year}/webhooks',
    tag: 'Organizers',
    summary: 'Register an HTTPS endpoint for events; the signing secret is shown only here',
    path_: editionPath,
    body: webhookBody,
    security: 'organizer',
    success: {
      status: 201,
      description: 'The webhook with its secret',
      schema: z.extend(webhookSchema, { secret: z.string() }),
    },
    problems: [400, 401, 403, 415],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/webhooks',
    tag: 'Organizers',
    summary: 'The registered webhooks (without secrets)',
    path_: editionPath,
    security: 'organizer',
    success: {
      status: 200,
      description: 'Webhooks',
      schema: z.object({ items: z.array(webhookSchema) }),
    },
    problems: [400, 401, 403],
  },
  {
    method: 'delete',
    path: '/admin/editions/{year}/webhooks/{webhookId}',
    tag: 'Organizers',
    summary: 'Remove a webhook',
    path_: webhookPath,
    security: 'organizer',
    success: { status: 200, description: 'Removed', schema: z.object({ deleted: z.string() }) },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/admin/editions/{year}/webhooks/{webhookId}/secret',
    tag: 'Organizers',
    summary:
      'Rotate the signing secret: a new Standard Webhooks secret, shown only here; the previous one signs beside it for 24 hours',
    path_: webhookPath,
    query: noQuery,
    security: 'organizer',
    success: {
      status: 200,
      description: 'The webhook with its new secret',
      schema: z.extend(webhookSchema, { secret: z.string() }),
    },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/webhooks/{webhookId}/deliveries',
    tag: 'Organizers',
    summary: 'Deliveries to a webhook: status, attempts, next attempt',
    path_: webhookPath,
    security: 'organizer',
    success: {
      status: 200,
      description: 'Deliveries, newest first',
      schema: z.object({ items: z.array(deliverySchema) }),
    },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/',
    tag: 'Pages',
    summary: 'The newest edition’s page: agenda, seats left, registration form',
    success: { status: 200, description: 'HTML', contentType: 'text/html', cached: true },
    problems: [404],
  },
  {
    method: 'get',
    path: '/{year}',
    tag: 'Pages',
    summary: 'An edition’s page: agenda, seats left, registration form',
    path_: editionPath,
    success: { status: 200, description: 'HTML', contentType: 'text/html', cached: true },
    problems: [404],
  },
  {
    method: 'get',
    path: '/{year}/manage',
    tag: 'Pages',
    summary: 'The manage page behind manageUrl (id and token in the URL fragment)',
    path_: editionPath,
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    problems: [404],
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'Pages',
    summary: 'This document',
    success: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' },
    problems: [],
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'Pages',
    summary: 'Interactive documentation of this API',
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
    problems: [],
  },
];

function edited(resource: string) {
  return z.object({ [resource]: z.looseObject({}), findings: z.array(findingSchema) });
}

/** GET, and the writes given, of one editable resource of the draft (writes need If-Match). */
function draftResource(
  collection: string,
  idName: string,
  resource: string,
  path_: Schema,
  writes: { create?: Schema; replace?: Schema; patch?: Schema; remove?: boolean },
): RouteDoc[] {
  const item = `/admin/editions/{year}/draft/${collection}/{${idName}}`;
  const base = { tag: 'Organizers' as const, security: 'organizer' as const };
  const ifMatch = [
    {
      name: 'If-Match',
      description: 'The ETag of the resource as you read it.',
      schema: z.string(),
    },
  ];
  const routes: RouteDoc[] = [
    {
      ...base,
      method: 'get',
      path: item,
      summary: `One ${resource} of the draft, with its ETag`,
      path_,
      success: {
        status: 200,
        description: `The ${resource}`,
        schema: z.object({ [resource]: z.looseObject({}) }),
      },
      problems: [400, 401, 403, 404],
    },
  ];
  if (writes.create) {
    routes.push({
      ...base,
      method: 'post',
      path: `/admin/editions/{year}/draft/${collection}`,
      summary: `Add a ${resource} to the draft`,
      path_: editionPath,
      body: writes.create,
      success: {
        status: 201,
        description: `The ${resource} (ETag) and the lint findings`,
        schema: edited(resource),
      },
      problems: [400, 401, 403, 404, 409, 415],
    });
  }
  const update = writes.replace ?? writes.patch;
  if (update) {
    routes.push({
      ...base,
      method: writes.replace ? 'put' : 'patch',
      path: item,
      summary: `${writes.replace ? 'Replace' : 'Change'} a ${resource} of the draft`,
      path_,
      headers: ifMatch,
      body: update,
      success: {
        status: 200,
        description: `The ${resource} (new ETag) and the lint findings`,
        schema: edited(resource),
      },
      problems: [400, 401, 403, 404, 409, 412, 415, 428],
    });
  }
  if (writes.remove || writes.create) {
    routes.push({
      ...base,
      method: 'delete',
      path: item,
      summary: `Remove a ${resource} from the draft`,
      path_,
      headers: ifMatch,
      success: {
        status: 200,
        description: 'What was removed and the lint findings',
        schema: z.object({ deleted: z.string(), findings: z.array(findingSchema) }),
      },
      problems: [400, 401, 403, 404, 409, 412, 428],
    });
  }
  return routes;
}

const jsonSchema = (schema: Schema) =>
  z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;

function parameters(schema: Schema | undefined, location: 'path' | 'query') {
  if (!schema || !(schema instanceof z.ZodMiniObject)) return [];
  return Object.entries(schema.shape as Record<string, Schema>).map(([name, property]) => {
    const optional = property._zod.optin === 'optional' || property._zod.optin === 'defaulted';
    const { $schema: _ignored, ...propertySchema } = jsonSchema(property);
    return {
      name,
      in: location,
      required: location === 'path' || !optional,
      schema: propertySchema,
    };
  });
}

const withoutDialect = (schema: Schema) => {
  const { $schema: _ignored, ...rest } = jsonSchema(schema);
  return rest;
};

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const success = route.success;
    const responses: Record<string, unknown> = {
      [success.status]: {
        description: success.description,
        ...(success.cached ? { headers: { ETag: { schema: { type: 'string' } } } } : {}),
        content: {
          [success.contentType ?? 'application/json']: success.schema
            ? { schema: withoutDialect(success.schema) }
            : {},
        },
      },
      ...(success.cached ? { 304: { description: 'Not modified (If-None-Match)' } } : {}),
    };
    for (const status of route.problems) {
      responses[status] = {
        description: 'Problem (RFC 9457)',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      };
    }
    const headerParameters = [
      ...(route.headers ?? []),
      ...(success.cached ? [ifNoneMatchHeader] : []),
    ].map((header) => ({
      name: header.name,
      in: 'header',
      required: false,
      description: header.description,
      schema: withoutDialect(header.schema),
    }));
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = {
      tags: [route.tag],
      summary: route.summary,
      operationId: `${route.method}${route.path
        .replace(/[{}.]/g, '')
        .replace(/\/(\w)/g, (_, char: string) => char.toUpperCase())
        .replace(/\W/g, '')}`,
      parameters: [
        ...parameters(route.path_, 'path'),
        ...parameters(route.query, 'query'),
        ...headerParameters,
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: withoutDialect(route.body) } },
            },
          }
        : {}),
      ...(route.security ? { security: [{ [route.security]: [] }] } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Workshop API',
      version: '0.1.0',
      description:
        'Agenda, talks, speakers, exports and registrations of a yearly workshop. Every error is an RFC 9457 problem.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: 'Editions', description: 'Public reads (ETag, Cache-Control, 304)' },
      { name: 'Exports', description: 'Calendars and schedule-app formats' },
      { name: 'Registrations', description: 'Self-service registration with a manage token' },
      { name: 'Organizers', description: 'Needs a JWT of the "organizers" group' },
      { name: 'Pages', description: 'Documents and pages' },
    ],
    paths,
    components: {
      schemas: { Problem: withoutDialect(problemSchema) },
      securitySchemes: {
        manageToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The manageToken returned on registering',
        },
        organizer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token; group "organizers"',
        },
      },
    },
  };
}
