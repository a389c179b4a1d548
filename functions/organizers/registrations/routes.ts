import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { Cursors } from '#functions/http/cursor.ts';
import { pageSchema } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import {
  editionPath,
  idempotencyKey,
  idempotencyKeyOf,
  noQuery,
} from '#functions/http/validate.ts';
import { organizerRegistrationSchema } from '../openapi/answers.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';
import type { registrationActions } from './actions.ts';
import { capacityAnswer, overviewAnswer, registrationRecordSchema } from './answers.ts';
import { type RegistrationReads, registrationPage } from './list.ts';
import {
  addBody,
  cancelBody,
  capacityBody,
  registrationPath,
  registrationSearchQuery,
} from './schemas.ts';

/**
 * The organizers' registration routes (the console's Registrations view and home page), each
 * declared once: served below with these schemas, documented by /openapi.json. The list's CSV
 * stays beside the organizer app (export.ts).
 */
export const registrationAdminRoutes = {
  list: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/registrations',
    params: editionPath,
    query: registrationSearchQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Registrations, by status and search text, page by page',
      description:
        'With `q`, the registrations whose name, email or affiliation contain it (any case), read in creation order: a page examines at most 1000 registrations, so a page with fewer than `limit` items may still have a `nextCursor` (the search goes on from there). A cursor is valid for the same `status` and `q` only.',
      success: {
        status: 200,
        description: 'A page of registrations',
        schema: pageSchema(organizerRegistrationSchema),
      },
      problems: [400, 401, 403, 404, 503],
    },
  }),
  read: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/registrations/{registrationId}',
    params: registrationPath,
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'One person’s record: status history, mail state and what organizers did to it',
      success: { status: 200, description: 'The registration', schema: registrationRecordSchema },
      problems: [400, 401, 403, 404, 503],
    },
  }),
  cancel: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/registrations/{registrationId}/cancel',
    params: registrationPath,
    query: noQuery,
    body: cancelBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Cancel a registration with a reason (audited), as self-service cancels',
      description:
        'Personal data erased, the `registration.cancelled` webhook event, the seat to the oldest waiting person (promoted, mailed, `registration.promoted`), in one transaction; the person is mailed unless `notify` is false. The audit entry keeps the reason and the note. A cancelled registration is a 409 naming `status`.',
      example: { reason: 'duplicate', note: 'Registered twice with two addresses', notify: false },
      success: {
        status: 200,
        description: 'The registration, cancelled',
        schema: organizerRegistrationSchema,
      },
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  promote: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/registrations/{registrationId}/promote',
    params: registrationPath,
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Move a waiting person to a free seat, out of the list’s order (audited)',
      description:
        'Takes a free seat only: while every seat is taken it is a 409 naming `capacity` (raise the capacity first; that gives the new seats to the waiting list in order). Mailed, with the `registration.promoted` event. Someone not waiting is a 409 naming `status`.',
      success: {
        status: 200,
        description: 'The registration, confirmed',
        schema: organizerRegistrationSchema,
      },
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  add: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/registrations',
    params: editionPath,
    query: noQuery,
    body: addBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Add a registration by hand (audited), validated and placed as self-service',
      description:
        'The self-service fields and rules (one registration per address, audiences, waiting-list limit, messages with the manage link, webhook events), outside the registration window too. `status` asks for one placement only (409 naming `status` otherwise); `notify: false` sends the person nothing.',
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Retry-safe POST: the same key and body return the first answer (kept 25 hours); another body with the key is a 422.',
          schema: idempotencyKey,
        },
      ],
      example: {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        affiliation: 'Analytical Engines',
        audience: 'software-developers',
        status: 'confirmed',
        notify: true,
      },
      success: {
        status: 201,
        description: 'Registered (a replay of the same Idempotency-Key answers the same)',
        schema: organizerRegistrationSchema,
        headers: [
          {
            name: 'Location',
            description: 'The registration: `/admin/editions/{year}/registrations/{id}`',
            schema: z.string(),
          },
        ],
      },
      problems: [400, 401, 403, 404, 409, 422, 503],
    },
  }),
  capacity: organizerRoute({
    method: 'put',
    path: '/admin/editions/{year}/capacity',
    params: editionPath,
    query: noQuery,
    body: capacityBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Change the number of seats (audited); more seats go to the waiting list in order',
      description:
        'Kept over the edition file’s `registration.capacity` at every later release or deploy. One conditional write: fewer seats than people confirmed is a 409 naming `seats`; registrations racing it are placed on the new count, never beyond it. New seats go to the waiting list, oldest first, each promotion mailed with its `registration.promoted` event.',
      example: { seats: 120 },
      success: { status: 200, description: 'The seat counts now', schema: capacityAnswer },
      problems: [400, 401, 403, 404, 409, 503],
    },
  }),
  overview: organizerRoute({
    method: 'get',
    path: '/admin/overview',
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Every edition at a glance: seats, confirmed, waiting, checked in, mail problems',
      description:
        'Per edition: one read of its seat counter, one Query of its registrations (three attributes projected) and one of its mail outbox of the last 14 days.',
      success: { status: 200, description: 'The editions, newest first', schema: overviewAnswer },
      problems: [401, 403, 503],
    },
  }),
};

export interface RegistrationAdminDependencies {
  actions: ReturnType<typeof registrationActions>;
  registrations: RegistrationReads;
  cursors: Cursors;
  requireEdition: (year: number) => Promise<void>;
}

export function registerRegistrationAdminRoutes(
  app: Hono,
  { actions, registrations, cursors, requireEdition }: RegistrationAdminDependencies,
) {
  const routes = registrationAdminRoutes;

  serve(app, routes.overview, async (c) => c.json(await actions.overview()));

  serve(app, routes.list, async (c, { params: { year }, query }) =>
    c.json(await registrationPage({ registrations, cursors, requireEdition }, year, query)),
  );

  serve(app, routes.read, async (c, { params: { year, registrationId } }) =>
    c.json(await actions.record(year, registrationId)),
  );

  serve(app, routes.cancel, async (c, { params: { year, registrationId }, body }) => {
    const request = await body();
    return c.json(await actions.cancel(year, registrationId, request, c.get('organizerId')));
  });

  serve(app, routes.promote, async (c, { params: { year, registrationId } }) =>
    c.json(await actions.promote(year, registrationId, c.get('organizerId'))),
  );

  serve(app, routes.add, async (c, { params: { year }, body }) => {
    const key = idempotencyKeyOf(c);
    const { status, notify, ...person } = await body();
    const { view } = await actions.add(
      year,
      { ...person, consent: true },
      { status, notify, ...(key ? { idempotencyKey: key } : {}) },
      c.get('organizerId'),
    );
    c.header('location', `/admin/editions/${year}/registrations/${view.id}`);
    return c.json(view, 201);
  });

  serve(app, routes.capacity, async (c, { params: { year }, body }) => {
    const { seats } = await body();
    return c.json(await actions.setCapacity(year, seats, c.get('organizerId')));
  });
}
