import * as z from 'zod/mini';
import { isoWithMillis } from '#functions/http/openapi.ts';

/** What the webhook routes answer (webhook-routes.ts declares them). */

export const webhookSchema = z.object({
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
export const webhookWithSecret = z.extend(webhookSchema, { secret: z.string() });

export const deliverySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  lastStatus: z.optional(z.int()),
  lastError: z.optional(z.string()),
  nextAttemptAt: z.optional(isoWithMillis),
  deliveredAt: z.optional(isoWithMillis),
});
