import * as z from 'zod/mini';
import {
  type ApiDescription,
  isoWithMillis,
  nullableString,
  pageSchema,
  type RouteDoc,
  type Schema,
} from '#functions/http/openapi.ts';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import { mailRouteDocs } from './mail-routes.ts';
import { announcementRoutes } from './openapi/announcements.ts';
import { draftAnswer, findingSchema, releaseAnswer } from './openapi/answers.ts';
import { checkInRoutes } from './openapi/check-ins.ts';
import { liveRoutes } from './openapi/live.ts';
import { webhookRoutes } from './openapi/webhooks.ts';
import {
  auditQuery,
  breakPatch,
  breakPath,
  registrationListQuery,
  releaseBody,
  sessionPatch,
  sessionPath,
  speakerBody,
  speakerPath,
  speakerReplacement,
  talkBody,
  talkPatch,
  talkPath,
} from './schemas.ts';

/** The organizer routes under /admin for /openapi.json; each needs a JWT of the organizers group. */

const status = z.enum(['confirmed', 'waitlisted', 'cancelled']);

const organizerRegistrationSchema = z.object({
  id: z.string(),
  status,
  waitlistPosition: z.nullable(z.int()),
  name: nullableString,
  email: nullableString,
  affiliation: nullableString,
  audience: z.string(),
  registeredAt: isoWithMillis,
  confirmedAt: z.nullable(isoWithMillis),
  cancelledAt: z.nullable(isoWithMillis),
  checkedInAt: z.nullable(isoWithMillis),
  mailUndeliverable: z.nullable(z.string()).register(z.globalRegistry, {
    description:
      'Why messages to this address cannot be delivered (a code such as "SMTP 550" or "Bounce"); null when they can',
  }),
});

const auditEntrySchema = z.object({
  at: isoWithMillis,
  who: z.string(),
  action: z.string(),
  target: z.string(),
  summary: z.string(),
});

type OrganizerRoute = Omit<RouteDoc, 'tag' | 'security'>;
const organizer = (route: OrganizerRoute): RouteDoc => ({
  ...route,
  tag: 'Organizers',
  security: 'organizer',
});

const edited = (resource: string) =>
  z.object({ [resource]: z.looseObject({}), findings: z.array(findingSchema) });

const ifMatch = [
  {
    name: 'If-Match',
    description: 'The ETag of the resource as you read it.',
    schema: z.string(),
  },
];

/** GET, and the writes given, of one editable resource of the draft (writes need If-Match). */
function draftResource(
  collection: string,
  idName: string,
  resource: string,
  params: Schema,
  writes: {
    create?: Schema;
    replace?: Schema;
    patch?: Schema;
    /** A body of the create and of the replace or patch. */
    examples?: { create?: unknown; update?: unknown };
    remove?: boolean;
    /** What a change may change, after the summary. */
    changes?: string;
  },
): RouteDoc[] {
  const item = `/admin/editions/{year}/draft/${collection}/{${idName}}`;
  const routes: OrganizerRoute[] = [
    {
      method: 'get',
      path: item,
      summary: `One ${resource} of the draft, with its ETag`,
      params,
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
      method: 'post',
      path: `/admin/editions/{year}/draft/${collection}`,
      summary: `Add a ${resource} to the draft`,
      params: editionPath,
      body: writes.create,
      example: writes.examples?.create,
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
      method: writes.replace ? 'put' : 'patch',
      path: item,
      summary: `${writes.replace ? 'Replace' : 'Change'} a ${resource} of the draft${writes.changes ? `: ${writes.changes}` : ''}`,
      params,
      headers: ifMatch,
      body: update,
      example: writes.examples?.update,
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
      method: 'delete',
      path: item,
      summary: `Remove a ${resource} from the draft`,
      params,
      headers: ifMatch,
      success: {
        status: 200,
        description: 'What was removed and the lint findings',
        schema: z.object({ deleted: z.string(), findings: z.array(findingSchema) }),
      },
      problems: [400, 401, 403, 404, 409, 412, 428],
    });
  }
  return routes.map(organizer);
}

/** A small whole edition source: one day in a hall, fixed times, a speaker. */
const EDITION_SOURCE_EXAMPLE = {
  year: 2021,
  title: '7th Annual High Performance Containers Workshop',
  shortTitle: 'HPCW21',
  website: 'https://hpcw.example.org/',
  location: { mode: 'in-person', venue: 'Conference Centre', room: 'Hall 3' },
  date: '2021-06-24',
  timezone: 'Europe/Berlin',
  abstract: 'Containers in HPC, from runtimes to use-cases.',
  topicAreas: ['Containers in HPC'],
  keywords: { topics: ['Containers in HPC'], technologies: ['Kubernetes'] },
  targetAudience: ['System Operators and Administrators'],
  format: 'Lightning talks and panels.',
  segments: [{ id: 'runtime', name: 'RUNTIME', description: 'Container runtimes.' }],
  speakers: [{ id: 'ada-lovelace', name: 'Ada Lovelace', affiliation: 'Analytical Engines' }],
  agenda: [
    {
      kind: 'session',
      title: 'RUNTIME',
      segment: 'runtime',
      at: '09:00',
      duration: '1h',
      items: [
        { kind: 'intro', title: 'Welcome', duration: 5 },
        { title: 'Container Runtimes Overview', at: '09:05', speakers: ['ada-lovelace'] },
      ],
    },
    { kind: 'end', title: 'End of the workshop', at: '10:00' },
  ],
};

