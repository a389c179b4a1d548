import type { Hono } from 'hono';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { LiveStore } from '#functions/data/editions/live-store.ts';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { CheckIns } from '#functions/data/registrations/check-ins.ts';
import type { RegistrationStore } from '#functions/data/registrations/registration-store.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import type { WebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import type { Cursors } from '#functions/http/cursor.ts';
import { pageSchema } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath } from '#functions/http/validate.ts';
import { NotFoundError } from '#shared/errors.ts';
import { registerAnnouncementPreviewRoutes } from './announcement-preview/routes.ts';
import { registerAnnouncementRoutes } from './announcement-routes.ts';
import { registerCheckInRoutes } from './check-in-routes.ts';
import { type EditorDependencies, registerEditorRoutes } from './editor/app.ts';
import { organizerHttpApp } from './guards.ts';
import { registerLiveRoutes } from './live-routes.ts';
import { registerMailRoutes } from './mail-routes.ts';
import { auditEntrySchema } from './openapi/answers.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { createOrganizerNotices } from './organizer-notices.ts';
import { type AddRegistration, registrationActions } from './registrations/actions.ts';
import { registerRegistrationExport } from './registrations/export.ts';
import { registerRegistrationAdminRoutes } from './registrations/routes.ts';
import { auditQuery } from './schemas.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';

/**
 * Organizer routes under /admin: every one needs a token of the "organizers" group. Two functions
 * serve them in AWS: the day's (registrations, check-in, live delays, mail, webhooks, audit:
 * createOrganizerDayApp) and the editor's (the draft and its releases, editor/), so that the
 * door does not load the whole edition schema; the local server mounts both (createOrganizerApp).
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

export interface OrganizerDayDependencies {
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
  checkIns: CheckIns;
  live: LiveStore;
  /** Told about the webhook events a delay wrote. */
  events: EventSink;
  /** The key check-in codes are made with (shared/registration/check-in-code.ts). */
  checkInKey: string;
  clock: () => Date;
  /** Plain-http webhooks to localhost: only on the local server, never in AWS. */
  allowLoopbackWebhooks?: boolean;
  /** Told of every registrations export and new webhook (organizer-notices.ts); none: audit only. */
  organizersMail?: readonly string[];
  authenticate: Authenticator;
  /** Signs and checks list cursors with a server secret (see cursor.ts). */
  cursors: Cursors;
  /** Self-service registration, for organizers adding people by hand (registrations/actions.ts). */
  addRegistration?: AddRegistration;
  /** Where the API is served: the links of an announcement's preview start with it. */
  publicUrl?: string;
}

export type OrganizerAppDependencies = OrganizerDayDependencies & EditorDependencies;

/** Every organizer route on one app: the local server's and the tests'. */
export function createOrganizerApp(dependencies: OrganizerAppDependencies) {
  const app = createOrganizerDayApp(dependencies);
  registerEditorRoutes(app, dependencies);
  return app;
}

/** The routes of the workshop day, behind the organizer guards: the organizers function's. */
export function createOrganizerDayApp(dependencies: OrganizerDayDependencies) {
  const app = organizerHttpApp(dependencies.authenticate);
  registerDayRoutes(app, dependencies);
  return app;
}

function registerDayRoutes(
  app: Hono,
  {
    editions,
    registrations,
    agenda,
    webhooks,
    mailOutbox,
    announcements,
    mails,
    checkIns,
    live,
    events,
    checkInKey,
    clock,
    cursors,
    publicCache,
    allowLoopbackWebhooks = false,
    organizersMail = [],
    addRegistration,
    publicUrl,
  }: OrganizerDayDependencies,
) {
  const notices = createOrganizerNotices({ agenda, outbox: mailOutbox, mails, organizersMail });
  const requireEdition = async (year: number) => {
    if (!(await editions.getEdition(year))) throw new NotFoundError(`There is no edition ${year}.`);
  };

  registerRegistrationAdminRoutes(app, {
    actions: registrationActions({
      editions,
      registrations,
      agenda,
      mailOutbox,
      clock,
      ...(addRegistration ? { addRegistration } : {}),
    }),
    registrations,
    cursors,
    requireEdition,
  });
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

  registerCheckInRoutes(app, { editions, registrations, checkIns, checkInKey, clock });
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
