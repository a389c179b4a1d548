import { Hono, type MiddlewareHandler } from 'hono';
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
 * What hono/secure-headers sets by default (nosniff, HSTS, frame denial, no referrer leaks), as
 * one constant list: every function's bundle carries it, the configurable middleware is 3 KB.
 * Exports are fetched cross-origin by calendars and schedule apps, hence the resource policy.
 */
const SECURE_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const secureHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  for (const [name, value] of SECURE_HEADERS) context.res.headers.set(name, value);
  context.res.headers.delete('X-Powered-By');
};

/**
 * The app a server or a Lambda function runs: a request log line, the server's CORS middleware
 * if it has one (in AWS, API Gateway answers CORS itself: functions carry none), then the context apps. With an
 * origin check (a function behind CloudFront), whatever did not come through the front door is
 * refused before anything else, the answer memory's prebuilt answers included.
 */
export function createRootApp(
  apps: Hono[],
  options: {
    /** The local server's (functions/api.ts): functions in AWS have none. */
    cors?: MiddlewareHandler;
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
  root.use(secureHeaders);
  if (options.cors) root.use(options.cors);
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
