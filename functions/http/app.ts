import { Hono } from 'hono';
import { handleError, handleNotFound } from './problem.ts';

/** A Hono app with the house error handling: every error leaves as problem+json. */
export function createHttpApp(): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
