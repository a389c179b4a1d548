import { handle } from 'hono/aws-lambda';
import { API_DESCRIPTIONS } from '#functions/descriptions.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createDocsApp } from './app.ts';

/** /openapi.json and /docs, on their own: no table, and no other function carries the schemas. */
export const handler = handle(
  createRootApp(
    [
      createDocsApp({
        descriptions: API_DESCRIPTIONS,
      }),
    ],
    { originCheck: lambdaOriginCheck() },
  ),
);
