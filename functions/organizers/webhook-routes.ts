import type { Hono } from 'hono';
import type { Subscription, WebhookStore } from '#functions/data/webhook-store.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { newWebhookSecret, secretFormat } from '#shared/webhooks/secrets.ts';
import type { OrganizerNotices } from './organizer-notices.ts';
import { webhookBodySchema, webhookPath } from './schemas.ts';

/**
 * Organizers register webhook endpoints per edition and read what was delivered to them. Which
 * URLs may be registered is shared/webhooks/url-policy.ts (checked again at every delivery).
 */

/** How long a rotated-out secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

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
  const body = webhookBodySchema(options.allowLoopback);
  app.post('/admin/editions/:year/webhooks', async (c) => {
    const { year } = pathOnly(c, editionPath);
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
  app.post('/admin/editions/:year/webhooks/:webhookId/secret', async (c) => {
    const { year, webhookId } = pathOnly(c, webhookPath);
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

  app.get('/admin/editions/:year/webhooks', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const items = (await webhooks.listSubscriptions(year)).map(webhookView);
    return c.json({ items });
  });

  app.delete('/admin/editions/:year/webhooks/:webhookId', async (c) => {
    const { year, webhookId } = pathOnly(c, webhookPath);
    if (!(await webhooks.deleteSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ deleted: webhookId });
  });

  app.get('/admin/editions/:year/webhooks/:webhookId/deliveries', async (c) => {
    const { year, webhookId } = pathOnly(c, webhookPath);
    if (!(await webhooks.getSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ items: await webhooks.listDeliveries(year, webhookId) });
  });
}
