import type { Hono } from 'hono';
import type { CheckIns } from '#functions/data/registrations/check-ins.ts';
import { serveLater } from '#functions/http/app.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import { NotFoundError } from '#shared/errors.ts';
import { registerCheckInRoutes } from './check-in-routes.ts';
import { type EditorDependencies, registerEditorRoutes } from './editor/app.ts';
import { organizerHttpApp } from './guards.ts';
import type { OfficeDependencies, registerOfficeRoutes } from './office-routes.ts';
import { type AddRegistration, registrationActions } from './registrations/actions.ts';
import { registerRegistrationAdminRoutes } from './registrations/routes.ts';

/**
 * Organizer routes under /admin: every one needs a token of the "organizers" group. Two functions
 * serve them in AWS: the day's (registrations, check-in, live delays, mail, webhooks, audit:
 * createOrganizerDayApp) and the editor's (the draft and its releases, editor/), so that the
 * door does not load the whole edition schema; the local server mounts both (createOrganizerApp).
 */

/**
 * Where the office routes (office-routes.ts) are served, as Hono paths: each of their
 * declarations' paths is one of these (asserted in the organizer app's tests).
 */
export const OFFICE_PATHS = [
  '/admin/editions/:year/registrations.csv',
  '/admin/editions/:year/audit',
  '/admin/editions/:year/announcements',
  '/admin/editions/:year/announcements/*',
  '/admin/editions/:year/live',
  '/admin/editions/:year/live/*',
  '/admin/editions/:year/webhooks',
  '/admin/editions/:year/webhooks/*',
  '/admin/editions/:year/mail/*',
];

export interface OrganizerDayDependencies extends OfficeDependencies {
  checkIns: CheckIns;
  /** The key check-in codes are made with (shared/registration/check-in-code.ts). */
  checkInKey: string;
  authenticate: Authenticator;
  /** Self-service registration, for organizers adding people by hand (registrations/actions.ts). */
  addRegistration?: AddRegistration;
}

export type OrganizerAppDependencies = OrganizerDayDependencies & EditorDependencies;

type RegisterOffice = typeof registerOfficeRoutes;

/**
 * Every organizer route on one app: the local server's and the tests'. The office routes come
 * registered as they are (the caller imports them), so that the app lists every route it serves.
 */
export function createOrganizerApp(
  dependencies: OrganizerAppDependencies,
  registerOffice: RegisterOffice,
) {
  const app = organizerHttpApp(dependencies.authenticate);
  registerDayRoutes(app, dependencies, registerOffice);
  registerEditorRoutes(app, dependencies);
  return app;
}

/**
 * The routes of the workshop day, behind the organizer guards: the organizers function's. The
 * office routes load on first use: a cold start for the door's lists and check-ins evaluates
 * none of their modules or schemas.
 */
export function createOrganizerDayApp(dependencies: OrganizerDayDependencies) {
  const app = organizerHttpApp(dependencies.authenticate);
  registerDayRoutes(app, dependencies);
  return app;
}

function registerDayRoutes(
  app: Hono,
  dependencies: OrganizerDayDependencies,
  registerOffice?: RegisterOffice,
) {
  const { editions, registrations, agenda, mailOutbox, checkIns, checkInKey, clock, cursors } =
    dependencies;
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
      ...(dependencies.addRegistration ? { addRegistration: dependencies.addRegistration } : {}),
    }),
    registrations,
    cursors,
    requireEdition,
  });
  registerCheckInRoutes(app, { editions, registrations, checkIns, checkInKey, clock });
  // The rest of the day: announcements, live delays, webhooks, failed mail, the export, the audit.
  if (registerOffice) {
    registerOffice(app, dependencies, requireEdition);
    return;
  }
  serveLater(app, OFFICE_PATHS, async () => {
    const office = organizerHttpApp(dependencies.authenticate);
    (await import('./office-routes.ts')).registerOfficeRoutes(office, dependencies, requireEdition);
    return office;
  });
}
