import * as z from 'zod/mini';
import { isoWithMillis, type RouteDoc } from '#functions/http/openapi.ts';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import { webhookBody, webhookPath } from '../schemas.ts';

/** The webhook routes under /admin for /openapi.json (organizers/openapi.ts adds them). */

const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: isoWithMillis,
  createdBy: z.string(),
  /** `legacy`: a secret from before Standard Webhooks signing; rotate it (POST …/secret). */
  secretFormat: z.enum(['standard-webhooks', 'legacy']),
  secretRotatedAt: z.optional(isoWithMillis),
  previousSecretExpiresAt: z.optional(isoWithMillis),
});
const webhookWithSecret = z.extend(webhookSchema, { secret: z.string() });

const deliverySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  lastStatus: z.optional(z.int()),
  lastError: z.optional(z.string()),
  nextAttemptAt: z.optional(isoWithMillis),
  deliveredAt: z.optional(isoWithMillis),
});

export const webhookRoutes: Omit<RouteDoc, 'tag' | 'security'>[] = [
  {
    method: 'post',
    path: '/admin/editions/{year}/webhooks',
    summary: 'Register an HTTPS endpoint for events; the signing secret is shown only here',
    params: editionPath,
    body: webhookBody,
    example: {
      url: 'https://hooks.example.org/workshop',
      events: ['registration.confirmed', 'release.published'],
    },
    success: { status: 201, description: 'The webhook with its secret', schema: webhookWithSecret },
    problems: [400, 401, 403, 415],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/webhooks',
    summary: 'The registered webhooks (without secrets)',
    params: editionPath,
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
    summary: 'Remove a webhook',
    params: webhookPath,
    success: { status: 200, description: 'Removed', schema: z.object({ deleted: z.string() }) },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/admin/editions/{year}/webhooks/{webhookId}/secret',
    summary:
      'Rotate the signing secret: a new Standard Webhooks secret, shown only here; the previous one signs beside it for 24 hours',
    params: webhookPath,
    query: noQuery,
    success: {
      status: 200,
      description: 'The webhook with its new secret',
      schema: webhookWithSecret,
    },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/webhooks/{webhookId}/deliveries',
    summary: 'Deliveries to a webhook: status, attempts, next attempt',
    params: webhookPath,
    success: {
      status: 200,
      description: 'Deliveries, newest first',
      schema: z.object({ items: z.array(deliverySchema) }),
    },
    problems: [400, 401, 403, 404],
  },
];
