import { handle } from 'hono/aws-lambda';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createAgendaService } from './agenda-service.ts';
import { createOrganizerApp } from './app.ts';

const stores = lambdaStores();

export const handler = handle(
  createRootApp([
    createOrganizerApp({
      ...stores,
      clock: () => new Date(),
      agendaService: createAgendaService(stores, () => new Date()),
      authenticate: apiGatewayClaims,
    }),
  ]),
);
