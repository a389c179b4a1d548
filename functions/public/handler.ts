import { handle } from 'hono/aws-lambda';
import { lambdaStores } from '#functions/data/stores.ts';
import { createDocsApp } from '#functions/docs/app.ts';
import { createRootApp } from '#functions/http/app.ts';
import { createPublicApp } from './app.ts';

const { editions, registrations } = lambdaStores();

export const handler = handle(
  createRootApp([
    createPublicApp({ store: editions, seats: registrations, clock: () => new Date() }),
    createDocsApp(),
  ]),
);
