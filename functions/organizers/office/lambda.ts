import type { Hono } from 'hono';
import { createLiveStore } from '#functions/data/editions/live-store.ts';
import { createAnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import { streamMailed } from '#functions/data/mail/mail-outbox.ts';
import type { TableAccess } from '#functions/data/table/client.ts';
import { streamDelivered } from '#functions/data/webhooks/event-outbox.ts';
import { createWebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import type { OrganizerDayDependencies, RequireEdition } from '../app.ts';
import { organizerHttpApp } from '../guards.ts';
import { type OfficeDependencies, registerOfficeRoutes } from './routes.ts';

/**
 * The office routes as the organizers function serves them, with the stores only they use (live
 * delays, announcements, webhooks) and the front door's cache: the one module the function
 * imports on the first request for one of them (../app.ts, OFFICE_PATHS). One dynamic import
 * for all of it keeps the cold path of the code-split bundle in few files (each costs a cold
 * start time of its own: registrations/whole-app.ts).
 */
export function createOfficeApp(
  table: TableAccess,
  day: OrganizerDayDependencies & Pick<OfficeDependencies, 'organizersMail' | 'publicUrl'>,
  requireEdition: RequireEdition,
): Hono {
  const app = organizerHttpApp(day.authenticate);
  registerOfficeRoutes(
    app,
    {
      ...day,
      live: createLiveStore(table),
      announcements: createAnnouncementStore(table),
      webhooks: createWebhookStore(table),
      // In AWS the table's stream carries committed events and messages on: nothing to tell.
      events: streamDelivered,
      mails: streamMailed,
      publicCache: lambdaPublicCache(),
    },
    requireEdition,
  );
  return app;
}
