import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { Subscription, WebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, noQuery, parseRequestPart, readJsonBody } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { newWebhookSecret, secretFormat } from '#shared/webhooks/secrets.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { deliverySchema, webhookSchema, webhookWithSecret } from './openapi/webhooks.ts';
import type { OrganizerNotices } from './organizer-notices.ts';
import { webhookBody, webhookBodySchema, webhookPath } from './schemas.ts';

/**
 * Organizers register webhook endpoints per edition and read what was delivered to them. Which
 * URLs may be registered is shared/webhooks/url-policy.ts (checked again at every delivery).
 */

/** How long a rotated-out secret keeps signing beside the new one. */
const PREVIOUS_SECRET_HOURS = 24;

/** Each route declared once: served below with these schemas (the body as in AWS: no loopback URL), documented by /openapi.json. */
export const webhookRoutes = {
  create: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/webhooks',
    params: editionPath,
    body: webhookBody,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Register an HTTPS endpoint for events; the signing secret is shown only here',
      example: {
        url: 'https://hooks.example.org/workshop',
        events: ['registration.confirmed', 'release.published'],
      },
      success: {
        status: 201,
        description: 'The webhook with its secret',
        schema: webhookWithSecret,
      },
      problems: [400, 401, 403, 415],
    },
  }),
  list: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/webhooks',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'The registered webhooks (without secrets)',
      success: {
        status: 200,
        description: 'Webhooks',
        schema: z.object({ items: z.array(webhookSchema) }),
      },
      problems: [400, 401, 403],
    },
  }),
  remove: organizerRoute({
    method: 'delete',
    path: '/admin/editions/{year}/webhooks/{webhookId}',
    params: webhookPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Remove a webhook',
      success: { status: 200, description: 'Removed', schema: z.object({ deleted: z.string() }) },
      problems: [400, 401, 403, 404],
    },
  }),
  rotateSecret: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/webhooks/{webhookId}/secret',
    params: webhookPath,
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary:
        'Rotate the signing secret: a new Standard Webhooks secret, shown only here; the previous one signs beside it for 24 hours',
      success: {
        status: 200,
        description: 'The webhook with its new secret',
        schema: webhookWithSecret,
      },
      problems: [400, 401, 403, 404],
    },
  }),
  deliveries: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/webhooks/{webhookId}/deliveries',
    params: webhookPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Deliveries to a webhook: status, attempts, next attempt',
      success: {
        status: 200,
        description: 'Deliveries, newest first',
        schema: z.object({ items: z.array(deliverySchema) }),
      },
      problems: [400, 401, 403, 404],
    },
  }),
};

/** A webhook as organizers see it: no secret, but the secret's format (legacy ones need rotating). */
function webhookView({ secret, previousSecret: _previous, ...subscription }: Subscription) {
  return { ...subscription, secretFormat: secretFormat(secret) };
}

export function registerWebhookRoutes(
  app: Hono,
  webhooks: WebhookStore,
  clock: () => Date,
  options: { allowLoopback: boolean; notices: Pick<OrganizerNotices, 'webhookCreated'> },
) {
  // The declared body as this server takes it: the local server also takes http://localhost.
  const body = webhookBodySchema(options.allowLoopback);
  serve(app, webhookRoutes.create, async (c, { params: { year } }) => {
    const request = parseRequestPart(body, await readJsonBody(c), 'body');
    const now = clock();
    const subscription = await webhooks.createSubscription(
      year,
      { url: request.url, events: [...new Set(request.events)], secret: newWebhookSecret() },
      c.get('organizerId'),
      now,
    );
    // Audited and told to the organizers' list: a new way for registration events out.
    await options.notices.webhookCreated(
      year,
      {
        id: subscription.id,
        url: subscription.url,
        events: subscription.events,
        who: c.get('organizerId'),
      },
      now,
    );
    // The secret is shown once: receivers verify Webhook-Signature with it.
    return c.json({ ...webhookView(subscription), secret: subscription.secret }, 201);
  });

  // A new Standard Webhooks secret, shown once; the old one signs beside it for a day, so that
  // receivers can switch without missing a delivery. The way off legacy secrets.
  serve(app, webhookRoutes.rotateSecret, async (c, { params: { year, webhookId } }) => {
    const now = clock();
    const rotated = await webhooks.rotateSecret(
      year,
      webhookId,
      newWebhookSecret(),
      now,
      new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000),
    );
    if (!rotated) throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ ...webhookView(rotated), secret: rotated.secret });
  });

  serve(app, webhookRoutes.list, async (c, { params: { year } }) => {
    const items = (await webhooks.listSubscriptions(year)).map(webhookView);
    return c.json({ items });
  });

  serve(app, webhookRoutes.remove, async (c, { params: { year, webhookId } }) => {
    if (!(await webhooks.deleteSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ deleted: webhookId });
  });

  serve(app, webhookRoutes.deliveries, async (c, { params: { year, webhookId } }) => {
    if (!(await webhooks.getSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ items: await webhooks.listDeliveries(year, webhookId) });
  });
}
