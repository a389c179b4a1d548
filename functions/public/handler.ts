import { handle } from 'hono/aws-lambda';
import { lambdaStores } from '#functions/data/stores.ts';
import { createDocsApp } from '#functions/docs/app.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createPagesApp } from '#functions/pages/app.ts';
import { createPublicApp } from './app.ts';

const { editions, registrations } = lambdaStores();
const clock = () => new Date();

/** Public reads, exports, the API's documentation and the public pages. */
export const handler = handle(
  createRootApp([
    createPublicApp({ store: editions, seats: registrations, clock }),
    createDocsApp(),
    createPagesApp({ store: editions, seats: registrations, clock }),
  ]),
);
