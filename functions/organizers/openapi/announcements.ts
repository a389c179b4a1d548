import * as z from 'zod/mini';
import { isoWithMillis, type RouteDoc } from '#functions/http/openapi.ts';
import { editionPath, idempotencyKey } from '#functions/http/validate.ts';
import { ANNOUNCEMENTS_PER_HOUR } from '../announcement-service.ts';
import { announcementBody, announcementPath } from '../schemas.ts';

/** The announcement routes for /openapi.json (organizer routes: openapi.ts adds tag and token). */

const announcementSchema = z.object({
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

type AnnouncementRoute = Omit<RouteDoc, 'tag' | 'security'>;

export const announcementRoutes: AnnouncementRoute[] = [
  {
    method: 'post',
    path: '/admin/editions/{year}/announcements',
    summary:
      'Email every confirmed registrant (and the waiting list with includeWaitlisted): once, each copy sent once; recorded in the audit trail',
    description: `One transaction writes the announcement, its audit entry and one fan-out item in the mail outbox, or nothing: a request that fails queues nothing. The mail side then queues one copy per recipient (each person once, even when interrupted and resumed) and records their number as \`recipients\`, null in this answer: \`GET\` the announcement (the \`Location\` header) to read it. The same subject and text as an announcement of the last 24 hours is refused with 409 unless \`resend\` is true; at most ${ANNOUNCEMENTS_PER_HOUR} announcements are accepted per edition and hour (UTC), then 429 with \`Retry-After\` (the seconds until the next hour).`,
    params: editionPath,
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Retry-safe POST: the same key and body (from the same organizer) return the first answer (kept 25 hours); another body with the key is a 422.',
        schema: idempotencyKey,
      },
    ],
    body: announcementBody,
    example: {
      subject: 'Room change',
      text: 'We have moved to Hall 3, next door. See you there!',
      includeWaitlisted: false,
    },
    success: {
      status: 202,
      description: 'The announcement, accepted: its copies are being queued (`recipients` null)',
      schema: announcementSchema,
    },
    problems: [400, 401, 403, 404, 409, 415, 422, 429],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/announcements',
    summary: 'The announcements sent, newest first',
    params: editionPath,
    success: {
      status: 200,
      description: 'Announcements',
      schema: z.object({ items: z.array(announcementSchema) }),
    },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/announcements/{announcementId}',
    summary: 'One announcement: `recipients` once its copies are queued, null until then',
    params: announcementPath,
    success: { status: 200, description: 'The announcement', schema: announcementSchema },
    problems: [400, 401, 403, 404],
  },
];
