import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { CORS_SETTINGS } from '#functions/contract.ts';
import { REQUEST_BUDGET_MS, withRequestDeadline } from '#functions/data/table/retry.ts';
import { ForbiddenError } from '#shared/errors.ts';
import type { AnswerMemory } from './answer-memory.ts';
import type { OriginCheck } from './origin-check.ts';
import { handleError, handleNotFound } from './problem.ts';
import { requestLog } from './request-log.ts';

/** A Hono app with the house error handling: every error leaves as problem+json. */
export function createHttpApp(): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

/**
 * The app a server or a Lambda function runs: a request log line, CORS for the given origins
 * (in AWS, API Gateway answers CORS itself and these stay empty), then the context apps. With an
 * origin check (a function behind CloudFront), whatever did not come through the front door is
 * refused before anything else, the answer memory's prebuilt answers included.
 */
export function createRootApp(
  apps: Hono[],
  options: {
    allowedOrigins?: string[];
    requestBudgetMs?: number;
    answerMemory?: AnswerMemory;
    /** Behind CloudFront only (functions/edge/origin-secret.ts); undefined elsewhere. */
    originCheck?: OriginCheck | undefined;
  } = {},
): Hono {
  const root = createHttpApp();
  root.use(requestLog);
  // Outside every other middleware: it keeps the headers they set, to answer with them later.
  if (options.answerMemory) root.use(options.answerMemory.middleware);
  // nosniff, HSTS, frame denial, no referrer leaks. Exports are fetched cross-origin by
  // calendars and schedule apps, hence the cross-origin resource policy.
  root.use(
    secureHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginEmbedderPolicy: false }),
  );
  if (options.allowedOrigins?.length) {
    root.use(
      cors({
        origin: options.allowedOrigins,
        allowMethods: [...CORS_SETTINGS.allowMethods],
        allowHeaders: [...CORS_SETTINGS.allowHeaders],
        exposeHeaders: [...CORS_SETTINGS.exposeHeaders],
        maxAge: CORS_SETTINGS.maxAge,
      }),
    );
  }
  // Every DynamoDB retry below honours one deadline per request: a frozen or unreachable
  // database gives a 503 in bounded time, never a hang.
  const budget = options.requestBudgetMs ?? REQUEST_BUDGET_MS;
  root.use((_context, next) => withRequestDeadline(budget, next));
  for (const app of apps) root.route('/', app);
  const { answerMemory } = options;
  if (answerMemory) {
    // What the front holds is answered before the router: as cheap as a route of prebuilt bytes.
    const full = root.fetch;
    root.fetch = (request, ...rest) => answerMemory.answer(request) ?? full(request, ...rest);
  }
  if (options.originCheck) guardOrigin(root, options.originCheck);
  return root;
}

/** The one answer to a request that bypassed the front door: 403, nothing about why or what. */
const refused = createHttpApp();
refused.use(requestLog);
refused.all('*', () => {
  throw new ForbiddenError('Requests reach this API through its public address only.');
});

function guardOrigin(root: Hono, check: OriginCheck) {
  const served = root.fetch;
  root.fetch = (request, ...rest) => {
    const verdict = check(request);
    if (verdict === true) return served(request, ...rest);
    if (verdict === false) return refused.fetch(request, ...rest);
    return verdict.then((ok) => (ok ? served(request, ...rest) : refused.fetch(request, ...rest)));
  };
}
