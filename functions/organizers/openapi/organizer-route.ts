import type { RouteDoc } from '#functions/http/openapi.ts';
import { defineRoute } from '#functions/http/route.ts';

/** An organizer route's declaration: under /admin, tagged, behind an organizer token (app.ts checks it). */
export const organizerRoute = <
  Route extends Omit<RouteDoc, 'docs'> & { docs: Omit<RouteDoc['docs'], 'tag' | 'security'> },
>(
  route: Route,
) =>
  defineRoute({
    ...route,
    docs: route.docs && { ...route.docs, tag: 'Organizers', security: 'organizer' },
  });
