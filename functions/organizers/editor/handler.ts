import { handle } from 'hono/aws-lambda';
import { createStores } from '#functions/data/stores.ts';
import { lambdaTable } from '#functions/data/table/client.ts';
import { lambdaPublicCache } from '#functions/edge/cloudfront.ts';
import { lambdaOriginCheck } from '#functions/edge/origin-secret.ts';
import { createRootApp, lambdaRouter } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createAgendaService } from '../agenda-service.ts';
import { createEditorApp } from './app.ts';

// The draft and its releases under /admin (the stack routes them here): a release tells the
// front door's cache.
const stores = createStores(lambdaTable());

export const handler = handle(
  createRootApp(
    [
      createEditorApp({
        agenda: stores.agenda,
        agendaService: createAgendaService(stores, () => new Date(), lambdaPublicCache()),
        authenticate: apiGatewayClaims,
      }),
    ],
    { originCheck: lambdaOriginCheck(), router: lambdaRouter() },
  ),
);
