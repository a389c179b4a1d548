import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { WebhookStore } from '#functions/data/webhook-store.ts';
import { editionPath, parseRequestPart, readJsonBody } from '#functions/http/validate.ts';
import { WEBHOOK_EVENT_TYPES } from '#functions/webhooks/events.ts';
import { newWebhookSecret } from '#functions/webhooks/signing.ts';
import { NotFoundError } from '#shared/errors.ts';

/** Organizers register webhook endpoints per edition and read what was delivered to them. */

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

export const webhookBody = z.strictObject({
  url: z.string().check(
    z.maxLength(2048, 'expected at most 2048 characters'),
    z.refine((url) => URL.canParse(url) && (url.startsWith('https://') || LOOPBACK.test(url)), {
      message: 'expected an https:// URL (http:// only for localhost, to test locally)',
    }),
  ),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .check(z.minLength(1, 'expected at least one event type')),
});

export const webhookPath = z.extend(editionPath, {
  webhookId: z
    .string()
    .check(z.regex(/^wh_[0-9a-z]{26}$/, 'expected a webhook id as returned on creating it')),
});

export function registerWebhookRoutes(app: Hono, webhooks: WebhookStore, clock: () => Date) {
  app.post('/admin/editions/:year/webhooks', async (c) => {
    const { year } = parseRequestPart(editionPath, c.req.param(), 'path');
    const body = parseRequestPart(webhookBody, await readJsonBody(c), 'body');
    const subscription = await webhooks.createSubscription(
      year,
      { url: body.url, events: [...new Set(body.events)], secret: newWebhookSecret() },
      c.get('organizerId'),
      clock(),
    );
    // The secret is shown once: receivers verify Webhook-Signature with it.
    return c.json(subscription, 201);
  });

  app.get('/admin/editions/:year/webhooks', async (c) => {
    const { year } = parseRequestPart(editionPath, c.req.param(), 'path');
    const items = (await webhooks.listSubscriptions(year)).map(
      ({ secret: _secret, ...subscription }) => subscription,
    );
    return c.json({ items });
  });

  app.delete('/admin/editions/:year/webhooks/:webhookId', async (c) => {
    const { year, webhookId } = parseRequestPart(webhookPath, c.req.param(), 'path');
    if (!(await webhooks.deleteSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ deleted: webhookId });
  });

  app.get('/admin/editions/:year/webhooks/:webhookId/deliveries', async (c) => {
    const { year, webhookId } = parseRequestPart(webhookPath, c.req.param(), 'path');
    if (!(await webhooks.getSubscription(year, webhookId)))
      throw new NotFoundError(`There is no webhook ${webhookId}.`);
    return c.json({ items: await webhooks.listDeliveries(year, webhookId) });
  });
}
