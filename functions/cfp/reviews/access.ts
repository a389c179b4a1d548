import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ORGANIZERS_GROUP, REVIEWERS_GROUP } from '#functions/contract.ts';
import { type Authenticator, requireGroup } from '#functions/http/auth.ts';
import { ForbiddenError, PayloadTooLargeError } from '#shared/errors.ts';

/**
 * Who may use the submissions routes under /admin: organizers and reviewers (401 without a
 * token, 403 for other groups). The organizers' other /admin routes refuse reviewers
 * (organizers/app.ts lets these paths through to this guard).
 */
export function guardSubmissionsAdmin(app: Hono, authenticate: Authenticator) {
  const guard = requireGroup(authenticate, ORGANIZERS_GROUP, REVIEWERS_GROUP);
  const limit = bodyLimit({
    maxSize: 256 * 1024,
    onError: () => {
      throw new PayloadTooLargeError('A request body here is at most 256 KB.');
    },
  });
  // The wildcard matches the list's own path too.
  app.use('/admin/editions/:year/submissions/*', guard, limit, async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
}

/** Whether the caller is an organizer (else a reviewer: the guard let nobody else in). */
export const isOrganizer = (c: Context) => c.get('callerGroups').includes(ORGANIZERS_GROUP);

/** Organizer-only actions (decisions, CSV) answer reviewers 403. */
export function requireOrganizer(c: Context) {
  if (!isOrganizer(c)) throw new ForbiddenError('Only organizers may do this: reviewers review.');
}
