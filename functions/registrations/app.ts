import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod/mini';
import { createHttpApp } from '#functions/http/app.ts';
import { personal } from '#functions/http/caching.ts';
import { bearerToken } from '#functions/http/plain-request.ts';
import { problemResponse } from '#functions/http/problem.ts';
import { defineRoute, serve } from '#functions/http/route.ts';
import { editionPath, idempotencyKeyOf } from '#functions/http/validate.ts';
import { NotFoundError, PayloadTooLargeError } from '#shared/errors.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import { registrantSchema, registrationCreatedSchema } from './answers.ts';
import { mountRegistrationForms, type RegistrationForms } from './forms.ts';
import { checkInQrSvg } from './qr.ts';
import { registrationReply } from './replies.ts';
import {
  idempotencyKey,
  MAX_BODY_BYTES,
  registrationFormSchema,
  registrationPath,
} from './schemas.ts';
import type { RegistrationService } from './service.ts';

/** Self-service registration routes. Every answer here is personal: never cached. */

/**
 * The registration routes, each declared once (http/route.ts): served below with these schemas,
 * documented by /openapi.json (openapi.ts).
 */
export const registrationRoutes = {
  register: defineRoute({
    method: 'post',
    path: '/editions/{year}/registrations',
    params: editionPath,
    body: registrationRequestSchema,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Registrations',
      summary: `Register (JSON, at most ${MAX_BODY_BYTES} bytes); confirmed while seats last, then waitlisted`,
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Retry-safe POST: the same key and body return the first answer (kept 25 hours).',
          schema: idempotencyKey,
        },
      ],
      example: {
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        affiliation: 'Analytical Engines',
        audience: 'software-developers',
        consent: true,
      },
      description:
        'Browsers without JavaScript post the edition page’s form here, form-encoded, and get a page back (`text/html`, `no-store`): 201 registered, confirmed or waitlisted with the position, with the manage link; a form sent again (a reload, the same `formKey` and fields) is one registration, and its page has no manage link (it is in the confirmation email); 400 the form again with each field’s error beside it and the values kept; 403 for a post from another site (`Sec-Fetch-Site` or `Origin`, see SECURITY.md).',
      form: {
        schema: registrationFormSchema,
        example: {
          name: 'Ada Lovelace',
          email: 'ada@example.org',
          affiliation: 'Analytical Engines',
          audience: 'software-developers',
          consent: 'true',
          formKey: 'b3Jt0f3fK1xQ2mJp9Zy7Vw',
        },
      },
      success: {
        status: 201,
        description: 'Registered: the manage token is shown only here',
        schema: registrationCreatedSchema,
        headers: [
          {
            name: 'Location',
            description:
              'The registration: `/editions/{year}/registrations/{id}`, read (GET) and cancelled (DELETE) with the manage token as a bearer token. People open `manageUrl` instead.',
            schema: z.string(),
          },
        ],
      },
      problems: [400, 403, 404, 409, 413, 415, 422, 503],
    },
  }),
  read: defineRoute({
    method: 'get',
    path: '/editions/{year}/registrations/{id}',
    params: registrationPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Registrations',
      summary:
        'One’s own registration, with the manage token; when confirmed, the stream or meeting URL',
      security: 'manageToken',
      success: { status: 200, description: 'The registration', schema: registrantSchema },
      problems: [400, 404, 503],
    },
  }),
  checkInCode: defineRoute({
    method: 'get',
    path: '/editions/{year}/registrations/{id}/check-in.svg',
    params: registrationPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Registrations',
      summary: 'One’s check-in code as a QR code (SVG), while confirmed',
      security: 'manageToken',
      success: { status: 200, description: 'The QR code', contentType: 'image/svg+xml' },
      problems: [404],
    },
  }),
  cancel: defineRoute({
    method: 'delete',
    path: '/editions/{year}/registrations/{id}',
    params: registrationPath,
    docs: WITH_ROUTE_DOCS && {
      tag: 'Registrations',
      summary: 'Cancel one’s registration: personal data erased, the seat passed on',
      security: 'manageToken',
      success: {
        status: 200,
        description: 'The cancelled registration',
        schema: registrantSchema,
      },
      problems: [400, 404, 503],
    },
  }),
};

export function createRegistrationApp({
  service,
  forms,
}: {
  service: RegistrationService;
  /** The pages that answer form posts (forms.ts); without them a form post is a 415. */
  forms?: RegistrationForms;
}) {
  const app = createHttpApp();
  if (forms) mountRegistrationForms(app, service, forms);

  serve(
    app,
    registrationRoutes.register,
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLargeError(`A registration is at most ${MAX_BODY_BYTES} bytes.`);
      },
    }),
    async (c, { params: { year }, body }) => {
      const key = idempotencyKeyOf(c);
      const request = await body();
      const outcome = await service.register(year, request, {
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      const reply = registrationReply(year, outcome, c.req.path);
      if ('problem' in reply) return problemResponse(c, reply.problem);
      c.header('location', reply.location);
      return personal(c, reply.body, reply.status);
    },
  );

  serve(app, registrationRoutes.read, async (c, { params: { year, id } }) => {
    return personal(c, await service.get(year, id, bearerToken(c)));
  });

  // The check-in code as a QR code, for the manage page (and anyone who prints it).
  serve(app, registrationRoutes.checkInCode, async (c, { params: { year, id } }) => {
    const own = await service.get(year, id, bearerToken(c));
    if (!own.checkInCode) {
      throw new NotFoundError('Only a confirmed registration has a check-in code.');
    }
    c.header('cache-control', 'no-store');
    return c.body(checkInQrSvg(own.checkInCode), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
    });
  });

  serve(app, registrationRoutes.cancel, async (c, { params: { year, id } }) => {
    return personal(c, await service.cancel(year, id, bearerToken(c)));
  });

  return app;
}
