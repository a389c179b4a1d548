import type { Hono } from 'hono';
import type { AnnouncementStore } from '#functions/data/announcement-store.ts';
import type { MailSink } from '#functions/data/mail-outbox.ts';
import {
  editionPath,
  idempotencyKeyOf,
  parseRequestPart,
  pathOnly,
  readJsonBody,
} from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { sendAnnouncement } from './announcement-service.ts';
import { announcementBody, announcementPath } from './schemas.ts';

/** Announcements to registrants: sent once (announcement-service.ts), listed, read one by one. */

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
  app.post('/admin/editions/:year/announcements', async (c) => {
    const { year } = pathOnly(c, editionPath);
    const key = idempotencyKeyOf(c);
    const request = parseRequestPart(announcementBody, await readJsonBody(c), 'body');
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

  app.get('/admin/editions/:year/announcements', async (c) => {
    const { year } = pathOnly(c, editionPath);
    await requireEdition(year);
    return c.json({ items: await announcements.list(year) });
  });

  app.get('/admin/editions/:year/announcements/:announcementId', async (c) => {
    const { year, announcementId } = pathOnly(c, announcementPath);
    const announcement = await announcements.get(year, announcementId);
    if (!announcement) throw new NotFoundError(`There is no announcement ${announcementId}.`);
    return c.json(announcement);
  });
}
