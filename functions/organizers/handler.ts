import { handle } from 'hono/aws-lambda';
import { lambdaStores } from '#functions/data/stores.ts';
import { createRootApp } from '#functions/http/app.ts';
import { apiGatewayClaims } from '#functions/http/auth.ts';
import { createOrganizerApp } from './app.ts';

const { editions, registrations } = lambdaStores();

export const handler = handle(
  createRootApp([createOrganizerApp({ editions, registrations, authenticate: apiGatewayClaims })]),
);
