import type { ApiDescription } from '#functions/http/openapi.ts';
import { registrationRoutes } from './app.ts';

/** Self-service registration for /openapi.json: the routes as app.ts declares them. */
export const registrationsDescription: ApiDescription = {
  tags: [{ name: 'Registrations', description: 'Self-service registration with a manage token' }],
  securitySchemes: {
    manageToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The manageToken returned on registering',
    },
  },
  routes: Object.values(registrationRoutes),
};
