import type { Context } from 'hono';

/**
 * What a function's front (public/front.ts, registrations/front.ts) reads of a request without
 * the route schemas, which load with the whole app: a request it cannot take plainly is handed
 * over, and the whole app answers it (a 400 naming the parameter, say).
 */

/** A year the path schema (validate.ts `editionPath`) plainly accepts. */
export const PLAIN_YEAR = /^[1-9]\d{3}$/;

/**
 * The bearer token a request sent (a manage token, a speaker's token), if any. Not in auth.ts,
 * whose JWT verification a function that takes no organizer tokens does not carry.
 */
export function bearerToken(context: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(context.req.header('authorization') ?? '');
  return match?.[1];
}
