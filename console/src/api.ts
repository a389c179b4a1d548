import { createWorkshopClient, type Problem } from '../../client/index.ts';
import { accessToken } from './session.ts';

/**
 * The API wrapper (console/README.md): the generated typed client of client/ on this origin,
 * with the signed-in user's access token (refreshed when due) on every request. Views call
 * `api.GET('/admin/editions/{year}/…', { params: { path: { year } } })` and show `problemText`
 * of an error.
 */
export const api = createWorkshopClient(location.origin);

api.use({
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
});

/** A problem (RFC 9457) or anything else an API call failed with, as one sentence. */
export function problemText(error: unknown): string {
  if (error && typeof error === 'object') {
    const problem = error as Partial<Problem>;
    const text = [problem.title, problem.detail].filter(Boolean).join(': ');
    if (text) return text;
  }
  return error instanceof Error ? error.message : 'The request failed.';
}

/**
 * A call to a route that client/schema.ts does not have yet (views/registration-actions.tsx
 * guards each with a flag tsc checks against the schema): the same token, the problem on error.
 * Once `npm run openapi` brings the route, typed `api` calls replace these.
 */
export async function send(
  method: 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<{ data?: unknown; error?: unknown }> {
  const token = await accessToken();
  const response = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed: unknown = await response.json().catch(() => undefined);
  return response.ok
    ? { data: parsed }
    : { error: parsed ?? { title: `The API answered ${response.status}` } };
}
