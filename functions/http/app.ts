import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { requestLog } from './log.ts';
import { handleError, handleNotFound } from './problem.ts';

/** A Hono app with the house error handling: every error leaves as problem+json. */
export function createHttpApp(): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

export const CORS_SETTINGS = {
  allowMethods: ['GET', 'POST', 'DELETE'],
  allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'if-none-match'],
  exposeHeaders: ['etag', 'retry-after'],
  maxAge: 86_400,
};

/**
 * The app a server or a Lambda function runs: a request log line, CORS for the given origins
 * (in AWS, API Gateway answers CORS itself and these stay empty), then the context apps.
 */
export function createRootApp(apps: Hono[], options: { allowedOrigins?: string[] } = {}): Hono {
  const root = createHttpApp();
  root.use(requestLog);
  // nosniff, HSTS, frame denial, no referrer leaks. Exports are fetched cross-origin by
  // calendars and schedule apps, hence the cross-origin resource policy.
  root.use(
    secureHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }),
  );
  if (options.allowedOrigins?.length) {
    root.use(cors({ origin: options.allowedOrigins, ...CORS_SETTINGS }));
  }
  for (const app of apps) root.route('/', app);
  return root;
}
