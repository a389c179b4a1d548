import type { Context } from 'hono';

/**
 * Structured, one JSON line per event. It logs method, path and the error's name and message;
 * never request bodies, headers or query strings, where personal data could travel.
 */
export function logError(message: string, error: unknown, context: Context): void {
  const { name, message: errorMessage } =
    error instanceof Error ? error : { name: 'NonError', message: String(error) };
  console.error(
    JSON.stringify({
      level: 'error',
      message,
      method: context.req.method,
      path: context.req.path,
      error: { name, message: errorMessage },
    }),
  );
}
