import type { Hono } from 'hono';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { LiveStore } from '#functions/data/editions/live-store.ts';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import type { WebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import type { Cursors } from '#functions/http/cursor.ts';
import { pageSchema } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { registerAnnouncementPreviewRoutes } from '../announcement-preview/routes.ts';
import { registerAnnouncementRoutes } from '../announcement-routes.ts';
import { registerLiveRoutes } from '../live-routes.ts';
import { registerMailRoutes } from '../mail-routes.ts';
import { auditEntrySchema } from '../openapi/answers.ts';
import { organizerRoute } from '../openapi/organizer-route.ts';
import { createOrganizerNotices } from '../organizer-notices.ts';
import { registerRegistrationExport } from '../registrations/export.ts';
import { auditQuery } from '../schemas.ts';
import { registerWebhookRoutes } from '../webhook-routes.ts';

/**
 * The day's office work: announcements, live delays, webhooks, failed mail, the registrations
 * export and the audit trail. The organizers function loads these routes, and the stores only
 * they use, on the first request for one of them (lambda.ts; ../app.ts, OFFICE_PATHS), not on
 * its cold start.
 */

/** The audit trail, declared once (served below). */
export const auditRoutes = {
  audit: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/audit',
    params: editionPath,
    query: auditQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Who changed what, newest first',
      success: {
        status: 200,
        description: 'A page of audit entries',
        schema: pageSchema(auditEntrySchema),
      },
      problems: [400, 401, 403, 404],
    },
  }),
};

export interface OfficeDependencies {
  /** The front door's cache in AWS: told of delays (releases tell it through the agenda service). */
  publicCache?: PublicCache;
  editions: EditionStore;
  registrations: RegistrationStore;
  agenda: AgendaStore;
  webhooks: WebhookStore;
  mailOutbox: MailOutbox;
  announcements: AnnouncementStore;
  /** Told about the attendee messages an announcement queued. */
  mails: MailSink;
  live: LiveStore;
  /** Told about the webhook events a delay wrote. */
  events: EventSink;
  clock: () => Date;
  /** Plain-http webhooks to localhost: only on the local server, never in AWS. */
  allowLoopbackWebhooks?: boolean;
  /** Told of every registrations export and new webhook (organizer-notices.ts); none: audit only. */
  organizersMail?: readonly string[];
  /** Signs and checks list cursors with a server secret (see cursor.ts). */
  cursors: Cursors;
  /** Where the API is served: the links of an announcement's preview start with it. */
  publicUrl?: string;
}

/** Registers the office routes on an organizer app (guards.ts). */
export function registerOfficeRoutes(
  app: Hono,
  {
    editions,
    registrations,
    agenda,
    webhooks,
    mailOutbox,
    announcements,
    mails,
    live,
    events,
    clock,
    cursors,
    publicCache,
    allowLoopbackWebhooks = false,
    organizersMail = [],
    publicUrl,
  }: OfficeDependencies,
  requireEdition: (year: number) => Promise<void>,
) {
  const notices = createOrganizerNotices({ agenda, outbox: mailOutbox, mails, organizersMail });
  registerRegistrationExport(app, { registrations, notices, clock, requireEdition });

  serve(app, auditRoutes.audit, async (c, { params: { year }, query }) => {
    const scope = `audit/${year}`;
    const after = query.cursor ? { after: cursors.position(scope, query.cursor) } : {};
    await requireEdition(year);
    const page = await agenda.listAudit(year, { limit: query.limit, ...after });
    return c.json({
      items: page.items,
      nextCursor: page.last === null ? null : cursors.after(scope, page.last),
      limit: query.limit,
    });
  });

  registerAnnouncementRoutes(app, { announcements, mails, clock, requireEdition });
  registerAnnouncementPreviewRoutes(app, { editions, publicUrl });
  registerLiveRoutes(app, {
    editions,
    live,
    events,
    clock,
    ...(publicCache ? { publicCache } : {}),
  });
  registerWebhookRoutes(app, webhooks, clock, { allowLoopback: allowLoopbackWebhooks, notices });
  registerMailRoutes(app, { editions, mailOutbox, mails, agenda, clock });
}
