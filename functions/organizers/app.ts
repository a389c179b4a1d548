import { bodyLimit } from 'hono/body-limit';
import { ORGANIZERS_GROUP } from '#functions/contract.ts';
import type { AgendaStore } from '#functions/data/editions/agenda-store.ts';
import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { LiveStore } from '#functions/data/editions/live-store.ts';
import type { AnnouncementStore } from '#functions/data/mail/announcement-store.ts';
import type { MailOutbox, MailSink } from '#functions/data/mail/mail-outbox.ts';
import type { CheckIns } from '#functions/data/registrations/check-ins.ts';
import type {
  RegistrationRecord,
  RegistrationStore,
} from '#functions/data/registrations/registration-store.ts';
import type { EventSink } from '#functions/data/webhooks/event-outbox.ts';
import type { WebhookStore } from '#functions/data/webhooks/webhook-store.ts';
import type { PublicCache } from '#functions/edge/public-cache.ts';
import { createHttpApp } from '#functions/http/app.ts';
import { type Authenticator, requireGroup } from '#functions/http/auth.ts';
import type { Cursors } from '#functions/http/cursor.ts';
import { pageSchema } from '#functions/http/openapi.ts';
import { serve } from '#functions/http/route.ts';
import { editionPath, noQuery } from '#functions/http/validate.ts';
import { toCsv } from '#shared/csv.ts';
import { NotFoundError, PayloadTooLargeError } from '#shared/errors.ts';
import { registerAgendaRoutes } from './agenda-routes.ts';
import type { AgendaService } from './agenda-service.ts';
import { registerAnnouncementRoutes } from './announcement-routes.ts';
import { registerCheckInRoutes } from './check-in-routes.ts';
import { registerLiveRoutes } from './live-routes.ts';
import { registerMailRoutes } from './mail-routes.ts';
import { auditEntrySchema, organizerRegistrationSchema } from './openapi/answers.ts';
import { organizerRoute } from './openapi/organizer-route.ts';
import { createOrganizerNotices } from './organizer-notices.ts';
import { auditQuery, registrationListQuery } from './schemas.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';

/** Organizer routes under /admin: every one needs a token of the "organizers" group. */

/** The registration list, its CSV and the audit trail, each declared once (served below). */
export const registrationRoutes = {
  list: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/registrations',
    params: editionPath,
    query: registrationListQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'Registrations, by status, page by page',
      success: {
        status: 200,
        description: 'A page of registrations',
        schema: pageSchema(organizerRegistrationSchema),
      },
      problems: [400, 401, 403, 404, 503],
    },
  }),
  csv: organizerRoute({
    method: 'get',
    path: '/admin/editions/{year}/registrations.csv',
    params: editionPath,
    query: noQuery,
    docs: WITH_ROUTE_DOCS && {
      summary: 'All registrations as RFC 4180 CSV (formula cells neutralised)',
      success: { status: 200, description: 'CSV', contentType: 'text/csv' },
      problems: [400, 401, 403, 404, 503],
    },
  }),
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

export interface OrganizerRegistration {
  id: string;
  status: RegistrationRecord['status'];
  waitlistPosition: number | null;
  name: string | null;
  email: string | null;
  affiliation: string | null;
  audience: string;
  registeredAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  /** Why messages to this address cannot be delivered (a bounce, a refusal, a complaint). */
  mailUndeliverable: string | null;
  checkedInAt: string | null;
}

function organizerView(
  record: RegistrationRecord,
  positions: Map<string, number>,
): OrganizerRegistration {
  return {
    id: record.id,
    status: record.status,
    waitlistPosition: positions.get(record.id) ?? null,
    name: record.name ?? null,
    email: record.email ?? null,
    affiliation: record.affiliation ?? null,
    audience: record.audience,
    registeredAt: record.createdAt,
    confirmedAt: record.confirmedAt ?? null,
    cancelledAt: record.cancelledAt ?? null,
    mailUndeliverable: record.mailUndeliverable?.reason ?? null,
    checkedInAt: record.checkedInAt ?? null,
  };
}

const CSV_COLUMNS: (keyof OrganizerRegistration)[] = [
  'id',
  'status',
  'waitlistPosition',
  'name',
  'email',
  'affiliation',
  'audience',
  'registeredAt',
  'confirmedAt',
  'cancelledAt',
  'mailUndeliverable',
  'checkedInAt',
];

export interface OrganizerAppDependencies {
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
  agendaService: AgendaService;
  authenticate: Authenticator;
  /** Signs and checks list cursors with a server secret (see cursor.ts). */
  cursors: Cursors;
}

export function createOrganizerApp({
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
  agendaService,
  authenticate,
  cursors,
  publicCache,
  allowLoopbackWebhooks = false,
  organizersMail = [],
}: OrganizerAppDependencies) {
  const notices = createOrganizerNotices({ agenda, outbox: mailOutbox, mails, organizersMail });
  const app = createHttpApp();
  app.use('/admin/*', requireGroup(authenticate, ORGANIZERS_GROUP));
  app.use(
    '/admin/*',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new PayloadTooLargeError('An organizer request body is at most 256 KB.');
      },
    }),
  );
  app.use('/admin/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  const requireEdition = async (year: number) => {
    if (!(await editions.getEdition(year))) throw new NotFoundError(`There is no edition ${year}.`);
  };

  serve(app, registrationRoutes.list, async (c, { params: { year }, query }) => {
    // The list: edition and status filter, not the page size.
    const scope = `registrations/${year}/${query.status ?? 'all'}`;
    const after = query.cursor ? { after: cursors.position(scope, query.cursor) } : {};
    await requireEdition(year);
    const page = await registrations.listRegistrations(year, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...after,
    });
    const positions = page.items.some((record) => record.status === 'waitlisted')
      ? await registrations.waitlistPositions(year)
      : new Map<string, number>();
    return c.json({
      items: page.items.map((record) => organizerView(record, positions)),
      nextCursor: page.last === null ? null : cursors.after(scope, page.last),
      limit: query.limit,
    });
  });

  serve(app, registrationRoutes.csv, async (c, { params: { year } }) => {
    await requireEdition(year);
    const [records, positions] = await Promise.all([
      registrations.allRegistrations(year),
      registrations.waitlistPositions(year),
    ]);
    const rows = records.map((record) => {
      const view = organizerView(record, positions);
      return CSV_COLUMNS.map((column) => view[column]);
    });
    // Audited and told to the organizers' list before it is handed out.
    await notices.registrationsExported(
      year,
      { who: c.get('organizerId'), format: 'csv', rows: rows.length },
      clock(),
    );
    return c.body(toCsv(CSV_COLUMNS, rows), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="registrations-${year}.csv"`,
    });
  });

  serve(app, registrationRoutes.audit, async (c, { params: { year }, query }) => {
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
  registerAgendaRoutes(app, agendaService);
  registerLiveRoutes(app, {
    editions,
    live,
    events,
    clock,
    ...(publicCache ? { publicCache } : {}),
  });
  registerWebhookRoutes(app, webhooks, clock, { allowLoopback: allowLoopbackWebhooks, notices });
  registerMailRoutes(app, { editions, mailOutbox, mails, agenda, clock });
  return app;
}
