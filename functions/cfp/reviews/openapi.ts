import type { ApiDescription } from '#functions/http/openapi.ts';
import { answerRoutes } from '../decisions/routes.ts';
import { reviewRoutes } from './routes.ts';

/** Reviews, decisions and the speakers' answers for /openapi.json, as the routes declare them. */
export const reviewsDescription: ApiDescription = {
  tags: [
    {
      name: 'Reviews',
      description: 'Needs a JWT of the "organizers" or "reviewers" group; decisions: organizers',
    },
    { name: 'Decisions', description: 'Accepted speakers confirm or decline with their link' },
  ],
  securitySchemes: {
    reviewer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'Cognito ID token; group "organizers" or "reviewers" (with its email claim)',
    },
    submissionToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The manageToken returned on submitting (the private link of the submission)',
    },
  },
  routes: [...Object.values(reviewRoutes), ...Object.values(answerRoutes)],
};
