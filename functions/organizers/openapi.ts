import type { ApiDescription } from '#functions/http/openapi.ts';
import { announcementPreviewRoutes } from './announcement-preview/routes.ts';
import { announcementRoutes } from './announcement-routes.ts';
import { checkInRoutes } from './check-in-routes.ts';
import { agendaRoutes } from './editor/agenda-routes.ts';
import { draftChangesRoutes } from './editor/draft-changes.ts';
import { liveRoutes } from './live-routes.ts';
import { mailRoutes } from './mail-routes.ts';
import { auditRoutes } from './office/routes.ts';
import { registrationExportRoutes } from './registrations/export.ts';
import { registrationAdminRoutes } from './registrations/routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

/**
 * The organizer routes under /admin for /openapi.json, as each route file declares them beside
 * their handlers; each needs a JWT of the organizers group.
 */
export const organizersDescription: ApiDescription = {
  tags: [{ name: 'Organizers', description: 'Needs a JWT of the "organizers" group' }],
  securitySchemes: {
    organizer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'Cognito ID token; group "organizers"',
    },
  },
  routes: [
    ...Object.values(registrationAdminRoutes),
    ...Object.values(registrationExportRoutes),
    ...Object.values(auditRoutes),
    ...Object.values(agendaRoutes),
    ...Object.values(draftChangesRoutes),
    ...Object.values(checkInRoutes),
    ...Object.values(liveRoutes),
    ...Object.values(announcementRoutes),
    ...Object.values(announcementPreviewRoutes),
    ...Object.values(webhookRoutes),
    ...Object.values(mailRoutes),
  ],
};
