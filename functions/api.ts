import type { EditionStore } from './data/edition-store.ts';
import { createHttpApp } from './http/app.ts';
import { createPublicApp } from './public/app.ts';

/**
 * Every bounded context's app under one router, for the local server. In AWS each context is its
 * own Lambda function behind the same HTTP API, so the routes are the same in both.
 */
export function createApi(dependencies: { store: EditionStore }) {
  const api = createHttpApp();
  api.route('/', createPublicApp(dependencies));
  return api;
}
