import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isSubmissionsAdminPath, ORGANIZERS_GROUP } from '#functions/contract.ts';
import { createHttpApp } from '#functions/http/app.ts';
import { type Authenticator, requireGroup } from '#functions/http/auth.ts';
import { PayloadTooLargeError } from '#shared/errors.ts';

/**
 * The app every organizer route is served on, whichever function serves it: a token of the
 * "organizers" group, a body of at most 256 KB, and answers nobody caches.
 */
export function organizerHttpApp(authenticate: Authenticator): Hono {
  const app = createHttpApp();
  const organizersOnly = requireGroup(authenticate, ORGANIZERS_GROUP);
  // The submissions routes are the cfp context's, which lets reviewers in too: one router serves
  // both locally, and this guard runs before theirs.
  app.use('/admin/*', (c, next) =>
    isSubmissionsAdminPath(c.req.path) ? next() : organizersOnly(c, next),
  );
  app.use(
    '/admin/*',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new PayloadTooLargeError('An organizer request body is at most 256 KB.');
      },
    }),
  );
  app.use('/admin/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  return app;
}
