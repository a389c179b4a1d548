import type { RouteDoc } from '#functions/http/openapi.ts';
import { defineRoute } from '#functions/http/route.ts';

/** An organizer route's declaration: under /admin, tagged, behind an organizer token (app.ts checks it). */
export const organizerRoute = <Route extends Omit<RouteDoc, 'tag' | 'security'>>(route: Route) =>
  defineRoute({ ...route, tag: 'Organizers', security: 'organizer' });
