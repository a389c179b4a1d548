import { Hono } from 'hono';
import { requestLog } from './log.ts';
import { handleError, handleNotFound } from './problem.ts';

/** A Hono app with the house error handling: every error leaves as problem+json. */
export function createHttpApp(): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

/** The app a server or a Lambda function runs: a request log line, then the context apps. */
export function createRootApp(...apps: Hono[]): Hono {
  const root = createHttpApp();
  root.use(requestLog);
  for (const app of apps) root.route('/', app);
  return root;
}
