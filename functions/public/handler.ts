import { handle } from 'hono/aws-lambda';
import { requiredEnv } from '#functions/data/client.ts';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createReleaseFeed } from '#functions/releases/service.ts';
import { createPublicApp } from './app.ts';

const stores = lambdaStores();
const { editions, registrations, agenda } = stores;
const clock = () => new Date();
const releases = createReleaseFeed(agenda);

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
