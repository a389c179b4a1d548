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
      'The code is the one on the registrant’s manage page and confirmation email (also as a QR code). Send a new scanId with each scan and the same one with its retries: a retry of a scan whose check-in was written though its answer was lost answers 201 with the first time; another scan of a checked-in person answers 200 with repeat: true. Attempts are rate-limited per organizer.',
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
      }),
    },
    problems: [401, 403, 404, 409, 429],
  },
  {
    method: 'get',
    path: '/admin/editions/{year}/attendance',
    summary: 'Who came: checked in, confirmed, no-shows, arrivals per 15 minutes',
    params: editionPath,
    success: {
      status: 200,
      description: 'Attendance',
      schema: z.object({
        confirmed: z.int(),
        checkedIn: z.int(),
        noShows: z.int(),
        arrivals: z.array(z.object({ from: isoWithMillis, to: isoWithMillis, count: z.int() })),
      }),
    },
    problems: [401, 403, 404],
  },
];
