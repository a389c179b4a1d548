import type { ApiDescription } from '#functions/http/openapi.ts';
import { publicRoutes } from './app.ts';
import { exportRoutes } from './export-routes.ts';

/** The public reads and exports for /openapi.json: the routes as app.ts and export-routes.ts declare them. */
export const publicDescription: ApiDescription = {
  tags: [
    { name: 'Editions', description: 'Public reads (ETag, Cache-Control, 304)' },
    { name: 'Exports', description: 'Calendars and schedule-app formats' },
  ],
  routes: [...Object.values(publicRoutes), ...Object.values(exportRoutes)],
};
