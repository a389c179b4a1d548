import type { Context, MiddlewareHandler } from 'hono';
import { log } from '#functions/log.ts';

export function logError(message: string, error: unknown, context: Context): void {
  const { name, message: errorMessage } =
    error instanceof Error ? error : { name: 'NonError', message: String(error) };
  log.error(message, {
    method: context.req.method,
    path: context.req.path,
    errorName: name,
    errorMessage,
  });
}

/** One line per request: method, path (no query string), status and milliseconds. */
export const requestLog: MiddlewareHandler = async (context, next) => {
  const started = performance.now();
  await next();
  log.info('request', {
    method: context.req.method,
    path: context.req.path,
    status: context.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
};
