import type { Hono } from 'hono';
import type { CheckIns } from '#functions/data/registrations/check-ins.ts';
import { serveLater } from '#functions/http/app.ts';
import type { Authenticator } from '#functions/http/auth.ts';
import { NotFoundError } from '#shared/errors.ts';
import { registerCheckInRoutes } from './check-in-routes.ts';
import { organizerHttpApp } from './guards.ts';
import type { OfficeDependencies } from './office/routes.ts';
import { type AddRegistration, registrationActions } from './registrations/actions.ts';
import { registerRegistrationAdminRoutes } from './registrations/routes.ts';

/**
 * Organizer routes under /admin: every one needs a token of the "organizers" group. Two functions
 * serve them in AWS: the day's (registrations, check-in, live delays, mail, webhooks, audit:
 * createOrganizerDayApp) and the editor's (the draft and its releases, editor/), so that the
 * door does not load the whole edition schema; the local server serves both on one app
 * (functions/api.ts). Nothing here imports the editor: a code-split bundle of the day's function
 * would otherwise carry a chunk for its lazy edition parser, and the full zod it shares.
 */

/**
 * Where the office routes (office/routes.ts) are served, as Hono paths: each of their
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

/** What the day's routes read and write: the stores the door's lists and check-ins need. */
export interface OrganizerDayDependencies
  extends Pick<
    OfficeDependencies,
    'editions' | 'registrations' | 'agenda' | 'mailOutbox' | 'clock' | 'cursors'
  > {
  checkIns: CheckIns;
  /** The key check-in codes are made with (shared/registration/check-in-code.ts). */
  checkInKey: string;
  authenticate: Authenticator;
  /** Self-service registration, for organizers adding people by hand (registrations/actions.ts). */
  addRegistration?: AddRegistration;
}

/** The 404 of an edition that is not there, for a route about one. */
export type RequireEdition = (year: number) => Promise<void>;

/**
 * The routes of the workshop day, behind the organizer guards: the organizers function's. The
 * office routes are `office`'s app, made on the first request for one of them (office/lambda.ts):
 * a cold start for the door's lists and check-ins evaluates none of their modules, schemas or
 * stores.
 */
export function createOrganizerDayApp(
  dependencies: OrganizerDayDependencies,
  office: (requireEdition: RequireEdition) => Promise<Hono>,
) {
  const app = organizerHttpApp(dependencies.authenticate);
  const requireEdition = registerDayRoutes(app, dependencies);
  // The rest of the day: announcements, live delays, webhooks, failed mail, the export, the audit.
  serveLater(app, OFFICE_PATHS, () => office(requireEdition));
  return app;
}

/**
 * The day's routes on `app`, but the office's (the local server registers those itself, with
 * office/routes.ts); returns the edition check they share with the office routes.
 */
export function registerDayRoutes(app: Hono, dependencies: OrganizerDayDependencies) {
  const { editions, registrations, agenda, mailOutbox, checkIns, checkInKey, clock, cursors } =
    dependencies;
  const requireEdition: RequireEdition = async (year) => {
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
  return requireEdition;
}
