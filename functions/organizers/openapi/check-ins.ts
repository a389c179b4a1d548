import * as z from 'zod/mini';
import { isoWithMillis, type RouteDoc } from '#functions/http/openapi.ts';
import { editionPath } from '#functions/http/validate.ts';
import { checkInBody } from '../schemas.ts';

/** The day's door routes under /admin for /openapi.json (organizers/openapi.ts adds them). */

export const checkInRoutes: Omit<RouteDoc, 'tag' | 'security'>[] = [
  {
    method: 'post',
    path: '/admin/editions/{year}/check-ins',
    summary: 'Check a confirmed person in at the door by their code (once; a repeat answers 200)',
    description:
      'The code is the one on the registrant’s manage page and confirmation email (also as a QR code). Send a new scanId with each scan and the same one with its retries: a retry of a scan whose check-in was written though its answer was lost answers 201 with the first time; another scan of a checked-in person answers 200 with repeat: true. The answer names whom the door admitted (personal: only in this answer, never logged). Codes are taken from `checkIn.opensBefore` (edition file, default 2 h) before each day’s first session to that day’s end; outside, a 409 `/problems/check-in-closed` names the next window (or the last) in `window`, its times in the edition’s zone. A waiting person is a 409 `/problems/conflict`. Attempts are rate-limited per organizer.',
    params: editionPath,
    body: checkInBody,
    example: { code: 'AB12-CD34-EF56-GH78-JK90-MN12-PQ', scanId: 'scan-01J2Z3K4M5N6P7Q8' },
    success: {
      status: 201,
      description: 'Checked in now (201), or earlier (200, with the first time and repeat: true)',
      schema: z.object({
        registrationId: z.string(),
        checkedInAt: isoWithMillis,
        repeat: z.boolean(),
        name: z.nullable(z.string()).register(z.globalRegistry, {
          description: 'Whom the door admitted, to say their name (null if none is kept)',
        }),
        status: z.enum(['confirmed']),
        localTime: z.string().register(z.globalRegistry, {
          description:
            'checkedInAt as HH:MM in the edition’s time zone ("already checked in at 09:12")',
        }),
        timeZone: z.string().register(z.globalRegistry, {
          description: 'The edition’s time zone (IANA)',
        }),
      }),
    },
    problems: [401, 403, 404, 409, 429],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/attendance',
    summary:
      'Who came: checked in, confirmed, not yet arrived or no-shows, arrivals per 15 minutes',
    description:
      'Until the last day has ended, confirmed people not checked in are `notYetArrived` (and `noShows` is 0); from then on (`over`) they are `noShows`.',
    params: editionPath,
    success: {
      status: 200,
      description: 'Attendance',
      schema: z.object({
        confirmed: z.int(),
        checkedIn: z.int(),
        over: z.boolean(),
        notYetArrived: z.int(),
        noShows: z.int(),
        arrivals: z.array(z.object({ from: isoWithMillis, to: isoWithMillis, count: z.int() })),
      }),
    },
    problems: [401, 403, 404],
  },
];