const registrationRoutes: OrganizerRoute[] = [
  {
    method: 'get',
    path: '/admin/editions/{year}/registrations',
    summary: 'Registrations, by status, page by page',
    params: editionPath,
    query: registrationListQuery,
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
    summary: 'All registrations as RFC 4180 CSV (formula cells neutralised)',
    params: editionPath,
    query: noQuery,
    success: { status: 200, description: 'CSV', contentType: 'text/csv' },
    problems: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/audit',
    summary: 'Who changed what, newest first',
    params: editionPath,
    query: auditQuery,
    success: {
      status: 200,
      description: 'A page of audit entries',
      schema: pageSchema(auditEntrySchema),
    },
    problems: [400, 401, 403, 404],
  },
];

const agendaRoutes: RouteDoc[] = [
  organizer({
    method: 'get',
    path: '/admin/editions/{year}/draft',
    summary: 'The draft (the next release) with its lint findings',
    params: editionPath,
    success: {
      status: 200,
      description: 'The draft',
      schema: draftAnswer,
    },
    problems: [400, 401, 403, 404],
  }),
  organizer({
    method: 'put',
    path: '/admin/editions/{year}/draft',
    summary:
      'Replace the whole draft with an edition source (the edition file as JSON, editions/edition.schema.json); its join URLs are kept apart and released with the next release (an omitted stream URL keeps the draft’s: GET …/draft shows none), the draft keeps none',
    params: editionPath,
    headers: [
      {
        name: 'If-Match',
        description: 'The ETag of the draft as you read it (GET …/draft).',
        schema: z.string(),
      },
    ],
    body: z.looseObject({}).register(z.globalRegistry, {
      description:
        "An edition source, validated as an edition file is (each problem named by its path, e.g. agenda[3].duration); its year must be the path's.",
    }),
    example: EDITION_SOURCE_EXAMPLE,
    success: {
      status: 200,
      description: 'The new draft (ETag) with its lint findings',
      schema: draftAnswer,
    },
    problems: [400, 401, 403, 404, 412, 413, 415, 428],
  }),
  ...draftResource('speakers', 'speakerId', 'speaker', speakerPath, {
    create: speakerBody,
    replace: speakerReplacement,
    examples: {
      create: { id: 'ada-lovelace', name: 'Ada Lovelace', affiliation: 'Analytical Engines' },
      update: { name: 'Ada Lovelace', affiliation: 'Difference Engines' },
    },
  }),
  ...draftResource('talks', 'talkId', 'talk', talkPath, {
    patch: talkPatch,
    examples: {
      update: {
        title: 'Container Runtimes Overview',
        duration: 20,
        materials: [
          { kind: 'slides', title: 'Slides (PDF)', url: 'https://example.org/runtimes.pdf' },
        ],
      },
    },
    remove: true,
    changes: 'title, abstract, duration, kind, speakers, materials; move it',
  }),
  organizer({
    method: 'post',
    path: '/admin/editions/{year}/draft/sessions/{sessionId}/talks',
    summary: 'Add a talk to a session of the draft',
    params: sessionPath,
    body: talkBody,
    example: {
      title: 'The podman runtime',
      kind: 'talk',
      duration: 10,
      speakers: ['ada-lovelace'],
    },
    success: {
      status: 201,
      description: 'The talk (ETag) and the lint findings',
      schema: edited('talk'),
    },
    problems: [400, 401, 403, 404, 409, 415],
  }),
  ...draftResource('sessions', 'sessionId', 'session', sessionPath, {
    patch: sessionPatch,
    examples: { update: { title: 'RUNTIME', duration: 90, at: '17:00' } },
    changes: 'title, duration, segment, materials',
  }),
  ...draftResource('breaks', 'breakId', 'break', breakPath, {
    patch: breakPatch,
    examples: { update: { at: '11:00', duration: 30 } },
  }),
  organizer({
    method: 'post',
    path: '/admin/editions/{year}/agenda/releases',
    summary: 'Release the draft: the public agenda and exports switch to it',
    params: editionPath,
    body: releaseBody,
    example: { name: 'v2', comment: 'Slides of the runtime session; the podman talk moved.' },
    success: {
      status: 201,
      description:
        'The release, and whether it changed the join URL (the draft’s URLs are released with it): then each confirmed registrant is mailed the new link, and the audit log says so. When it moves a talk’s day, time or place, or switches in person / online, each confirmed and waiting registrant is mailed one summary with the updated calendar instead (the new link in it for the confirmed), unless `notify` is false; `notified` counts them',
      schema: releaseAnswer,
    },
    problems: [400, 401, 403, 404, 409, 415],
  }),
];

export const organizersDescription: ApiDescription = {
  tags: [{ name: 'Organizers', description: 'Needs a JWT of the "organizers" group' }],
  securitySchemes: {
    organizer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'Cognito ID token; group "organizers"',
    },
  },
  routes: [
    ...registrationRoutes.map(organizer),
    ...agendaRoutes,
    ...checkInRoutes.map(organizer),
    ...liveRoutes(findingSchema).map(organizer),
    ...announcementRoutes.map(organizer),
    ...webhookRoutes.map(organizer),
    ...mailRouteDocs.map(organizer),
  ],
};
