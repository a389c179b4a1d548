import { type Context, type Env, Hono, type MiddlewareHandler } from 'hono';
import type { HonoOptions } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { REQUEST_BUDGET_MS, withRequestDeadline } from '#functions/data/table/retry.ts';
import { ForbiddenError } from '#shared/errors.ts';
import type { AnswerMemory } from './answer-memory.ts';
import type { OriginCheck } from './origin-check.ts';
import { handleError, handleNotFound } from './problem.ts';
import { requestLog } from './request-log.ts';

type Router = NonNullable<HonoOptions<Env>['router']>;

/** A Hono app with the house error handling: every error leaves as problem+json. */
export function createHttpApp(router?: Router): Hono {
  const app = new Hono(router ? { router } : {});
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

/**
 * The router of a Lambda function's app: TrieRouter adds each route to its tree as it is
 * registered, where Hono's default (RegExpRouter, with TrieRouter as its fallback: the same
 * matching rules) builds one matcher for every route at the first request, and a cold start is
 * a first request (8 ms of the organizers' first answer, with 40 routes: bench/cold-phases.ts).
 * A warm function walks the tree for each request, in microseconds. The local server, every
 * context's routes on one app, keeps the default.
 */
export const lambdaRouter = (): Router => new TrieRouter();

/**
 * The security headers of every answer: HSTS, nosniff, no framing, and the resource policy
 * (exports are fetched cross-origin by calendars and schedule apps). A page (HTML) also gets those
 * that browsers read on documents only: the opener policy, the referrer policy and the policy
 * files' (Flash, PDF). Not hono/secure-headers' legacy ones, which no current browser reads
 * (X-XSS-Protection, X-Download-Options, X-DNS-Prefetch-Control) or which only ask for a
 * document's own agent cluster (Origin-Agent-Cluster): a JSON answer carries 4 security headers,
 * not 11, and every function's bundle no configurable middleware (3 KB).
 */
const EVERY_ANSWER: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'SAMEORIGIN'],
];
const DOCUMENTS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
];

const secureHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  const { headers } = context.res;
  for (const [name, value] of EVERY_ANSWER) headers.set(name, value);
  if (headers.get('content-type')?.startsWith('text/html')) {
    for (const [name, value] of DOCUMENTS) headers.set(name, value);
  }
  headers.delete('X-Powered-By');
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
    /** A Lambda function's: `lambdaRouter()`. */
    router?: Router;
  } = {},
): Hono {
  const root = createHttpApp(options.router);
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

/** `load` run once, its result kept for every later call; a failed load is run again next time. */
export function loadOnce<Value>(load: () => Promise<Value>): () => Promise<Value> {
  let loading: Promise<Value> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * A handler that passes the request to the app `load` resolves to, made on first use: a module
 * a dynamic import brings in stays out of a cold start (esbuild evaluates a module imported that
 * way when it is first imported). A failed load is tried again by the next request.
 */
export function handOver(load: () => Promise<Hono>): (context: Context) => Promise<Response> {
  const app = loadOnce(load);
  return async (context) => (await app()).fetch(context.req.raw, context.env);
}

/** Routes served by an app made on first use (handOver): a request for one of `paths`. */
export function serveLater(app: Hono, paths: readonly string[], load: () => Promise<Hono>) {
  const answer = handOver(load);
  for (const path of paths) app.all(path, answer);
}
