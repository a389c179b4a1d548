import type { ApiDescription } from '#functions/http/openapi.ts';
import { submissionRoutes } from './submissions/routes.ts';

/** The call for papers for /openapi.json: the routes as the context's parts declare them. */
export const cfpDescription: ApiDescription = {
  tags: [
    {
      name: 'Call for papers',
      description: 'The call, and submissions their speakers keep with a private token',
    },
  ],
  securitySchemes: {
    submissionToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The manageToken returned on submitting (also in the private link)',
    },
  },
  routes: [...Object.values(submissionRoutes)],
};
