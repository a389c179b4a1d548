import { cfpDescription } from './cfp/openapi.ts';
import { reviewsDescription } from './cfp/reviews/openapi.ts';
import { speakersDescription } from './cfp/speakers/openapi.ts';
import { organizersDescription } from './organizers/openapi.ts';
import { problemPagesDescription } from './pages/openapi.ts';
import { publicDescription } from './public/openapi.ts';
import { registrationsDescription } from './registrations/openapi.ts';

/**
 * Every context's API routes, as the docs assemble them: one list for the local server and
 * Lambda. The HTML pages (pages/openapi.ts) are the website, not the API: their `/{year}` would
 * make `/editions/{year}` ambiguous to OpenAPI tools. The problem types' pages are described:
 * every problem's `type` links to one.
 */
export const API_DESCRIPTIONS = [
  publicDescription,
  registrationsDescription,
  organizersDescription,
  cfpDescription,
  reviewsDescription,
  speakersDescription,
  problemPagesDescription,
];
