import * as z from 'zod/mini';
import { type ApiDescription, isoWithMillis } from '#functions/http/openapi.ts';
import { editionPath } from '#functions/http/validate.ts';
import { registrationRequestSchema } from '#shared/registration/request.ts';
import {
  idempotencyKey,
  MAX_BODY_BYTES,
  registrationFormSchema,
  registrationPath,
} from './schemas.ts';

/** Self-service registration for /openapi.json; contract tests hold the answers to these shapes. */

const registrationCreatedSchema = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  waitlistPosition: z.optional(z.int()),
  manageToken: z.string(),
  manageUrl: z.string(),
});

const onlineRoom = z.object({
  url: z.string().register(z.globalRegistry, { description: 'The stream or meeting URL' }),
  room: z.optional(z.string()),
});

const status = z.enum(['confirmed', 'waitlisted', 'cancelled']);

const registrantSchema = z.object({
  id: z.string(),
  edition: z.int(),
  status,
  waitlistPosition: z.optional(z.int()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  affiliation: z.optional(z.string()),
  audience: z.string(),
  registeredAt: isoWithMillis,
  confirmedAt: z.optional(isoWithMillis),
  cancelledAt: z.optional(isoWithMillis),
  history: z.array(z.object({ status, at: isoWithMillis })),
  checkInCode: z.optional(
    z.string().register(z.globalRegistry, {
      description:
        'While confirmed: the code to show at the door (26 characters in groups of four; the manage page shows it as a QR code)',
    }),
  ),
  checkedInAt: z.optional(isoWithMillis),
  online: z.optional(
    z
      .object({
        edition: z.optional(onlineRoom),
        sessions: z.array(z.extend(onlineRoom, { sessionId: z.string(), title: z.string() })),
      })
      .register(z.globalRegistry, {
        description:
          'Only while the registration is confirmed, and only for an online or hybrid edition or session: the stream or meeting URL of the edition, and of each session that has its own. Never in any public answer, page or export.',
      }),
  ),
});

export const registrationsDescription: ApiDescription = {
  tags: [{ name: 'Registrations', description: 'Self-service registration with a manage token' }],
  securitySchemes: {
    manageToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The manageToken returned on registering',
    },
  },
  routes: [
    {
      method: 'post',
      path: '/editions/{year}/registrations',
      tag: 'Registrations',
      summary: `Register (JSON, at most ${MAX_BODY_BYTES} bytes); confirmed while seats last, then waitlisted`,
      params: editionPath,
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Retry-safe POST: the same key and body return the first answer (kept 25 hours).',
          schema: idempotencyKey,
        },
      ],
      body: registrationRequestSchema,
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
    {
      method: 'get',
      path: '/editions/{year}/registrations/{id}',
      tag: 'Registrations',
      summary:
        'One’s own registration, with the manage token; when confirmed, the stream or meeting URL',
      params: registrationPath,
      security: 'manageToken',
      success: { status: 200, description: 'The registration', schema: registrantSchema },
      problems: [400, 404, 503],
    },
    {
      method: 'get',
      path: '/editions/{year}/registrations/{id}/check-in.svg',
      tag: 'Registrations',
      summary: 'One’s check-in code as a QR code (SVG), while confirmed',
      params: registrationPath,
      security: 'manageToken',
      success: { status: 200, description: 'The QR code', contentType: 'image/svg+xml' },
      problems: [404],
    },
    {
      method: 'delete',
      path: '/editions/{year}/registrations/{id}',
      tag: 'Registrations',
      summary: 'Cancel one’s registration: personal data erased, the seat passed on',
      params: registrationPath,
      security: 'manageToken',
      success: {
        status: 200,
        description: 'The cancelled registration',
        schema: registrantSchema,
      },
      problems: [400, 404, 503],
    },
  ],
};
