import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { WebhookStore } from '#functions/data/webhook-store.ts';
import { editionPath, parseRequestPart, pathOnly, readJsonBody } from '#functions/http/validate.ts';
import { WEBHOOK_EVENT_TYPES } from '#functions/webhooks/events.ts';
import { newWebhookSecret } from '#functions/webhooks/signing.ts';
import { NotFoundError } from '#shared/errors.ts';

/** Organizers register webhook endpoints per edition and read what was delivered to them. */

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

/**
 * Hosts a webhook must not target (SSRF): loopback, private, link-local and unique-local
 * addresses written as IP literals, and names that only mean something inside a network.
 * Names that resolve to such addresses are not caught here: see SECURITY.md.
 */
function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    host === 'localhost' ||
    /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) ||
    (!host.includes('.') && !host.includes(':'))
  ) {
    return true;
  }
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return (
    host === '::1' ||
    host === '::' ||
    /^f[cd]/.test(host) ||
    /^fe[89ab]/.test(host) ||
    host.startsWith('::ffff:')
  );
}

/** https:// to a public host; plain http:// to loopback only where allowed (the local server). */
export function webhookUrlAllowed(url: string, allowLoopback: boolean): boolean {
  if (!URL.canParse(url)) return false;
  if (allowLoopback && LOOPBACK.test(url)) return true;
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' &&
    !isInternalHost(parsed.hostname) &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export function webhookBodySchema(allowLoopback: boolean) {
  return z.strictObject({
    url: z.string().check(
      z.maxLength(2048, 'expected at most 2048 characters'),
      z.refine((url) => webhookUrlAllowed(url, allowLoopback), {
        message: allowLoopback
          ? 'expected an https:// URL of a public host (http:// only for localhost, to test locally)'
          : 'expected an https:// URL of a public host',
      }),
    ),
    events: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .check(z.minLength(1, 'expected at least one event type')),
  });
}

/** The body as documented: the deployed API's rules. */
export const webhookBody = webhookBodySchema(false);

export const webhookPath = z.extend(editionPath, {
  webhookId: z
    .string()
    .check(z.regex(/^wh_[0-9a-z]{26}$/, 'expected a webhook id as returned on creating it')),
});

export function registerWebhookRoutes(
  app: Hono,
  webhooks: WebhookStore,
  clock: () => Date,
  options: { allowLoopback: boolean },
) {
  const body = webhookBodySchema(options.allowLoopback);
  app.post('/admin/editions/:year/webhooks', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const request = parseRequestPart(body, await readJsonBody(c), 'body');
    const subscription = await webhooks.createSubscription(
      year,
      { url: request.url, events: [...new Set(request.events)], secret: newWebhookSecret() },
      c.get('organizerId'),
      clock(),
    );
    // The secret is shown once: receivers verify Webhook-Signature with it.
    return c.json(subscription, 201);
  });

  app.get('/admin/editions/:year/webhooks', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const items = (await webhooks.listSubscriptions(year)).map(
      ({ secret: _secret, ...subscription }) => subscription,
    );
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
