import { organizersDescription } from './organizers/openapi.ts';
import { pagesDescription } from './pages/openapi.ts';
import { publicDescription } from './public/openapi.ts';
import { registrationsDescription } from './registrations/openapi.ts';

/** Every context's routes, as the docs assemble them: one list for the local server and Lambda. */
export const API_DESCRIPTIONS = [
  publicDescription,
  registrationsDescription,
  organizersDescription,
  pagesDescription,
];
