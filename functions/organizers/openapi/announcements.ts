import * as z from 'zod/mini';
import { isoWithMillis } from '#functions/http/openapi.ts';

/** An announcement as the announcement routes answer it (announcement-routes.ts declares them). */

export const announcementSchema = z.object({
  id: z.string(),
  year: z.int(),
  subject: z.string(),
  text: z.string(),
  audience: z.enum(['confirmed', 'confirmed-and-waitlisted']),
  createdAt: isoWithMillis,
  createdBy: z.string(),
  recipients: z.nullable(z.int()).register(z.globalRegistry, {
    description:
      'How many registrants the copies were queued for; null while they are being queued (read the announcement again)',
  }),
});
