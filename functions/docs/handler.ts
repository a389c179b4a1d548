import { handle } from 'hono/aws-lambda';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import committed from '../../openapi/openapi.json' with { type: 'json' };
import { createDocsApp } from './app.ts';
import { signInFromEnvironment } from './sign-in.ts';

/**
 * /openapi.json, /docs and /auth/config (from SIGN_IN_ISSUER, SIGN_IN_CLIENT_ID, SIGN_IN_SCOPES), on their own: no table. The document is the committed
 * openapi/openapi.json (`npm run openapi` writes it from the route declarations, a test fails
 * when it drifts), with the API as its server: this function carries no route and no zod.
 */
export const handler = handle(
  createRootApp(
    [
      createDocsApp({
        document: (origin) => ({ ...committed, servers: [{ url: origin }] }),
        signIn: signInFromEnvironment(process.env),
      }),
    ],
    { originCheck: lambdaOriginCheck(), router: lambdaRouter() },
  ),
);
