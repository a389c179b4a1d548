import type { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailSink } from '#functions/data/mail/mail-outbox.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, idempotencyKey, idempotencyKeyOf } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { ANNOUNCEMENTS_PER_HOUR, sendAnnouncement } from './announcement-service.ts';
import { announcementSchema } from './openapi/announcements.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { announcementBody, announcementPath } from './schemas.ts';

/** Announcements to registrants: sent once (announcement-service.ts), listed, read one by one. */

/** Each route declared once: served below with these schemas, documented by /openapi.json. */
export const announcementRoutes = {
  send: organizerRoute({
    method: 'post',
    path: '/admin/editions/{year}/announcements',
    params: editionPath,
    body: announcementBody,
    docs: WITH_ROUTE_DOCS && {
      summary:
        'Email every confirmed registrant (and the waiting list with includeWaitlisted): once, each copy sent once; recorded in the audit trail',
      description: `One transaction writes the announcement, its audit entry and one fan-out item in the mail outbox, or nothing: a request that fails queues nothing. The mail side then queues one copy per recipient (each person once, even when interrupted and resumed) and records their number as \`recipients\`, null in this answer: \`GET\` the announcement (the \`Location\` header) to read it. The same subject and text as an announcement of the last 24 hours is refused with 409 unless \`resend\` is true; at most ${ANNOUNCEMENTS_PER_HOUR} announcements are accepted per edition and hour (UTC), then 429 with \`Retry-After\` (the seconds until the next hour).`,
      headers: [
        {
          name: 'Idempotency-Key',
          description:
            'Retry-safe POST: the same key and body (from the same organizer) return the first answer (kept 25 hours); another body with the key is a 422.',
          schema: idempotencyKey,
        },
      ],
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
  }),
  list: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/announcements',
    params: editionPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'The announcements sent, newest first',
      success: {
        status: 200,
        description: 'Announcements',
        schema: z.object({ items: z.array(announcementSchema) }),
      },
      problems: [400, 401, 403, 404],
    },
  }),
  read: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/announcements/{announcementId}',
    params: announcementPath,
    docs: WITH_ROUTE_DOCS && {
      summary: 'One announcement: `recipients` once its copies are queued, null until then',
      success: { status: 200, description: 'The announcement', schema: announcementSchema },
      problems: [400, 401, 403, 404],
    },
  }),
};

export interface AnnouncementRouteDependencies {
  announcements: AnnouncementStore;
  /** Told of an announcement's fan-out (the local mail dispatcher; the stream in AWS). */
  mails: MailSink;
  clock: () => Date;
  requireEdition: (year: number) => Promise<void>;
}

export function registerAnnouncementRoutes(
  app: Hono,
  { announcements, mails, clock, requireEdition }: AnnouncementRouteDependencies,
) {
  serve(app, announcementRoutes.send, async (c, { params: { year }, body }) => {
    const key = idempotencyKeyOf(c);
    const request = await body();
    await requireEdition(year);
    const { announcement } = await sendAnnouncement(
      year,
      request,
      c.get('organizerId'),
      clock(),
      { announcements, mails },
      key,
    );
    // Accepted, a replay alike: the copies go out from the mail side.
    c.header('location', `/admin/editions/${year}/announcements/${announcement.id}`);
    return c.json(announcement, 202);
  });

  serve(app, announcementRoutes.list, async (c, { params: { year } }) => {
    await requireEdition(year);
    return c.json({ items: await announcements.list(year) });
  });

  serve(app, announcementRoutes.read, async (c, { params: { year, announcementId } }) => {
    const announcement = await announcements.get(year, announcementId);
    if (!announcement) throw new NotFoundError(`There is no announcement ${announcementId}.`);
    return c.json(announcement);
  });
}
