import type { Hono } from 'hono';
import { createHttpApp, handOver } from '#functions/http/app.ts';
import { personal } from '#functions/http/caching.ts';
import { bearerToken, PLAIN_YEAR } from '#functions/http/plain-request.ts';
import type { RegistrantReader } from './registrant.ts';
import { REGISTRATION_ID_PATTERN } from './secrets.ts';

/**
 * The registration function's cold path. Reading one's own registration (the manage page, a
 * schedule app showing one's seat) needs the registration reads and the token check alone: the
 * front answers it without the route schemas, the registration and cancellation transactions,
 * the forms' pages or the QR code, and hands every other request (and a read it cannot take
 * plainly) to the whole app (app.ts), loaded on first use. Both read through the same
 * `RegistrantReader` and answer with `personal`: the same bytes and headers.
 */
export function createRegistrationFront({
  registrant,
  app: load,
}: {
  registrant: Pick<RegistrantReader, 'get'>;
  /** The whole registration app, made on first use. */
  app: () => Promise<Hono>;
}): Hono {
  const front = createHttpApp();
  const toApp = handOver(load);
  front.get('/editions/:year/registrations/:id', async (c) => {
    const { year, id } = c.req.param();
    // A query (the read takes none: a 400), a year or an id the app would refuse: the app's.
    if (!PLAIN_YEAR.test(year) || !REGISTRATION_ID_PATTERN.test(id) || c.req.url.includes('?')) {
      return toApp(c);
    }
    return personal(c, await registrant.get(Number(year), id, bearerToken(c)));
  });
  front.all('*', toApp);
  return front;
}
