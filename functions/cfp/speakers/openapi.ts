import type { ApiDescription } from '#functions/http/openapi.ts';
import { speakerRoutes } from './routes.ts';

/** Speakers' self-service for /openapi.json: the routes as routes.ts declares them. */
export const speakersDescription: ApiDescription = {
  tags: [
    {
      name: 'Speakers',
      description:
        'Confirmed speakers keep their own talk with the submission’s private link: slot, speaker entry, materials',
    },
  ],
  securitySchemes: {
    submissionToken: {
      type: 'http',
      scheme: 'bearer',
      description:
        'The manageToken returned on submitting (also in the private link of every mail)',
    },
  },
  routes: Object.values(speakerRoutes),
};
