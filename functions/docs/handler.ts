import { handle } from 'hono/aws-lambda';
import { createRootApp } from '#functions/http/app.ts';
import { organizersDescription } from '#functions/organizers/openapi.ts';
import { pagesDescription } from '#functions/pages/openapi.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { registrationsDescription } from '#functions/registrations/openapi.ts';
import { createDocsApp } from './app.ts';

/** /openapi.json and /docs, on their own: no table, and no other function carries the schemas. */
export const handler = handle(
  createRootApp([
    createDocsApp({
      descriptions: [
        publicDescription,
        registrationsDescription,
        organizersDescription,
        pagesDescription,
      ],
    }),
  ]),
);
