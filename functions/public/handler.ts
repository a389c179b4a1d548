import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/data/client.ts';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createAgendaService } from '#functions/organizers/agenda-service.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createPublicApp } from './app.ts';

const stores = lambdaStores();
const { editions, registrations, agenda } = stores;
const clock = () => new Date();
const releases = {
  listReleases: agenda.listReleases,
  changes: createAgendaService(stores, clock).changes,
};

/** Public reads, exports and the public pages. */
export const handler = handle(
  createRootApp([
    createPublicApp({
      store: editions,
      seats: registrations,
      releases,
      clock,
      publicUrl: requiredEnv('PUBLIC_URL'),
    }),
    createPagesApp({ store: editions, seats: registrations, clock }),
  ]),
);
